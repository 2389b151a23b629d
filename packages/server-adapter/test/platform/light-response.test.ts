import { createServer, request as httpRequest } from 'node:http';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeListener } from '../../src/http/node.js';
import { LightResponse, lightResponse, setResponseHeader } from '../../src/http/light-response.js';

describe('LightResponse', () => {
  it('is a Response for any fetch host: status, headers, text, json, clone', async () => {
    const response = lightResponse('{"a":"é"}', 201, { 'content-type': 'application/json' });
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.ok, response.statusText]).toEqual([201, true, '']);
    expect(response.headers.get('content-type')).toBe('application/json');
    const copy = response.clone();
    expect(await response.json()).toEqual({ a: 'é' });
    expect(response.bodyUsed).toBe(true);
    expect(await copy.text()).toBe('{"a":"é"}');
  });

  it('keeps headers set before and after they were read, and copies the record it was given', async () => {
    const shared = { 'content-type': 'text/plain' };
    const response = lightResponse('hi', 200, shared);
    setResponseHeader({ res: response }, 'x-one', '1');
    expect(response.headers.get('x-one')).toBe('1');
    setResponseHeader({ res: response }, 'x-two', '2');
    expect(response.headers.get('x-two')).toBe('2');
    expect(shared).toEqual({ 'content-type': 'text/plain' });
    expect((response as unknown as LightResponse).plain()?.headers).toMatchObject({ 'x-one': '1', 'x-two': '2' });
    expect(await response.text()).toBe('hi');
    expect((response as unknown as LightResponse).plain()).toBeUndefined();
  });

  it('setResponseHeader copies an immutable response before changing it', async () => {
    const c = { res: Response.redirect('http://example.com/', 302) };
    setResponseHeader(c, 'x-request-id', 'abc');
    expect(c.res.headers.get('x-request-id')).toBe('abc');
    expect(c.res.headers.get('location')).toBe('http://example.com/');
  });
});

describe('createNodeListener', () => {
  let url = '';
  const server = createServer(createNodeListener(buildApp().fetch as never));
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function buildApp() {
    const app = new Hono();
    app.use('*', async (c, next) => {
      await next();
      setResponseHeader(c, 'x-request-id', 'req-1');
    });
    app.get('/light', () => lightResponse('{"name":"Brillen ünd Linsen"}', 200, { 'content-type': 'application/json; charset=utf-8' }));
    app.get('/pieces', () => lightResponse(['{"a":"', Buffer.from('Brillen ünd Linsen'), '","b":1}'], 200, { 'content-type': 'application/json' }));
    app.get('/read', async () => {
      const response = lightResponse('already read once', 202, { 'content-type': 'text/plain' });
      await response.clone().text();
      return response;
    });
    app.get('/plain', (c) => c.text('a plain Response', 200, { 'x-kind': 'plain' }));
    return app;
  }

  it('writes a light answer in one piece with its headers and the UTF-8 byte length', async () => {
    const response = await fetch(`${url}/light`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength('{"name":"Brillen ünd Linsen"}')));
    expect(await response.json()).toEqual({ name: 'Brillen ünd Linsen' });
  });

  it('writes a body given in pieces (text and bytes) as one answer', async () => {
    const response = await fetch(`${url}/pieces`);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength('{"a":"Brillen ünd Linsen","b":1}')));
    expect(await response.json()).toEqual({ a: 'Brillen ünd Linsen', b: 1 });
    expect(await lightResponse(['x', Buffer.from('ü'), 'z'], 200, {}).text()).toBe('xüz');
  });

  it('still answers a light response that was used as a Fetch Response, and ordinary responses', async () => {
    const read = await fetch(`${url}/read`);
    expect([read.status, await read.text(), read.headers.get('x-request-id')]).toEqual([202, 'already read once', 'req-1']);
    const plain = await fetch(`${url}/plain`);
    expect([plain.status, await plain.text(), plain.headers.get('x-kind'), plain.headers.get('x-request-id')]).toEqual([200, 'a plain Response', 'plain', 'req-1']);
  });

  it('answers HEAD with the headers and no body', async () => {
    const { status, headers, body } = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = httpRequest(`${url}/light`, { method: 'HEAD' }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on('error', reject);
      req.end();
    });
    expect([status, body, headers['x-request-id']]).toEqual([200, '', 'req-1']);
  });
});
