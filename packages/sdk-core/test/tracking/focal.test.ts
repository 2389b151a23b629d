import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import { openDB } from 'idb';
import { createFocal } from '../../src/focal.js';
import { ENDPOINT, until } from './fake-adapter.js';
import { focalHarness } from './focal-harness.js';

const { adapter, make, newDb } = focalHarness('focal-unit', { flushInterval: 50, retry: { baseMs: 20 } });
const queued = async (db: string) => (await openDB(db)).getAll('queue');
const view = (productId: string) => ({ productId });

describe('createFocal: storing and sending', () => {
  it('stores each event in IndexedDB before track() resolves, then sends it and deletes it after the ack', async () => {
    const db = newDb();
    const focal = make({ flushInterval: 500, storage: db });
    const id = await focal.track('product_view', view('RB-1'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect((await queued(db)).map((r) => r.id)).toEqual([id]);
    expect(adapter.stored.has(id!)).toBe(false);
    await until(() => adapter.stored.has(id!), 3000, 'delivery after the flush interval');
    await until(async () => (await queued(db)).length === 0, 2000, 'deletion after ack');
    expect(focal.stats.value).toMatchObject({ queued: 0, inFlight: 0, sent: 1, deadLettered: 0, dropped: 0 });
    const request = adapter.requests.find((r) => r.ids.includes(id!))!;
    expect(request.siteKey).toBe('pk_unit');
    expect(request.body.events[0].sentAt).toBe(request.body.sentAt);
  });

  it('sends at 10 events without waiting for the timer, and a purchase at once', async () => {
    const focal = make({ flushInterval: 60_000 });
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => focal.track('product_view', view(`P${i}`))));
    await until(() => ids.every((id) => adapter.stored.has(id!)), 2000, 'ten events');
    const purchase = await focal.track('purchase', { orderId: 'o-1', lineItems: [{ productId: 'P1', quantity: 1, price: 90 }], revenue: 90, currency: 'EUR' });
    await until(() => adapter.stored.has(purchase!), 2000, 'the purchase');
    await until(() => focal.stats.value.sent === 11, 2000, 'the acknowledgement');
    const lone = await focal.track('product_view', view('P-lone'));
    await new Promise((r) => setTimeout(r, 200));
    expect(adapter.stored.has(lone!)).toBe(false);
  });

  it('rejects a bad call with the field to fix and keeps the good neighbours flowing', async () => {
    const focal = make();
    const good = focal.track('product_view', view('A'));
    const bad = focal.track('add_to_cart', { productId: 'A', quantity: 0 });
    const pii = focal.track('search', { query: 'jane.doe@example.com' });
    await expect(bad).rejects.toThrow(/properties\.quantity must be at least 1/);
    await expect(pii).rejects.toThrow(/properties\.query looks like a email address/);
    const id = await good;
    await focal.flush();
    expect(adapter.stored.has(id!)).toBe(true);
    expect(focal.stats.value.deadLettered).toBe(0);
  });

  it('refuses an onEvent listener that is not a function, at the call, instead of never calling it', async () => {
    const focal = make();
    for (const wrong of [undefined, null, 'render', { handleEvent() {} }]) {
      expect(() => focal.onEvent(wrong as never)).toThrow(/onEvent: listener must be a function/);
    }
    const heard: string[] = [];
    focal.onEvent((event) => heard.push(event.type));
    await focal.track('product_view', view('A'));
    expect(heard).toEqual(['product_view']);
  });

  it('explains invalid options', () => {
    expect(() => createFocal({ endpoint: 'adapter.test', siteKey: 'pk' })).toThrow(/endpoint must be the absolute http\(s\) URL/);
    expect(() => createFocal({ endpoint: ENDPOINT, siteKey: '' })).toThrow(/siteKey must be your public site key/);
    expect(() => createFocal({ endpoint: ENDPOINT, siteKey: 'pk', flushInterval: -1 })).toThrow(/flushInterval must be a positive number/);
    expect(() => createFocal({ endpoint: ENDPOINT, siteKey: 'pk', retry: { tries: 3 } as never })).toThrow(/retry\.tries is not an option/);
  });

  it('refuses options it would otherwise ignore or misread: a misspelt name, a batch the adapter would refuse, a storage or consent flag of the wrong type', () => {
    // a typo used to be ignored: events then flushed every 5 s, not every second as the developer asked
    expect(() => createFocal({ endpoint: ENDPOINT, siteKey: 'pk', flushInteval: 1000 } as never)).toThrow(/flushInteval is not an option/);
    expect(() => createFocal({ endpoint: ENDPOINT, siteKey: 'pk', requireConsnt: true, storag: false } as never)).toThrow(/requireConsnt, storag are not options/);
    // larger than the adapter's 1 MB batch limit: every full batch would be answered 413 and dead-lettered
    expect(() => createFocal({ endpoint: ENDPOINT, siteKey: 'pk', maxBatchBytes: 2_000_000 })).toThrow(/maxBatchBytes must be at most 1048576/);
    // storage: 5 used to open an IndexedDB database named "5"; requireConsent: 'false' (a string) meant true
    expect(() => createFocal({ endpoint: ENDPOINT, siteKey: 'pk', storage: 5 } as never)).toThrow(/storage must be a database name or false/);
    expect(() => createFocal({ endpoint: ENDPOINT, siteKey: 'pk', requireConsent: 'false' } as never)).toThrow(/requireConsent must be true or false/);
    expect(() => createFocal({ endpoint: ENDPOINT, siteKey: 'pk', honorGlobalPrivacyControl: 1 } as never)).toThrow(/honorGlobalPrivacyControl must be true or false/);
  });
});

describe('createFocal: failures', () => {
  it('retries 500s with backoff and the same ids until the server takes them', async () => {
    const focal = make({ retry: { baseMs: 150 } });
    adapter.fail(() => new HttpResponse(null, { status: 500 }), () => new HttpResponse(null, { status: 503 }), () => 'network');
    const id = await focal.track('product_view', view('R'));
    await until(() => adapter.stored.has(id!), 4000, 'delivery after three failures');
    const attempts = adapter.requests.filter((r) => r.ids.includes(id!));
    expect(attempts).toHaveLength(4);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i].at);
    // doubling from the base: 150, 300, 600 ms minus at most 20 % jitter (a loaded machine only adds to them)
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(150 * 2 ** i * 0.8 - 5));
    expect(new Set(attempts.map((a) => a.body.events[0].sentAt)).size).toBe(4); // sentAt set on every attempt
  });

  it('honours Retry-After', async () => {
    const focal = make();
    adapter.fail(() => new HttpResponse(null, { status: 429, headers: { 'retry-after': '1' } }));
    const id = await focal.track('product_view', view('RA'));
    await until(() => adapter.stored.has(id!), 4000, 'delivery after Retry-After');
    const [first, second] = adapter.requests.filter((r) => r.ids.includes(id!));
    expect(second.at - first.at).toBeGreaterThanOrEqual(990);
  });

  it('dead-letters a batch answered with another 4xx, with the reason, and keeps sending the rest', async () => {
    const focal = make();
    adapter.fail(() => HttpResponse.json({ error: { code: 'forbidden', message: 'origin not allowed' } }, { status: 403 }));
    const lost = await focal.track('product_view', view('X'));
    await until(async () => (await focal.deadLetters()).length === 1, 2000, 'dead letter');
    const [letter] = await focal.deadLetters();
    expect(letter).toMatchObject({ id: lost, reason: expect.stringMatching(/HTTP 403: origin not allowed/) });
    const next = await focal.track('product_view', view('Y'));
    await until(() => focal.stats.value.sent === 1, 2000, 'the next event');
    expect(adapter.stored.has(next!)).toBe(true);
    expect(focal.stats.value).toMatchObject({ deadLettered: 1, sent: 1, queued: 0, inFlight: 0 });
  });

  it('dead-letters an event the server rejects and acknowledges its neighbours', async () => {
    const focal = make({ flushInterval: 60_000 });
    const a = await focal.track('product_view', view('ok-1'));
    const b = await focal.track('product_view', view('nope'));
    adapter.reject([b!]);
    await focal.flush();
    adapter.reject([]);
    expect(adapter.stored.has(a!)).toBe(true);
    expect((await focal.deadLetters()).map((l) => [l.id, l.reason])).toEqual([[b, 'rejected by the adapter: properties.productId: unknown product']]);
  });

  it('counts a 200 whose results are not one status per event (a null from a broken proxy) as a failed attempt: not resent until its backoff', async () => {
    const focal = make({ flushInterval: 60_000, retry: { baseMs: 60_000 } });
    adapter.fail(() => HttpResponse.json({ accepted: 1, duplicates: 0, rejected: 0, results: [null] }));
    const id = await focal.track('purchase', { orderId: 'n', lineItems: [{ productId: 'N', quantity: 1, price: 1 }], revenue: 1, currency: 'EUR' });
    await focal.flush();
    await focal.flush(); // nothing is due: the next attempt waits a minute
    expect(adapter.requests.filter((r) => r.ids.includes(id!))).toHaveLength(1);
    expect(focal.stats.value).toMatchObject({ queued: 1, sent: 0 });
  });

  it('dead-letters events whose every answer was malformed once the attempts are used up', async () => {
    const focal = make({ flushInterval: 60_000, retry: { baseMs: 20, maxAttempts: 2 } });
    const broken = () => HttpResponse.json({ accepted: 1, duplicates: 0, rejected: 0, results: [null] });
    adapter.fail(broken, broken);
    const id = await focal.track('product_view', view('N'));
    await focal.flush();
    await until(async () => (await focal.deadLetters()).length === 1, 4000, 'dead letter after 2 malformed answers');
    expect(adapter.requests.filter((r) => r.ids.includes(id!))).toHaveLength(2);
    expect((await focal.deadLetters())[0]).toMatchObject({ id, reason: expect.stringMatching(/gave up after 2 attempts; last error: HTTP 200/) });
  });

  it('gives up after 10 attempts into the dead-letter store, never silently', async () => {
    const focal = make({ retry: { baseMs: 1, capMs: 5 } });
    adapter.fail(...Array.from({ length: 10 }, () => () => new HttpResponse(null, { status: 502 })));
    const id = await focal.track('product_view', view('Z'));
    await until(async () => (await focal.deadLetters()).length === 1, 4000, 'dead letter after 10 attempts');
    expect(adapter.requests.filter((r) => r.ids.includes(id!))).toHaveLength(10);
    expect((await focal.deadLetters())[0].reason).toMatch(/gave up after 10 attempts; last error: HTTP 502/);
    expect(focal.stats.value.deadLettered).toBe(1);
  });

  it('resends what a previous page left in IndexedDB, with the same ids', async () => {
    const storage = `focal-unit-restart-${Date.now()}`;
    adapter.fail(() => 'network');
    const first = make({ storage, flushInterval: 60_000, retry: { baseMs: 300 } });
    const id = await first.track('add_to_cart', { productId: 'C', quantity: 1 });
    await until(() => adapter.requests.length === 1, 2000, 'the failed attempt');
    first.destroy();
    const second = make({ storage });
    expect(adapter.stored.has(id!)).toBe(false);
    await until(() => adapter.stored.has(id!), 3000, 'resend by the next page once the backoff is over');
    await second.flush();
    expect(await queued(storage)).toEqual([]);
  });
});
