import { createServer, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeListener } from '../../src/http/node.js';
import { headerOf, queryOf } from '../../src/http/request-parts.js';

describe('headerOf and queryOf', () => {
  it('read a plain Request like request.headers.get and URLSearchParams', () => {
    const request = new Request('http://x/v1/recommendations?placement=a&placement=b&anonymousId=x%20y#frag', {
      headers: [['x-focal-site-key', 'pk_one'], ['x-multi', 'a'], ['x-multi', 'b']],
    });
    expect(headerOf(request, 'x-focal-site-key')).toBe('pk_one');
    expect(headerOf(request, 'x-multi')).toBe('a, b');
    expect(headerOf(request, 'origin')).toBeUndefined();
    expect(queryOf(request).getAll('placement')).toEqual(['a', 'b']);
    expect(queryOf(request).get('anonymousId')).toBe('x y');
    expect(queryOf(request)).toBe(queryOf(request));
    expect(queryOf(new Request('http://x/healthz')).size).toBe(0);
  });

  describe('behind the node listener', () => {
    let seen: Record<string, string | undefined> = {};
    let port = 0;
    const server = createServer(createNodeListener(async (request) => {
      seen = Object.fromEntries(['x-multi', 'authorization', 'x-focal-site-key', 'missing'].map((name) => [name, headerOf(request, name)]));
      seen.fetch = request.headers.get('x-multi') ?? undefined;
      return new Response('ok');
    }));
    beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => {
      port = (server.address() as { port: number }).port;
      resolve();
    })));
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('read node\'s headers with the Fetch rules for repeated ones', async () => {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest({ port, host: '127.0.0.1', path: '/', headers: { 'X-Multi': ['a', 'b'], Authorization: ['Bearer one', 'Bearer two'], 'X-Focal-Site-Key': 'pk_x' } }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
      expect(seen).toEqual({ 'x-multi': 'a, b', authorization: 'Bearer one, Bearer two', 'x-focal-site-key': 'pk_x', missing: undefined, fetch: 'a, b' });
    });
  });
});
