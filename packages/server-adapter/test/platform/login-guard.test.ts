import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminLogin, startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import type { AppEnv } from '../../src/http/context.js';
import { addressGroup, loginGuard } from '../../src/http/login-guard.js';
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

  it('counts an IPv6 client by its /64, so rotating addresses within it buys no fresh guesses; another network still logs in', async () => {
    // a subscriber holds a whole /64 (2^64 addresses): counted per address, every new one had 5 fresh guesses
    for (let i = 1; i <= 5; i++) expect((await login('wrong-key-wrong-key', `2001:db8:7:1::${i.toString(16)}`)).status).toBe(401);
    expect((await login(adapter.adminKey, '2001:db8:7:1:ffff:ffff:ffff:fffe')).status).toBe(429);
    const bearer = await fetch(`${adapter.url}/v1/admin/events?site=${adapter.siteKey}`, {
      headers: { authorization: `Bearer ${adapter.adminKey}`, 'x-forwarded-for': '2001:db8:7:1::77' },
    });
    expect([bearer.status, (await bearer.json()).error.code]).toEqual([429, 'too_many_wrong_keys']);
    // the real admin on another network is not locked out
    expect((await login(adapter.adminKey, '2001:db8:7:2::1')).status).toBe(303);
  });

  it('counts one IPv4 client once however its address is written (IPv4-mapped IPv6, a port appended by the proxy)', async () => {
    const spellings = ['203.0.113.9', '::ffff:203.0.113.9', '203.0.113.9:50001', '[::ffff:203.0.113.9]:50002', '203.0.113.9:50003'];
    for (const ip of spellings) expect((await login('wrong-key-wrong-key', ip)).status).toBe(401);
    expect((await login(adapter.adminKey, '203.0.113.9:50004')).status).toBe(429);
    expect((await login(adapter.adminKey, '203.0.113.90')).status).toBe(303);
  });

  it('forgets the wrong keys of an address once it logs in', async () => {
    for (let i = 0; i < 4; i++) expect((await login('wrong-key-wrong-key', '203.0.113.3')).status).toBe(401);
    expect((await login(adapter.adminKey, '203.0.113.3')).status).toBe(303);
    for (let i = 0; i < 4; i++) expect((await login('wrong-key-wrong-key', '203.0.113.3')).status).toBe(401);
    expect((await login(adapter.adminKey, '203.0.113.3')).status).toBe(303);
  });
});

describe('addressGroup', () => {
  it('keeps IPv4 addresses, maps IPv4-mapped IPv6 to IPv4, groups IPv6 by /64, and drops ports and zones', () => {
    expect([
      '198.51.100.7', '::ffff:198.51.100.7', '::FFFF:c633:6407', '198.51.100.7:4242', '[2001:db8::1]:443', '2001:DB8:0:0:1::9',
      '2001:0db8:0000:0000:ffff:0:0:1', 'fe80::1%eth0', 'unknown',
    ].map(addressGroup)).toEqual([
      '198.51.100.7', '198.51.100.7', '198.51.100.7', '198.51.100.7', '2001:db8:0:0::/64', '2001:db8:0:0::/64',
      '2001:db8:0:0::/64', 'fe80:0:0:0::/64', 'unknown',
    ]);
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
