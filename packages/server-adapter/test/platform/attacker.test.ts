/**
 * What an attacker facing a retailer's public deployment tries, against the real adapter on loopback: each test is a
 * hole that was open (see the commit that added it) and stays closed.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminLogin, startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const SHOP = 'https://www.shop.example';

describe('the dashboard is not readable from the shop’s origin', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ allowedOrigins: [SHOP] });
  });
  afterAll(async () => adapter?.close());

  it('answers /admin without CORS headers, so a script on an allowed origin cannot read it with the admin’s cookie', async () => {
    // An admin logged in to the dashboard; the adapter (focal.shop.example) is same-site with the shop, so the
    // SameSite=Strict cookie goes along with a credentialed fetch made by any script on www.shop.example.
    const login = await adminLogin(adapter.url, adapter.adminKey);
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const dashboard = await fetch(`${adapter.url}/admin`, { headers: { cookie, origin: SHOP } });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('</html>');
    // Without Access-Control-Allow-Origin (+ -Credentials) the browser keeps the answer from the shop's script.
    expect(dashboard.headers.get('access-control-allow-origin')).toBeNull();
    expect(dashboard.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await fetch(`${adapter.url}/admin/login`, {
      method: 'OPTIONS', headers: { origin: SHOP, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    // The public API keeps its CORS for the shop.
    const api = await fetch(`${adapter.url}/v1/content?slot=home-hero`, { headers: { origin: SHOP, 'x-focal-site-key': adapter.siteKey } });
    expect(api.headers.get('access-control-allow-origin')).toBe(SHOP);
  });
});

describe('rate limits cannot be dodged with made-up site keys', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ config: { rateLimit: { max: 5, windowSeconds: 60 } } });
  });
  afterAll(async () => adapter?.close());

  it('counts admin-key guesses from one address together whatever ?siteKey= they carry', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await fetch(`${adapter.url}/v1/admin/events?siteKey=pk_guess_${i}`, { headers: { authorization: 'Bearer not-the-admin-key-0000' } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it('counts requests with unknown site keys together, and a real site keeps its own allowance', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await fetch(`${adapter.url}/v1/events`, { method: 'POST', headers: { 'x-focal-site-key': `pk_made_up_${i}`, 'content-type': 'application/json' }, body: '{"events":[]}' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const real = await fetch(`${adapter.url}/v1/content?slot=home-hero`, { headers: { 'x-focal-site-key': adapter.siteKey } });
    expect(real.status).toBe(200);
  });
});

describe('behind a load balancer (trustProxy), the client address cannot be made up', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ config: { trustProxy: true } });
  });
  afterAll(async () => adapter?.close());

  // The attacker sends their own X-Forwarded-For; the load balancer appends the address it saw (203.0.113.9).
  const login = (key: string, spoofed: string) => adminLogin(adapter.url, key, `${spoofed}, 203.0.113.9`);

  it('locks the dashboard login of the address the load balancer saw, whatever X-Forwarded-For the client sent', async () => {
    for (let i = 0; i < 5; i++) expect((await login('wrong-key-wrong-key', `198.51.100.${i}`)).status).toBe(401);
    expect((await login('wrong-key-wrong-key', '198.51.100.77')).status).toBe(429);
  });
});

describe('rate limits count an IPv6 client by its /64, as the admin key lockout does', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ config: { trustProxy: true, rateLimit: { max: 3, windowSeconds: 60 } } });
  });
  afterAll(async () => adapter?.close());

  const content = (address: string) => fetch(`${adapter.url}/v1/content?slot=home-hero`, {
    headers: { 'x-focal-site-key': adapter.siteKey, 'x-forwarded-for': address },
  }).then((r) => r.status);

  it('a subscriber sending each request from a new address of its /64 shares one allowance; the next /64 has its own', async () => {
    // one subscriber holds 2001:db8:7:1::/64 whole: counted per address, each of its 2^64 addresses was a fresh allowance
    const statuses = [];
    for (let i = 1; i <= 5; i++) statuses.push(await content(`2001:db8:7:1:${i.toString(16)}::${i}`));
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(await content('[2001:db8:7:1:ffff:ffff:ffff:ffff]:51234')).toBe(429);
    expect(await content('2001:db8:7:2::1')).toBe(200);
    // an IPv4 client however written: as a dual-stack socket reports it, with the port a proxy appends
    expect([await content('203.0.113.7'), await content('::ffff:203.0.113.7'), await content('203.0.113.7:40000'), await content('203.0.113.7')])
      .toEqual([200, 200, 200, 429]);
  });
});

describe('a signed-in shopper erases only their own data', () => {
  const SECRET = 'a-very-long-shared-secret-for-tests-0123456789';
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({
      products: [makeProduct('P1'), makeProduct('P2')],
      config: { jwt: { secret: SECRET, algorithms: ['HS256'], issuer: 'https://auth.shop.example', audience: 'focal' } },
    });
  });
  afterAll(async () => adapter?.close());

  const token = (sub: string) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuer('https://auth.shop.example')
    .setAudience('focal').setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
  // Events need only the public site key: anyone can send one naming any user id and any anonymous id.
  const send = async (events: unknown[]) => {
    const response = await fetch(`${adapter.url}/v1/events`, {
      method: 'POST', headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' }, body: JSON.stringify({ events }),
    });
    expect((await response.json()).accepted).toBe(events.length);
  };
  const erase = async (user: string) => {
    const response = await fetch(`${adapter.url}/v1/profiles/me`, { method: 'DELETE', headers: { 'x-focal-site-key': adapter.siteKey, 'x-focal-user-token': await token(user) } });
    expect(response.status).toBe(200);
  };
  const eventsOf = async (userId: string) => (await adapter.storedEvents()).filter((e) => e.userId === userId).map((e) => e.id).sort();

  it("keeps another user's events made under an anonymous id both used (a shared laptop)", async () => {
    const alice = [makeEvent('product_view', { anonymousId: 'family-laptop', userId: 'alice', properties: { productId: 'P1' } }),
      makeEvent('add_to_cart', { anonymousId: 'family-laptop', userId: 'alice', properties: { productId: 'P1', quantity: 1 } })];
    await send([...alice, makeEvent('product_view', { anonymousId: 'family-laptop', userId: 'bob', properties: { productId: 'P2' } }),
      makeEvent('page_view', { anonymousId: 'family-laptop' })]);
    await erase('bob');
    expect(await eventsOf('bob')).toEqual([]);
    expect(await eventsOf('alice')).toEqual(alice.map((e) => e.id).sort());
  });

  it("does not let a shopper wipe another's email clicks by tying the predictable email:<user> id to their own account", async () => {
    // An email click is stored with anonymousId `email:<user>` (src/email/click.ts).
    const clicks = [makeEvent('rec_click', { anonymousId: 'email:carol', userId: 'carol', sessionId: 'email:r1' })];
    await send(clicks);
    await send([makeEvent('page_view', { anonymousId: 'email:carol', userId: 'mallory' })]);
    await erase('mallory');
    expect(await eventsOf('carol')).toEqual(clicks.map((e) => e.id));
  });
});

describe('hostile event bodies', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter();
  });
  afterAll(async () => adapter?.close());

  it('rejects an event nested too deeply to read, and keeps its neighbours (was a 500 for the whole batch)', async () => {
    const depth = 100_000; // 200 kB, well under the 1 MB body limit
    const good = makeEvent('page_view');
    const deep = `${JSON.stringify(makeEvent('custom')).slice(0, -1)},"properties":{"name":"x","data":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const response = await fetch(`${adapter.url}/v1/events`, {
      method: 'POST', headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' }, body: `{"events":[${JSON.stringify(good)},${deep}]}`,
    });
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result).toMatchObject({ accepted: 1, rejected: 1 });
    expect(result.results[1]).toMatchObject({ index: 1, status: 'rejected', field: 'events.1' });
    expect(result.results[1].reason).toMatch(/nested too deeply/);
    expect((await adapter.storedEvents()).map((e) => e.id)).toEqual([good.id]);
  });
});

describe('guessing the admin key through the API is locked like the dashboard login', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ config: { trustProxy: true } });
  });
  afterAll(async () => adapter?.close());

  const admin = (key: string, ip: string, path = '/v1/admin/events') =>
    fetch(`${adapter.url}${path}`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': ip } });

  it('answers 429 with Retry-After after 5 wrong keys from one address, even to the right key, on every admin door', async () => {
    for (let i = 0; i < 3; i++) expect((await admin(`wrong-admin-key-${i}-000`, '198.51.100.10')).status).toBe(401);
    expect((await admin('wrong-admin-key-x-000', '198.51.100.10', '/v1/email/recommendations.html')).status).toBe(401);
    expect((await admin('wrong-admin-key-y-000', '198.51.100.10', '/v1/admin/report')).status).toBe(401);
    const blocked = await admin(adapter.adminKey, '198.51.100.10');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect((await blocked.json()).error.code).toBe('too_many_wrong_keys');
    // the same address is locked out of the dashboard login too
    const login = await adminLogin(adapter.url, adapter.adminKey, '198.51.100.10');
    expect(login.status).toBe(429);
    // another address is not
    expect((await admin(adapter.adminKey, '198.51.100.11')).status).toBe(200);
  });
});
