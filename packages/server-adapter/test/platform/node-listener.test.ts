import { createServer, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeListener } from '../../src/http/node.js';
import { lightResponse } from '../../src/http/light-response.js';

/** A raw HTTP/1.1 exchange (fetch would normalise the target and the Host header before sending them). */
function raw(port: number, options: { method?: string; path: string; host?: string }): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, setHost: false, headers: { host: options.host ?? `127.0.0.1:${port}` } }, (res) => {
      let body = '';
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createNodeListener', () => {
  const seen: Array<{ url: string; method: string; header: string | null; isRequest: boolean; signal: boolean }> = [];
  let port = 0;
  const server = createServer(createNodeListener(async (request) => {
    seen.push({ url: request.url, method: request.method, header: request.headers.get('x-test'), isRequest: request instanceof Request, signal: request.signal instanceof AbortSignal });
    const path = new URL(request.url).pathname;
    if (path === '/throws') throw new Error('handler bug');
    if (path === '/stream') {
      return new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('chunk-1,')); c.enqueue(new TextEncoder().encode('chunk-2')); c.close(); } }), { status: 201, headers: { 'x-kind': 'stream' } });
    }
    if (path === '/clone') return new Response(await request.clone().text() || 'empty', { headers: { 'x-kind': 'clone' } });
    return lightResponse(JSON.stringify({ url: request.url }), 200, { 'content-type': 'application/json' });
  }));
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => {
    port = (server.address() as { port: number }).port;
    resolve();
  })));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('hands a GET over as a Request with the same URL new URL() gives, plain or not', async () => {
    const cases: Array<[string, string | undefined, string]> = [
      ['/v1/recommendations?placement=pdp-similar&items=F1%2CF2&limit=3', undefined, `http://127.0.0.1:${port}/v1/recommendations?placement=pdp-similar&items=F1%2CF2&limit=3`],
      ['/v1/x/../recommendations?a=1', undefined, `http://127.0.0.1:${port}/v1/recommendations?a=1`],
      ['/v1/%2e%2e/healthz', undefined, `http://127.0.0.1:${port}/healthz`],
      ["/q?name=o'neil", undefined, `http://127.0.0.1:${port}/q?name=o%27neil`],
      ['/path', 'shop.example:80', 'http://shop.example/path'],
    ];
    for (const [path, host, url] of cases) {
      seen.length = 0;
      const response = await raw(port, { path, host });
      expect([path, response.status]).toEqual([path, 200]);
      expect(JSON.parse(response.body)).toEqual({ url });
      expect(seen[0]).toMatchObject({ url, method: 'GET', isRequest: true, signal: true });
    }
  });

  it('refuses a Host header @hono/node-server refuses (upper case), on every method', async () => {
    for (const method of ['GET', 'POST']) expect((await raw(port, { method, path: '/path', host: `LOCALHOST:${port}` })).status).toBe(400);
  });

  it('gives GET routes the request headers, and writes other responses (streams, errors) as before', async () => {
    seen.length = 0;
    const answer = await fetch(`http://127.0.0.1:${port}/plain`, { headers: { 'x-test': 'yes' } });
    expect(answer.headers.get('content-length')).toBe(String((await answer.text()).length));
    expect(seen[0]!.header).toBe('yes');
    const stream = await fetch(`http://127.0.0.1:${port}/stream`);
    expect([stream.status, stream.headers.get('x-kind'), await stream.text()]).toEqual([201, 'stream', 'chunk-1,chunk-2']);
    const clone = await fetch(`http://127.0.0.1:${port}/clone`);
    expect([clone.status, await clone.text()]).toEqual([200, 'empty']);
    const failed = await fetch(`http://127.0.0.1:${port}/throws`);
    expect(failed.status).toBe(500);
    const post = await fetch(`http://127.0.0.1:${port}/plain`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(200);
    expect(seen.at(-1)!.method).toBe('POST');
  });
});
