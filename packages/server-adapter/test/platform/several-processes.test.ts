/**
 * Several adapters on one PostgreSQL (README, "Several processes on one PostgreSQL"): two real adapters over
 * node:http on loopback sharing one schema, as processes behind a load balancer do. PostgreSQL only (DATABASE_URL).
 */
import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent, makeProduct } from '../fixtures.js';
import { dropSchema } from '../drop-schema.js';

const url = process.env.DATABASE_URL;
const SITE = 'pk_several';
const products = Array.from({ length: 30 }, (_, i) => makeProduct(`P${i}`, { categoryPath: [i % 2 ? 'Frames' : 'Sunglasses'], brand: i < 20 ? 'Lumen' : 'Nord' }));

const post = async (adapter: TestAdapter, events: FocalEvent[]) => {
  const response = await fetch(`${adapter.url}/v1/events`, {
    method: 'POST', headers: { 'x-focal-site-key': SITE, 'content-type': 'application/json' }, body: JSON.stringify({ events }),
  });
  return { status: response.status, body: await response.json() };
};
const forYou = async (adapter: TestAdapter, anonymousId: string) => {
  const response = await fetch(`${adapter.url}/v1/recommendations?placement=home-for-you&limit=10`, {
    headers: { 'x-focal-site-key': SITE, 'x-focal-anonymous-id': anonymousId },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { items: { id: string; strategy: string; reason: string }[] };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!url)('two adapter processes on one PostgreSQL', () => {
  const schema = `focal_several_${randomBytes(5).toString('hex')}`;
  let a: TestAdapter;
  let b: TestAdapter;
  beforeAll(async () => {
    // started together: both run the migrations at once (advisory lock)
    [a, b] = await Promise.all([
      startTestAdapter({ databaseUrl: url!, schema, siteKey: SITE, products }),
      startTestAdapter({ databaseUrl: url!, schema, siteKey: SITE }),
    ]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dropSchema(url!, schema);
  });

  it('stores an event sent to both processes at once once, whatever the order of the batches, and answers each', async () => {
    for (let round = 0; round < 10; round++) {
      const events = Array.from({ length: 150 }, (_, i) => makeEvent('product_view', {
        id: uuidv7(), anonymousId: `both-${round}`, sessionId: `both-${round}`, properties: { productId: `P${i % 30}` },
      }));
      // the same batch, and the same events in the opposite order (a retry that reached the other process first)
      const batches = round % 2 ? [events, [...events].reverse()] : [events, events];
      const [first, second] = await Promise.all([post(a, batches[0]!), post(b, batches[1]!)]);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(first.body.accepted + second.body.accepted).toBe(150);
      expect(first.body.duplicates + second.body.duplicates).toBe(150);
      for (const event of events) {
        const statuses = [first, second].map((r) => r.body.results.find((x: { id: string }) => x.id === event.id).status).sort();
        expect(statuses).toEqual(['accepted', 'duplicate']);
      }
    }
    const stored = (await a.storedEvents({ type: 'product_view' })).filter((e) => e.anonymousId.startsWith('both-'));
    expect(stored).toHaveLength(10 * 150);
    expect(new Set(stored.map((e) => e.id)).size).toBe(10 * 150);
  });

  it('two processes storing the same events in opposite orders at once never deadlock (each id stored once)', async () => {
    const failures: string[] = [];
    let stored = 0;
    for (let round = 0; round < 80; round++) {
      const rows = Array.from({ length: 20 }, (_, i) => ({
        event: makeEvent('page_view', { id: uuidv7(), anonymousId: `order-${round}`, sessionId: `order-${round}-${i}` }), receivedAt: new Date(), eventTime: new Date(),
      }));
      const outcomes = await Promise.allSettled([a.store.events.insert(SITE, rows), b.store.events.insert(SITE, [...rows].reverse())]);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') failures.push((outcome.reason as Error).message);
        else stored += outcome.value.size;
      }
    }
    expect(failures).toEqual([]);
    expect(stored).toBe(80 * 20);
  });

  it('an erased shopper is forgotten by every process: no personal recommendations from their deleted events', async () => {
    const who = 'erased-shopper';
    const now = Date.now();
    const views = Array.from({ length: 6 }, (_, i) => makeEvent('product_view', {
      anonymousId: who, sessionId: 'e1', createdAt: new Date(now - 60_000 + i * 1000).toISOString(), properties: { productId: `P${20 + i}` },
    }));
    expect((await post(a, views)).body.accepted).toBe(6);
    const cold = await forYou(a, 'never-seen');
    // both processes have loaded the site and caught up with the views (B within its sync interval)
    const deadline = Date.now() + 10_000;
    let seenByB = await forYou(b, who);
    while (Date.now() < deadline && seenByB.items.every((item) => item.strategy !== 'personalised')) {
      await sleep(250);
      seenByB = await forYou(b, who);
    }
    const seenByA = await forYou(a, who);
    for (const seen of [seenByA, seenByB]) {
      expect(seen.items.some((item) => item.strategy === 'personalised' && item.reason.includes('Nord'))).toBe(true);
    }

    const erased = await fetch(`${a.url}/v1/profiles/me`, { method: 'DELETE', headers: { 'x-focal-site-key': SITE, 'x-focal-anonymous-id': who } });
    expect(await erased.json()).toEqual({ deleted: { profiles: 1, events: 6 } });

    // the process that erased answers at once; the other within its sync interval (1 s), asked by requests
    const afterA = await forYou(a, who);
    expect(afterA.items.map((item) => item.id)).toEqual(cold.items.map((item) => item.id));
    let afterB = await forYou(b, who);
    for (let i = 0; i < 12 && afterB.items.some((item) => item.strategy === 'personalised'); i++) {
      await sleep(250);
      afterB = await forYou(b, who);
    }
    expect(afterB.items.map((item) => item.id)).toEqual(cold.items.map((item) => item.id));

    // coming back after the erasure: a fresh state, never an answer cached from before it
    const again = makeEvent('product_view', { anonymousId: who, sessionId: 'e2', properties: { productId: 'P1' } });
    expect((await post(b, [again])).body.accepted).toBe(1);
    const fresh = await forYou(b, who);
    expect(fresh.items.some((item) => item.reason.includes('Nord'))).toBe(false);
  });

  it('an answer cached before an erasure is not served to the shopper coming back with as many events', async () => {
    const who = 'erased-then-back';
    expect((await post(a, [makeEvent('product_view', { anonymousId: who, sessionId: 'b1', properties: { productId: 'P21' } })])).body.accepted).toBe(1);
    const before = await forYou(a, who); // cached for the shopper's first state
    expect(before.items[0]).toMatchObject({ reason: 'Because you like Frames' });
    const erased = await fetch(`${a.url}/v1/profiles/me`, { method: 'DELETE', headers: { 'x-focal-site-key': SITE, 'x-focal-anonymous-id': who } });
    expect(erased.status).toBe(200);
    // one view again (a Sunglasses frame): the shopper's state has the version it had before the erasure
    expect((await post(a, [makeEvent('product_view', { anonymousId: who, sessionId: 'b2', properties: { productId: 'P2' } })])).body.accepted).toBe(1);
    const after = await forYou(a, who);
    expect(after.items.some((item) => item.reason === 'Because you like Frames')).toBe(false);
    expect(after.items[0]).toMatchObject({ reason: 'Because you like Sunglasses' });
  });
});
