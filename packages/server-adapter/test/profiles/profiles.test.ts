import { createServer, type Server } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, Profile } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const SECRET = 'a-very-long-shared-secret-for-tests-0123456789';
const ISSUER = 'https://auth.shop.example';
const AUDIENCE = 'focal';
const products = [
  makeProduct('FR-1', { categoryPath: ['Frames'], brand: 'Lumen', price: 100 }),
  makeProduct('SU-1', { categoryPath: ['Sunglasses'], brand: 'Sol', price: 200 }),
  makeProduct('CL-1', { categoryPath: ['Contact lenses'], brand: 'Aqua', price: 30 }),
];

async function token(sub: string, options: { exp?: string | number; aud?: string; iss?: string; secret?: string } = {}) {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE).setIssuedAt().setExpirationTime(options.exp ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

let adapter: TestAdapter;
beforeAll(async () => {
  adapter = await startTestAdapter({ products, config: { jwt: { secret: SECRET, algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, clockToleranceSeconds: 5 } } });
});
afterAll(async () => adapter?.close());

const headers = (extra: Record<string, string> = {}) => ({ 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json', ...extra });
async function send(events: unknown[]) {
  const response = await fetch(`${adapter.url}/v1/events`, { method: 'POST', headers: headers(), body: JSON.stringify({ events }) });
  expect((await response.json()).accepted).toBe(events.length);
}
const me = (h: Record<string, string>, path = '', method = 'GET') => fetch(`${adapter.url}/v1/profiles/me${path}`, { method, headers: headers(h) });

describe('profiles from ingested events', () => {
  it('builds recent views, cart, purchases, decayed affinities and traits for an anonymous shopper', async () => {
    const anon = { anonymousId: 'anon-p1', sessionId: 's' };
    const t = (minutes: number) => new Date(Date.now() - (60 - minutes) * 60_000).toISOString();
    await send([
      makeEvent('product_view', { ...anon, createdAt: t(1), properties: { productId: 'FR-1' } }),
      makeEvent('product_view', { ...anon, createdAt: t(2), properties: { productId: 'SU-1' } }),
      makeEvent('add_to_cart', { ...anon, createdAt: t(3), properties: { productId: 'FR-1', quantity: 2 } }),
      makeEvent('identify', { ...anon, createdAt: t(4), properties: { traits: { student: true } } }),
      makeEvent('purchase', { ...anon, createdAt: t(5), properties: { orderId: 'o9', lineItems: [{ productId: 'CL-1', quantity: 1, price: 30 }], revenue: 30, currency: 'EUR' } }),
      makeEvent('product_view', { ...anon, createdAt: t(6), consent: { analytics: true, personalization: false }, properties: { productId: 'CL-1' } }),
    ]);
    const profile = Profile.parse(await (await me({ 'x-focal-anonymous-id': 'anon-p1' })).json());
    expect(profile.recentViews.map((v) => v.productId)).toEqual(['SU-1', 'FR-1']);
    expect(profile.cart).toEqual([expect.objectContaining({ productId: 'FR-1', quantity: 2 })]);
    expect(profile.purchases).toEqual([expect.objectContaining({ productId: 'CL-1', orderId: 'o9' })]);
    expect(profile.traits).toEqual({ student: true });
    const ranked = Object.entries(profile.affinities.category).sort((a, b) => b[1] - a[1]).map(([k]) => k);
    expect(ranked).toEqual(['Contact lenses', 'Frames', 'Sunglasses']); // purchase 5 > view 1 + cart 3 > view 1
    expect(Object.values(profile.affinities.category).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(profile.affinities.price).toMatchObject({ median: 100 });
  });

  it('answers an empty profile for an unknown shopper, and 400 without any shopper id', async () => {
    expect((await (await me({ 'x-focal-anonymous-id': 'nobody' })).json()).recentViews).toEqual([]);
    const response = await me({});
    expect(response.status).toBe(400);
    const { error } = ApiError.parse(await response.json());
    expect(error.code).toBe('missing_shopper');
    // the header the SDK sends a user token in, and the bearer form (both accepted)
    expect(error.message).toMatch(/X-Focal-User-Token: <JWT>/);
    expect(error.message).toMatch(/Authorization: Bearer <JWT>/);
  });

  it('answers 400, not 500, to an anonymous id with a NUL character (found by the fuzz test)', async () => {
    const response = await fetch(`${adapter.url}/v1/profiles/me?anonymousId=%00`, { headers: headers() });
    expect(response.status).toBe(400);
    expect(ApiError.parse(await response.json()).error).toMatchObject({ code: 'invalid_anonymous_id', field: 'anonymousId' });
  });
});

describe('user tokens', () => {
  beforeAll(async () => {
    await send([
      makeEvent('product_view', { anonymousId: 'anon-u1', properties: { productId: 'SU-1' } }),
      makeEvent('identify', { anonymousId: 'anon-u1', userId: 'user-1', properties: { previousAnonymousId: 'anon-u1', traits: { vip: true } } }),
      makeEvent('product_view', { anonymousId: 'anon-u1', userId: 'user-1', properties: { productId: 'FR-1' } }),
    ]);
  });

  it('reads the profile of the token\'s sub, merged with the anonymous history it identified', async () => {
    const profile = Profile.parse(await (await me({ authorization: `Bearer ${await token('user-1')}` })).json());
    expect(profile.userId).toBe('user-1');
    expect(profile.recentViews.map((v) => v.productId)).toEqual(['FR-1', 'SU-1']);
    expect(profile.traits).toMatchObject({ vip: true });
  });

  it('never shows a user\'s profile to a token of another sub', async () => {
    const other = await (await me({ authorization: `Bearer ${await token('user-2')}` })).json();
    expect(other.userId).toBe('user-2');
    expect(other.recentViews).toEqual([]);
  });

  it.each([
    ['an expired token', () => token('user-1', { exp: Math.floor(Date.now() / 1000) - 600 }), /expired/],
    ['a token for another audience', () => token('user-1', { aud: 'someone-else' }), /aud/],
    ['a token from another issuer', () => token('user-1', { iss: 'https://evil.example' }), /iss/],
    ['a token signed with another key', () => token('user-1', { secret: 'another-secret-another-secret-another-secret' }), /signature/],
    ['an unsigned token', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"user-1"}').toString('base64url')}.`, /algorithm|well-formed/],
    ['garbage', async () => 'not-a-jwt', /well-formed/],
  ])('refuses %s with 401 and a reason', async (_name, make, reason) => {
    for (const path of ['', '/export']) {
      const response = await me({ authorization: `Bearer ${await make()}` }, path);
      expect(response.status).toBe(401);
      const body = ApiError.parse(await response.json());
      expect(body.error.code).toBe('invalid_token');
      expect(body.error.message).toMatch(reason);
    }
    expect((await me({ authorization: `Bearer ${await make()}` }, '', 'DELETE')).status).toBe(401);
    expect(await adapter.store.profiles.get(adapter.siteKey, 'u:user-1')).toBeDefined();
  });
});

describe('GDPR export and erasure', () => {
  it('exports the profile and every event of the user, machine-readable', async () => {
    const response = await me({ authorization: `Bearer ${await token('user-1')}` }, '/export');
    expect(response.headers.get('content-disposition')).toMatch(/attachment/);
    const body = await response.json();
    expect(body).toMatchObject({ format: 'focal-profile-export/1', subject: { userId: 'user-1' }, profile: { userId: 'user-1' } });
    expect(body.events.map((e: { type: string }) => e.type)).toEqual(['product_view', 'identify', 'product_view']);
  });

  it('deletes the profile and the user\'s events (incl. their anonymous history), leaving only a count in the audit log', async () => {
    const bystander = makeEvent('product_view', { anonymousId: 'anon-other', properties: { productId: 'FR-1' } });
    await send([bystander]);
    const response = await me({ authorization: `Bearer ${await token('user-1')}` }, '', 'DELETE');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ deleted: { profiles: 2, events: 3 } });

    const leftovers = await adapter.sql.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM events WHERE payload::text LIKE '%user-1%' OR payload::text LIKE '%anon-u1%')
            + (SELECT count(*) FROM profiles WHERE data::text LIKE '%user-1%' OR data::text LIKE '%anon-u1%' OR profile_key LIKE '%anon-u1%' OR profile_key LIKE '%user-1%') AS n`);
    expect(Number(leftovers.rows[0]!.n)).toBe(0);
    const audit = await adapter.store.audit.list({ action: 'profile.delete' });
    expect(audit[0]).toMatchObject({ actor: 'user', details: { profiles: 2, events: 3 } });
    expect(JSON.stringify(audit)).not.toMatch(/user-1|anon-u1/);
    expect(await adapter.store.events.has(bystander.id)).toBe(true);
    expect((await (await me({ authorization: `Bearer ${await token('user-1')}` }, '/export')).json()).events).toEqual([]);
  });

  it('lets an anonymous shopper erase only their anonymous data', async () => {
    await send([makeEvent('product_view', { anonymousId: 'anon-e', properties: { productId: 'FR-1' } })]);
    const response = await me({ 'x-focal-anonymous-id': 'anon-e' }, '', 'DELETE');
    expect(await response.json()).toEqual({ deleted: { profiles: 1, events: 1 } });
    expect(await adapter.store.events.list({ siteKey: adapter.siteKey, anonymousId: 'anon-e' })).toEqual([]);
  });
});

describe('user tokens from a JWKS URL', () => {
  let jwks: Server;
  let jwksAdapter: TestAdapter;
  let sign: (sub: string) => Promise<string>;
  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const port = (jwks.address() as { port: number }).port;
    sign = (sub) => new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject(sub).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(privateKey);
    jwksAdapter = await startTestAdapter({ config: { jwt: { jwksUrl: `http://127.0.0.1:${port}/jwks.json`, algorithms: ['RS256'], issuer: ISSUER, audience: AUDIENCE } } });
  });
  afterAll(async () => {
    await jwksAdapter?.close();
    jwks?.close();
  });
  it('verifies RS256 tokens against the JWKS and refuses HS256 ones', async () => {
    const get = (t: string) => fetch(`${jwksAdapter.url}/v1/profiles/me`, { headers: { 'x-focal-site-key': jwksAdapter.siteKey, authorization: `Bearer ${t}` } });
    expect((await (await get(await sign('user-9'))).json()).userId).toBe('user-9');
    expect((await get(await token('user-9'))).status).toBe(401);
  });
});
