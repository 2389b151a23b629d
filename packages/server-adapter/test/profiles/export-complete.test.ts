/**
 * GDPR export (Art. 15/20) of a very active shopper: `GET /v1/profiles/me/export` must hold every stored event of the
 * subject. It used to read at most 10,000 events per id (the events repository's page), so a longer history was cut
 * short without a word. Real adapter on PGlite, and on PostgreSQL with DATABASE_URL.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent } from '../fixtures.js';

const SECRET = 'export-complete-test-secret-0123456789abcdef';
const BACKENDS = [{ name: 'PGlite', databaseUrl: undefined }, ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', databaseUrl: process.env.DATABASE_URL }] : [])];
/** More than the 10,000 events the export used to stop at. */
const MANY = 10_250;

describe.each(BACKENDS)('GDPR export of a very active shopper ($name)', ({ databaseUrl }) => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ ...(databaseUrl ? { databaseUrl } : {}), config: { jwt: { secret: SECRET, algorithms: ['HS256'], issuer: 'shop', audience: 'focal' } } });
  }, 60_000);
  afterAll(async () => adapter?.close());

  const store = async (events: FocalEvent[]) => {
    const now = new Date();
    for (let i = 0; i < events.length; i += 2000) {
      await adapter.store.events.insert(adapter.siteKey, events.slice(i, i + 2000).map((event) => ({ event, receivedAt: now, eventTime: new Date(event.createdAt) })));
    }
  };
  const exported = async (headers: Record<string, string>) => {
    const response = await fetch(`${adapter.url}/v1/profiles/me/export`, { headers: { 'x-focal-site-key': adapter.siteKey, ...headers } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/attachment/);
    return (await response.json()) as { format: string; subject: unknown; events: { id: string; type: string }[] };
  };

  it('an anonymous shopper\'s export holds all of their events', async () => {
    const events = Array.from({ length: MANY }, (_, i) => makeEvent('product_view', { anonymousId: 'a-busy', sessionId: `s-${i % 50}`, properties: { productId: `P${i % 90}` } }));
    await store(events);
    await store([makeEvent('product_view', { anonymousId: 'a-someone-else' })]);
    const body = await exported({ 'x-focal-anonymous-id': 'a-busy' });
    expect(body).toMatchObject({ format: 'focal-profile-export/1', subject: { anonymousId: 'a-busy' } });
    expect(body.events.length).toBe(MANY);
    expect(new Set(body.events.map((e) => e.id))).toEqual(new Set(events.map((e) => e.id)));
  }, 120_000);

  it('a user\'s export holds all of their events and the anonymous events of their linked ids, in stored order', async () => {
    const before = Array.from({ length: 3 }, () => makeEvent('page_view', { anonymousId: 'a-linked' }));
    const mine = Array.from({ length: MANY }, (_, i) => makeEvent('product_view', { anonymousId: 'a-linked', userId: 'u-busy', sessionId: `u-${i % 40}`, properties: { productId: `P${i % 70}` } }));
    await store([...before, ...mine]);
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u-busy').setIssuer('shop').setAudience('focal')
      .setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
    const body = await exported({ authorization: `Bearer ${token}` });
    expect(body.events.length).toBe(MANY + before.length);
    expect(body.events.map((e) => e.id)).toEqual([...before, ...mine].map((e) => e.id));
  }, 120_000);
});
