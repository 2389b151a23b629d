/**
 * `POST /admin/login` needs no credentials, so its body must be bounded whatever the client declares: a chunked
 * body (no Content-Length) used to be read whole into memory before the key was even compared.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';

/** Posts `chunks` chunks of 64 kB of form data without a Content-Length; resolves the status and how much was sent. */
function chunkedLogin(url: string, chunks: number): Promise<{ status: number; sentChunks: number }> {
  return new Promise((resolve, reject) => {
    const piece = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    let done = false;
    const req = request(`${url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } }, (res) => {
      done = true;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, sentChunks: sent }));
    });
    req.on('error', (error) => (done ? undefined : reject(error)));
    req.write('key=');
    const pump = () => {
      while (!done && sent < chunks) {
        sent++;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

describe('POST /admin/login body limit (real adapter)', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter();
  });
  afterAll(() => adapter?.close());

  it('answers 413 to a chunked form over 4 kB instead of reading it all', async () => {
    const { status } = await chunkedLogin(adapter.url, 32); // 2 MB, bounded
    expect(status).toBe(413);
  });

  it('still logs in with a chunked form of normal size', async () => {
    const response = await fetch(`${adapter.url}/admin/login`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(`key=${adapter.adminKey}`)); c.close(); } }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(303);
    const multipart = new FormData();
    multipart.set('key', adapter.adminKey);
    expect((await fetch(`${adapter.url}/admin/login`, { method: 'POST', redirect: 'manual', body: multipart })).status).toBe(303);
  });
});
