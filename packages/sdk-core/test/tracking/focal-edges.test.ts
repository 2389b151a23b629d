import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { openDB } from 'idb';
import { validateEvent } from '../../src/contracts/validate.js';
import { MAX_EVENT_BYTES } from '../../src/contracts/limits.js';
import { focalHarness } from './focal-harness.js';
import { ENDPOINT, until } from './fake-adapter.js';

const { adapter, make, newDb } = focalHarness('focal-edges', { flushInterval: 60_000, retry: { baseMs: 20 } });
const settle = () => new Promise((r) => setTimeout(r, 150));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('consent withdrawn while events are queued', () => {
  it('sends none of the queued events after the refusal (not by flush, not later), and counts them as dropped', async () => {
    const db = newDb();
    const focal = make({ storage: db });
    const ids = await Promise.all([focal.track('page_view', {}), focal.track('product_view', { productId: 'A' })]);
    expect(ids.every(Boolean)).toBe(true);
    const sameTick = focal.track('product_view', { productId: 'B' }); // called just before the refusal
    focal.consent({ analytics: false, personalization: false });
    expect(await sameTick).toBeNull();
    expect(await focal.track('page_view', {})).toBeNull();
    await focal.flush();
    await settle();
    expect(adapter.requests).toEqual([]);
    expect(await (await openDB(db)).getAll('queue')).toEqual([]);
    expect(focal.stats.value).toMatchObject({ queued: 0, inFlight: 0, sent: 0, dropped: 3 });
  });

  it('removes the dead letters too: they carry the shopper\'s ids (anonymous id, user id, page)', async () => {
    const db = newDb();
    const focal = make({ storage: db });
    await focal.identify('customer-9');
    adapter.fail(() => HttpResponse.json({ error: { code: 'forbidden', message: 'origin not allowed' } }, { status: 403 }));
    await focal.flush();
    const [letter] = await focal.deadLetters();
    expect(letter.event).toMatchObject({ type: 'identify', userId: 'customer-9' });
    expect(focal.stats.value.deadLettered).toBe(1);
    focal.consent({ analytics: false, personalization: false });
    const dead = async () => { const d = await openDB(db); try { return await d.getAll('dead'); } finally { d.close(); } };
    await until(async () => (await dead()).length === 0, 2000, 'the dead letters to be removed from IndexedDB');
    expect(await focal.deadLetters()).toEqual([]);
    expect(focal.stats.value.deadLettered).toBe(0);
  });

  /** Holds the adapter's answers until `release()`; `answer` is what it then answers (else the fake adapter does). */
  function held(answer?: () => Response) {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    adapter.server.use(http.post(`${ENDPOINT}/v1/events`, async () => { await gate; return answer?.(); }));
    return release;
  }
  const deadIn = async (db: string) => { const d = await openDB(db); try { return await d.getAll('dead'); } finally { d.close(); } };

  it('a batch in flight at the refusal leaves no dead letter behind when the adapter then refuses it', async () => {
    const db = newDb();
    const focal = make({ storage: db });
    const release = held(() => HttpResponse.json({ error: { code: 'forbidden', message: 'origin not allowed' } }, { status: 403 }));
    await focal.identify('customer-9');
    const flushing = focal.flush();
    await until(() => focal.stats.value.inFlight === 1, 2000, 'the identify event in a request');
    focal.consent({ analytics: false, personalization: false });
    await focal.flush(); // (the refusal handled)
    release();
    await flushing; // the request answered and settled
    adapter.server.resetHandlers();
    expect((await deadIn(db)).map((l) => l.event.userId)).toEqual([]);
    expect(focal.stats.value.deadLettered).toBe(0);
  });

  it('a batch in flight at the refusal that reports earlier dead letters does not write them back', async () => {
    const db = newDb();
    const focal = make({ storage: db });
    adapter.fail(() => HttpResponse.json({ error: { code: 'forbidden', message: 'origin not allowed' } }, { status: 403 }));
    await focal.identify('customer-9');
    await focal.flush();
    expect(await deadIn(db)).toHaveLength(1);
    const release = held();
    await focal.track('product_view', { productId: 'A' }); // its batch counts the dead letter (deadLettered: 1)
    const flushing = focal.flush();
    await until(() => focal.stats.value.inFlight === 1, 2000, 'the view in a request');
    focal.consent({ analytics: false, personalization: false });
    await until(async () => (await deadIn(db)).length === 0, 2000, 'the dead letters to be removed');
    release();
    await flushing;
    adapter.server.resetHandlers();
    expect(await deadIn(db)).toEqual([]);
  });

  it('tracks and sends again once consent is given again, from an empty dead-letter store', async () => {
    const focal = make({ storage: newDb() });
    adapter.fail(() => HttpResponse.json({ error: { code: 'forbidden', message: 'origin not allowed' } }, { status: 403 }));
    await focal.track('product_view', { productId: 'lost' });
    await focal.flush();
    focal.consent({ analytics: false, personalization: false });
    focal.consent({ analytics: true, personalization: true });
    const id = await focal.track('product_view', { productId: 'again' });
    await focal.flush();
    await until(() => adapter.stored.has(id!), 2000, 'the event after consent was given again');
    expect(focal.stats.value).toMatchObject({ deadLettered: 0, sent: 1, queued: 0 });
    expect(adapter.requests.find((r) => r.ids.includes(id!))!.body.deadLettered).toBeUndefined();
  });
});

describe('an event whose properties cannot be sent as JSON', () => {
  it('is refused alone, with the reason; the calls around it are stored and sent', async () => {
    const focal = make({ storage: newDb() });
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    const before = focal.track('page_view', {});
    const big = focal.track('custom', { name: 'big', properties: { total: 10n } } as never);
    const loop = focal.track('custom', { name: 'loop', properties: cycle } as never);
    const after = focal.track('product_view', { productId: 'A' });
    await expect(big).rejects.toThrow(/properties .*BigInt/);
    await expect(loop).rejects.toThrow(/properties .*circular/i);
    const ids = [await before, await after];
    await focal.flush();
    await until(() => ids.every((id) => adapter.stored.has(id!)), 2000, 'the neighbours of the bad events');
  });
});

describe('two sites on one origin (same default database)', () => {
  it('sends each site\'s events to its own adapter with its own site key, never the other\'s', async () => {
    const storage = newDb(); // both use the same database name, as two createFocal() with the default 'focal' do
    const a = make({ storage, siteKey: 'pk_a' });
    const b = make({ storage, siteKey: 'pk_b' });
    const idA = await a.track('product_view', { productId: 'A-1' });
    const idB = await b.track('product_view', { productId: 'B-1' });
    await a.flush();
    await b.flush();
    await until(() => adapter.stored.has(idA!) && adapter.stored.has(idB!), 2000, 'both events');
    const siteOf = (id: string) => adapter.requests.filter((r) => r.ids.includes(id)).map((r) => r.siteKey);
    expect(siteOf(idA!)).toEqual(['pk_a']);
    expect(siteOf(idB!)).toEqual(['pk_b']);
  });

  it('keeps each site\'s dead letters to itself: listed, counted and reported by that site only', async () => {
    const storage = newDb();
    const a = make({ storage, siteKey: 'pk_a' });
    adapter.fail(() => HttpResponse.json({ error: { code: 'forbidden', message: 'origin not allowed' } }, { status: 403 }));
    const lost = await a.track('product_view', { productId: 'A-lost' });
    await a.flush();
    expect((await a.deadLetters()).map((l) => l.id)).toEqual([lost]);
    const b = make({ storage, siteKey: 'pk_b' });
    const idB = await b.track('product_view', { productId: 'B-1' });
    await b.flush();
    expect(await b.deadLetters()).toEqual([]);
    expect(b.stats.value.deadLettered).toBe(0);
    expect(adapter.requests.find((r) => r.ids.includes(idB!))!.body.deadLettered).toBeUndefined();
    const idA = await a.track('product_view', { productId: 'A-2' });
    await a.flush();
    expect(adapter.requests.find((r) => r.ids.includes(idA!))!.body.deadLettered).toBe(1);
  });
});

describe('the 32 kB limit', () => {
  it('an event track() accepts is one the adapter accepts: the sentAt stamped on each attempt fits the limit', async () => {
    const focal = make({ storage: newDb() });
    const sized = (pad: string) => ({ name: 'sized', properties: { pad } });
    // the envelope's size does not depend on the pad: measure it once
    const probe = await focal.track('custom', sized(''));
    await focal.flush();
    const envelope = JSON.stringify(adapter.stored.get(probe!)).length - `,"sentAt":"${new Date().toISOString()}"`.length;
    for (const [unit, bytes] of [['x', 1], ['é', 2], ['€', 3]] as const) {
      for (const total of [MAX_EVENT_BYTES - 40, MAX_EVENT_BYTES - 1, MAX_EVENT_BYTES]) {
        const room = total - envelope;
        const pad = unit.repeat(Math.floor(room / bytes)) + 'x'.repeat(room % bytes);
        let id: string | null = null;
        try {
          id = await focal.track('custom', sized(pad));
        } catch (e) {
          expect((e as Error).message).toMatch(/the limit is/);
          expect(total, 'an event with room for its sentAt is taken').toBeGreaterThan(MAX_EVENT_BYTES - 40);
          continue;
        }
        await focal.flush();
        const sent = adapter.requests.flatMap((r) => r.body.events).find((e) => e.id === id)!;
        const verdict = validateEvent(sent); // what the adapter checks, sentAt included
        expect(verdict.ok ? 'ok' : verdict.problems[0].message, `${total} bytes of ${unit}`).toBe('ok');
      }
    }
  });
});

describe('the device clock', () => {
  it('sends the events tracked while the clock was weeks ahead once it is put right (they were held until that date)', async () => {
    const focal = make({ storage: newDb() });
    const now = Date.now;
    vi.spyOn(Date, 'now').mockImplementation(() => now() + 40 * 86400_000); // a clock 40 days ahead
    const id = await focal.track('product_view', { productId: 'F' });
    vi.mocked(Date.now).mockRestore(); // the clock is put right (network time) before the event was sent
    await focal.flush();
    expect(adapter.stored.has(id!)).toBe(true);
    expect(focal.stats.value).toMatchObject({ queued: 0, inFlight: 0, sent: 1 });
  });

  it('sends the events kept for over 12 h without an attempt (offline, or the shopper back the next day); dead-letters those that failed', async () => {
    const network = { onLine: true };
    vi.stubGlobal('navigator', network);
    const focal = make({ storage: newDb(), retry: { baseMs: 60_000 } });
    const failed = await focal.track('product_view', { productId: 'failed' });
    adapter.fail(() => new HttpResponse(null, { status: 500 }));
    await focal.flush(); // attempt 1 fails: the next one in a minute
    network.onLine = false;
    const offline = await focal.track('product_view', { productId: 'offline' });
    await focal.flush();
    const now = Date.now;
    vi.spyOn(Date, 'now').mockImplementation(() => now() + 13 * 3600_000); // back online 13 h later
    network.onLine = true;
    await focal.flush();
    expect(adapter.stored.has(offline!)).toBe(true);
    expect(adapter.stored.has(failed!)).toBe(false);
    expect((await focal.deadLetters()).map((l) => [l.id, l.reason])).toEqual([[failed, 'not delivered within 12 h; last error: HTTP 500']]);
  });

  it('the next day\'s first page sends what the last page left queued (it left with the shopper, maybe by a beacon), as the adapter expects', async () => {
    const storage = newDb();
    const first = make({ storage });
    const left = await first.track('product_view', { productId: 'last-page' }); // the shopper leaves within 5 s
    first.destroy();
    const now = Date.now;
    vi.spyOn(Date, 'now').mockImplementation(() => now() + 20 * 3600_000);
    const next = make({ storage }); // back the next day
    await next.flush();
    expect(adapter.stored.has(left!)).toBe(true);
    expect(await next.deadLetters()).toEqual([]);
  });
});

describe('an adapter (or a proxy in front of it) with a body limit below the batch size: 413', () => {
  it('sends the batch again in smaller requests, so every event arrives; an event too large on its own is dead-lettered alone', async () => {
    const limit = 16 * 1024; // e.g. the adapter's maxBodyBytes set to 16 kB; the SDK's batches go up to 40 kB
    adapter.server.use(http.post(`${ENDPOINT}/v1/events`, async ({ request }) => {
      const size = new TextEncoder().encode(await request.clone().text()).length;
      if (size > limit) return HttpResponse.json({ error: { code: 'payload_too_large', message: `request body is ${size} bytes; the limit is ${limit} bytes` } }, { status: 413 });
    })); // else the fake adapter answers
    try {
      const focal = make({ storage: newDb() });
      const calls = Array.from({ length: 8 }, (_, i) => focal.track('custom', { name: 'sized', properties: { i, pad: 'x'.repeat(3000) } }));
      const tooLarge = focal.track('custom', { name: 'sized', properties: { pad: 'x'.repeat(20_000) } });
      const ids = await Promise.all(calls);
      const big = await tooLarge;
      await focal.flush();
      expect(ids.filter((id) => !adapter.stored.has(id!))).toEqual([]);
      expect((await focal.deadLetters()).map((l) => [l.id, l.reason.replace(/:.*/, '')])).toEqual([[big, 'the adapter refused the batch']]);
      expect(focal.stats.value).toMatchObject({ queued: 0, inFlight: 0, sent: 8, deadLettered: 1 });
    } finally {
      adapter.server.resetHandlers();
    }
  });
});

describe('properties are taken as they are at the call', () => {
  it('an object reused for the next calls (a loop over the items shown) gives each event the values of its own call', async () => {
    const focal = make({ storage: newDb() });
    const props = { requestId: 'r-1', placement: 'pdp-similar', productId: '', position: 0 };
    const calls = ['A', 'B', 'C'].map((productId, position) => {
      props.productId = productId;
      props.position = position;
      return focal.track('rec_impression', props);
    });
    const ids = await Promise.all(calls);
    await focal.flush();
    const sent = ids.map((id) => adapter.requests.flatMap((r) => r.body.events).find((e) => e.id === id)!.properties);
    expect(sent.map((p) => [(p as typeof props).productId, (p as typeof props).position])).toEqual([['A', 0], ['B', 1], ['C', 2]]);
  });

  it('a cart emptied right after track(\'purchase\', { lineItems: cart }) does not empty the purchase (nested arrays and objects are copied too)', async () => {
    const focal = make({ storage: newDb() });
    const cart = [{ productId: 'FR-1', quantity: 1, price: 90 }, { productId: 'CL-2', quantity: 2, price: 20 }];
    const traits = { plan: 'student' };
    const purchase = focal.track('purchase', { orderId: 'o-1', lineItems: cart, revenue: 130, currency: 'EUR' });
    const signIn = focal.identify('customer-1', { traits });
    cart[1].quantity = 5; // the checkout page's handler goes on: a line changed, then the cart emptied
    cart.length = 0;
    traits.plan = 'guest';
    const ids = [await purchase, await signIn];
    await focal.flush();
    const sent = ids.map((id) => adapter.stored.get(id!) as { properties: Record<string, unknown> });
    expect(sent[0].properties.lineItems).toEqual([{ productId: 'FR-1', quantity: 1, price: 90 }, { productId: 'CL-2', quantity: 2, price: 20 }]);
    expect(sent[1].properties.traits).toEqual({ plan: 'student' });
  });
});

