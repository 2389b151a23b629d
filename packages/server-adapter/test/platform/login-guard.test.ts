import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminLogin, startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import type { AppEnv } from '../../src/http/context.js';
import { loginGuard } from '../../src/http/login-guard.js';
import { createMetrics } from '../../src/observability/metrics.js';

describe('POST /admin/login is limited per client address, counting wrong keys', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ config: { trustProxy: true } });
  });
  afterAll(async () => adapter?.close());

  const login = (key: string, ip: string) => adminLogin(adapter.url, key, ip);

  it('answers 429 with Retry-After after 5 wrong keys, even to the right key, and only for that address', async () => {
    for (let i = 0; i < 5; i++) expect((await login('wrong-key-wrong-key', '203.0.113.1')).status).toBe(401);
    const blocked = await login(adapter.adminKey, '203.0.113.1');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(blocked.headers.get('content-type')).toContain('text/html');
    expect(await blocked.text()).toContain('Too many wrong admin keys from your address: try again in 15 minutes.');
    const other = await login(adapter.adminKey, '203.0.113.2');
    expect(other.status).toBe(303);
    expect(other.headers.get('set-cookie')).toContain('HttpOnly');
    const metrics = await (await fetch(`${adapter.url}/metrics`)).text();
    expect(metrics).toContain('focal_rate_limited_total{route="/admin/login"} 1');
  });

  it('forgets the wrong keys of an address once it logs in', async () => {
    for (let i = 0; i < 4; i++) expect((await login('wrong-key-wrong-key', '203.0.113.3')).status).toBe(401);
    expect((await login(adapter.adminKey, '203.0.113.3')).status).toBe(303);
    for (let i = 0; i < 4; i++) expect((await login('wrong-key-wrong-key', '203.0.113.3')).status).toBe(401);
    expect((await login(adapter.adminKey, '203.0.113.3')).status).toBe(303);
  });
});

describe('loginGuard', () => {
  it('lets an address in again when its window ends, and does not count other refusals', async () => {
    let t = 1_000_000;
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('clientIp', '198.51.100.7');
      await next();
    });
    app.post('/login', loginGuard(createMetrics(), { maxFailures: 2, windowSeconds: 60 }, () => t), async (c) => {
      const key = (await c.req.parseBody()).key;
      return new Response('', { status: key === 'right' ? 303 : key === 'huge' ? 413 : 401 });
    });
    const send = async (key: string) => (await app.request('/login', { method: 'POST', body: new URLSearchParams({ key }) })).status;
    expect([await send('huge'), await send('huge'), await send('huge')]).toEqual([413, 413, 413]);
    expect([await send('a'), await send('b'), await send('right')]).toEqual([401, 401, 429]);
    t += 59_000;
    const late = await app.request('/login', { method: 'POST', body: new URLSearchParams({ key: 'right' }) });
    expect([late.status, late.headers.get('retry-after')]).toEqual([429, '1']);
    t += 1_000;
    expect(await send('right')).toBe(303);
  });
});
