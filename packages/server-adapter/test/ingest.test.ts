import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBatchResult, ApiError } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../tests/helpers/adapter.js';
import { makeEvent } from './fixtures.js';
import { parseEventFilters } from '../src/routes/admin-events.js';

const ORIGIN = 'http://shop.localhost:3000';
const stores = [{ name: 'PGlite', databaseUrl: undefined }, ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', databaseUrl: process.env.DATABASE_URL }] : [])];

describe.each(stores)('ingest on $name', ({ databaseUrl }) => {
let adapter: TestAdapter;
beforeAll(async () => {
  adapter = await startTestAdapter({ allowedOrigins: [ORIGIN], ...(databaseUrl ? { databaseUrl } : {}) });
});
afterAll(async () => adapter?.close());

function post(body: string | object, init: { headers?: Record<string, string>; query?: string } = {}) {
  return fetch(`${adapter.url}/v1/events${init.query ?? ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-focal-site-key': adapter.siteKey, ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /v1/events', () => {
  it('stores a batch before answering and answers accepted per event', async () => {
    const events = [makeEvent('page_view'), makeEvent('product_view'), makeEvent('purchase')];
    const response = await post({ events });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/.{8,}/);
    const result = EventBatchResult.parse(await response.json());
    expect(result).toMatchObject({ accepted: 3, duplicates: 0, rejected: 0 });
    expect(result.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const stored = await adapter.storedEvents();
    expect(stored.map((e) => e.id)).toEqual(expect.arrayContaining(events.map((e) => e.id)));
  });

  it('answers duplicate for an id seen before and for a repeat inside one batch, storing it once', async () => {
    const event = makeEvent('add_to_cart');
    await post({ events: [event] });
    const result = EventBatchResult.parse(await (await post({ events: [event, makeEvent(), event] })).json());
    expect(result.results.map((r) => r.status)).toEqual(['duplicate', 'accepted', 'duplicate']);
    const stored = (await adapter.storedEvents()).filter((e) => e.id === event.id);
    expect(stored).toHaveLength(1);
  });

  it('rejects an event whose time the database cannot hold (year 0, or put before 1970 by a sentAt far ahead) and stores its neighbours (was a 500 storing none)', async () => {
    const good = makeEvent('page_view');
    const yearZero = makeEvent('page_view', { createdAt: '0000-01-01T00:00:00Z' });
    const result = EventBatchResult.parse(await (await post({ events: [yearZero, good] })).json());
    expect(result.results.map((r) => r.status)).toEqual(['rejected', 'accepted']);
    expect(result.results[0]).toMatchObject({ field: 'events.0.createdAt', reason: 'createdAt must be a time from year 1 on; got "0000-01-01T00:00:00Z"' });
    // a sentAt 8,000 years ahead of the server's clock moves createdAt 8,000 years back
    const skewedGood = makeEvent('page_view');
    const skewed = EventBatchResult.parse(await (await post({ events: [skewedGood], sentAt: '9999-12-31T00:00:00Z' })).json());
    expect(skewed.results[0]).toMatchObject({ status: 'rejected', field: 'events.0.createdAt', reason: expect.stringMatching(/^createdAt corrected by sentAt .* falls before 1970/) });
    const ids = (await adapter.storedEvents()).map((e) => e.id);
    expect(ids).toContain(good.id);
    expect(ids).not.toContain(yearZero.id);
    expect(ids).not.toContain(skewedGood.id);
  });

  it('rejects a bad event with its reason and field while its neighbours are stored', async () => {
    const good = makeEvent('page_view');
    const bad = { ...makeEvent('add_to_cart'), properties: { productId: 'X', quantity: 'two' } };
    const pii = makeEvent('custom', { properties: { name: 'signup', properties: { email: 'ann@example.com' } } });
    const result = EventBatchResult.parse(await (await post({ events: [bad, good, 42, pii] })).json());
    expect(result.accepted).toBe(1);
    expect(result.rejected).toBe(3);
    expect(result.results[0]).toMatchObject({ status: 'rejected', field: 'events.0.properties.quantity' });
    expect(result.results[0]!.reason).toMatch(/quantity must be number/);
    expect(result.results[3]!.reason).toMatch(/email address; personal data/);
    const ids = (await adapter.storedEvents()).map((e) => e.id);
    expect(ids).toContain(good.id);
    expect(ids).not.toContain(bad.id);
  });

  it('accepts text/plain JSON from sendBeacon with the site key in the query', async () => {
    const event = makeEvent('page_view');
    const response = await fetch(`${adapter.url}/v1/events?siteKey=${adapter.siteKey}`, {
      method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN }, body: JSON.stringify({ events: [event] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await adapter.store.events.has(event.id)).toBe(true);
  });

  it('corrects the client clock skew from sentAt', async () => {
    const now = Date.now();
    const fastClock = now + 3_600_000; // the client clock is one hour ahead
    const event = makeEvent('page_view', { createdAt: new Date(fastClock - 10_000).toISOString() });
    await post({ events: [event], sentAt: new Date(fastClock).toISOString() });
    const [stored] = (await adapter.storedEvents()).filter((e) => e.id === event.id);
    expect(Math.abs(Date.parse(stored!.eventTime) - (now - 10_000))).toBeLessThan(5_000);
    expect(stored!.createdAt).toBe(event.createdAt);
  });

  const bad: [string, () => Promise<Response>, number, string][] = [
    ['malformed JSON', () => post('{"events": [}'), 400, 'invalid_json'],
    ['an empty body', () => post(''), 400, 'invalid_json'],
    ['a body that is not a batch', () => post({ event: [] }), 400, 'invalid_batch'],
    ['an empty batch', () => post({ events: [] }), 400, 'invalid_batch'],
    ['more than 500 events', () => post({ events: Array.from({ length: 501 }, () => ({})) }), 400, 'invalid_batch'],
    ['a body over 1 MB', () => post({ events: [makeEvent()], pad: 'x'.repeat(1_100_000) }), 413, 'payload_too_large'],
    ['an unknown site key', () => post({ events: [makeEvent()] }, { headers: { 'x-focal-site-key': 'pk_nobody' } }), 401, 'unknown_site_key'],
    ['no site key', () => fetch(`${adapter.url}/v1/events`, { method: 'POST', body: '{}' }), 401, 'missing_site_key'],
    ['a foreign origin', () => post({ events: [makeEvent()] }, { headers: { origin: 'https://evil.example' } }), 403, 'origin_not_allowed'],
    ['a form content type', () => post('a=b', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type'],
  ];
  it.each(bad)('answers %s with a JSON error that says what to fix', async (_name, send, status, code) => {
    const response = await send();
    expect(response.status).toBe(status);
    const body = ApiError.parse(await response.json());
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(15);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a streamed body over the limit without a Content-Length (chunked)', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ >= 24) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${adapter.url}/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': adapter.siteKey }, body, duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('accepts an event whose id is written in capitals (Swift\'s uuidString) once, and counts it in the profile', async () => {
    // the uuid column stores ids in lower case: a capitalised id used to be stored yet answered "duplicate", and the
    // shopper's profile never saw the event
    const view = makeEvent('product_view', { anonymousId: 'caps-1', sessionId: 'caps-1', properties: { productId: 'FR-CAPS' } });
    const upper = { ...view, id: view.id.toUpperCase() };
    const first = EventBatchResult.parse(await (await post({ events: [upper] })).json());
    expect(first.results).toEqual([{ index: 0, id: upper.id, status: 'accepted' }]);
    // the same event again, in either spelling, is a duplicate, in another batch or the same one
    const again = EventBatchResult.parse(await (await post({ events: [view, upper] })).json());
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    const twice = makeEvent('page_view');
    const inOne = EventBatchResult.parse(await (await post({ events: [twice, { ...twice, id: twice.id.toUpperCase() }] })).json());
    expect(inOne.results.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
    const stored = (await adapter.storedEvents()).filter((e) => e.id === view.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.event.id).toBe(view.id);
    const profile = await (await fetch(`${adapter.url}/v1/profiles/me`, { headers: { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': 'caps-1' } })).json();
    expect(profile.recentViews.map((v: { productId: string }) => v.productId)).toEqual(['FR-CAPS']);
  });

  it('stores an event whose text holds half of an emoji with U+FFFD in its place, and its neighbours (was a 500 losing the batch)', async () => {
    // a title cut at a length in the middle of an emoji: JSON carries the lone surrogate, the database's jsonb refuses it
    const good = makeEvent('page_view');
    const cut = makeEvent('page_view', { anonymousId: 'half-\ud83d', properties: { title: 'Sale \ud83d', ['k\udc00']: ['ok', 'x\ud83d'] } });
    const paired = makeEvent('page_view', { properties: { title: 'Sale \ud83d\ude0e' } });
    const response = await post({ events: [good, cut, paired] });
    expect(response.status).toBe(200);
    const result = EventBatchResult.parse(await response.json());
    expect(result.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const stored = await adapter.storedEvents();
    const kept = stored.find((e) => e.id === cut.id)!;
    expect(kept.event.properties).toEqual({ title: 'Sale \ufffd', ['k\ufffd']: ['ok', 'x\ufffd'] });
    expect([kept.anonymousId, kept.event.anonymousId]).toEqual(['half-\ufffd', 'half-\ufffd']);
    expect(stored.find((e) => e.id === paired.id)!.event.properties).toEqual({ title: 'Sale \ud83d\ude0e' });
    expect(stored.some((e) => e.id === good.id)).toBe(true);
    // half a character deep inside properties (within the 32 kB an event may have) is mended there too
    const depth = 3000;
    const deep = makeEvent('custom');
    const text = `${JSON.stringify(deep).slice(0, -1).replace(/,"properties":\{[^}]*\}/, '')},"properties":{"name":"x","data":${'['.repeat(depth)}"\\ud83d"${']'.repeat(depth)}}}`;
    const nested = await post(`{"events":[${text}]}`);
    expect(nested.status).toBe(200);
    expect((await nested.json()).accepted).toBe(1);
    let data = (await adapter.storedEvents()).find((e) => e.id === deep.id)!.event.properties.data as unknown;
    for (let i = 0; i < depth; i++) data = (data as unknown[])[0];
    expect(data).toBe('\ufffd');
  });

  it('keeps the retailer\'s own properties on standard events (a coupon on add_to_cart, a flag on a line item) as sent', async () => {
    const cart = makeEvent('add_to_cart', { properties: { productId: 'FR-1', quantity: 1, coupon: 'SPRING', lens: { index: 1.6 } } });
    const purchase = makeEvent('purchase');
    const order = purchase.properties as { lineItems: Array<Record<string, unknown>> };
    order.lineItems[0]!.prescription = true;
    const result = EventBatchResult.parse(await (await post({ events: [cart, purchase] })).json());
    expect(result.accepted).toBe(2);
    const stored = await adapter.storedEvents();
    expect(stored.find((e) => e.id === cart.id)?.event.properties).toEqual({ productId: 'FR-1', quantity: 1, coupon: 'SPRING', lens: { index: 1.6 } });
    expect((stored.find((e) => e.id === purchase.id)?.event.properties as typeof order).lineItems[0]).toMatchObject({ prescription: true });
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin and echoes it (never *)', async () => {
    const response = await fetch(`${adapter.url}/v1/events`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-focal-site-key' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('access-control-allow-headers')).toContain('x-focal-site-key');
  });
  it('refuses a preflight from an origin no site allows', async () => {
    const response = await fetch(`${adapter.url}/v1/events`, {
      method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GET /v1/admin/events', () => {
  it('streams NDJSON filtered by type and time', async () => {
    const search = makeEvent('search');
    await post({ events: [search, makeEvent('page_view')] });
    const from = new Date(Date.now() - 60_000).toISOString();
    const response = await fetch(`${adapter.url}/v1/admin/events?type=search&from=${from}`, { headers: { authorization: `Bearer ${adapter.adminKey}` } });
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await response.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.every((l) => l.type === 'search')).toBe(true);
    expect(lines.map((l) => l.id)).toContain(search.id);
    const future = await adapter.storedEvents({ from: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future).toEqual([]);
  });
  it.each([
    ['no admin key', {}, 401],
    ['a wrong admin key', { authorization: 'Bearer wrong-key-wrong-key' }, 401],
  ])('refuses %s', async (_n, headers, status) => {
    const response = await fetch(`${adapter.url}/v1/admin/events`, { headers });
    expect(response.status).toBe(status);
  });
  it('refuses unknown types and bad times with the field', async () => {
    const auth = { authorization: `Bearer ${adapter.adminKey}` };
    const a = await fetch(`${adapter.url}/v1/admin/events?type=nope`, { headers: auth });
    expect(a.status).toBe(400);
    expect((await a.json()).error.field).toBe('type');
    const b = await fetch(`${adapter.url}/v1/admin/events?from=yesterday`, { headers: auth });
    expect((await b.json()).error.field).toBe('from');
  });
  it('reads from and to the same whatever the server\'s time zone: a time without its zone is refused, naming the field', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Europe/Berlin'; // an adapter host set to local time
    try {
      for (const value of ['2026-11-24T00:00:00', '2026-11-24T00:00', '2026-11-24 10:00', '2026-11-24T00:00:00 CET', 'Nov 24 2026']) {
        expect(() => parseEventFilters({ from: value }), value).toThrow(expect.objectContaining({ status: 400, field: 'from', message: expect.stringMatching(/with its zone/) }));
      }
      const read = (from: string) => parseEventFilters({ from }).from!.toISOString();
      expect(['2026-11-24', '2026-11-24T00:00:00Z', '2026-11-24T01:00:00+01:00', '2026-11-24T01:00:00 01:00', '2026-11-24T00:00:00.000z'].map(read))
        .toEqual(Array(5).fill('2026-11-24T00:00:00.000Z'));
      expect(parseEventFilters({ to: '2026-11-24T05:30:00-02:00' }).to!.toISOString()).toBe('2026-11-24T07:30:00.000Z');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
  it.each([
    ['a seq beyond any whole number the store holds', 'after=1e21', 'after'],
    ['year 0 (PostgreSQL has none)', 'from=0000-01-01', 'from'],
    ['a site key with a NUL byte', 'site=%00', 'site'],
  ])('answers %s with a 400 naming the field, not a cut stream', async (_n, query, field) => {
    const response = await fetch(`${adapter.url}/v1/admin/events?${query}`, { headers: { authorization: `Bearer ${adapter.adminKey}` } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.field).toBe(field);
  });
});
});
