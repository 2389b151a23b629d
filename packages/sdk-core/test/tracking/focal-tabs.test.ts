import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpResponse } from 'msw';
import { openDB } from 'idb';
import { until } from './fake-adapter.js';
import { focalHarness } from './focal-harness.js';
import { fakeLocks, sharedStorage } from './tabs.js';

afterEach(() => vi.unstubAllGlobals()); // (after the harness's teardown, which destroys the tabs)
const harness = focalHarness('focal-tabs', { flushInterval: 30 });
const { adapter } = harness;
/** What the adapter stored for `id` (waits for it). */
async function storedEvent(id: string | null): Promise<Record<string, unknown>> {
  await until(() => adapter.stored.has(id!), 3000, `event ${id}`);
  return adapter.stored.get(id!) as Record<string, unknown>;
}

describe('identity across the store\'s open tabs', () => {
  it('a sign-in in one tab is the other tabs\' too; a sign-out (reset) in one moves every tab onto the same new ids', async () => {
    const { storage, openTab } = harness.oneBrowser(); // one origin: one IndexedDB queue for both tabs
    const a = openTab();
    const b = openTab();
    const first = a.anonymousId;
    expect(b.anonymousId).toBe(first);

    await a.identify('customer-1', { token: 'jwt-of-customer-1' });
    await until(() => b.userId === 'customer-1', 3000, 'tab B to hear the sign-in');
    const inB = await b.track('product_view', { productId: 'B-1' });
    expect(await storedEvent(inB)).toMatchObject({ userId: 'customer-1', anonymousId: first });
    expect(b.userToken).toBeUndefined(); // the token stays with the page that was given it

    b.reset(); // the shopper signs out in tab B
    await until(() => a.userId === undefined, 3000, 'tab A to hear the sign-out');
    expect(a.userToken).toBeUndefined(); // the signed-out shopper's token is not sent from tab A any more
    expect(a.anonymousId).not.toBe(first);
    expect(a.anonymousId).toBe(b.anonymousId); // the id tab B made, not one of tab A's own
    expect(a.sessionId).toBe(b.sessionId);
    const inA = await a.track('product_view', { productId: 'A-2' });
    const after = await storedEvent(inA);
    expect(after.userId).toBeUndefined();
    expect(after).toMatchObject({ anonymousId: b.anonymousId, sessionId: b.sessionId });
    expect(storage.snapshot()).toMatchObject({ 'focal.aid': b.anonymousId });
    expect(storage.snapshot()['focal.uid']).toBeUndefined();
  });

  it('the session a reset starts in one tab is the other tabs\' session too', async () => {
    const { openTab } = harness.oneBrowser();
    const a = openTab();
    await a.track('page_view', {});
    const b = openTab(); // opened later: reads the stored session
    const before = b.sessionId;
    expect(before).toBe(a.sessionId);
    a.reset();
    await until(() => b.sessionId !== before, 3000, 'tab B to take tab A\'s new session');
    expect(b.sessionId).toBe(a.sessionId);
    expect(b.anonymousId).toBe(a.anonymousId);
    const id = await b.track('page_view', {});
    expect(await storedEvent(id)).toMatchObject({ sessionId: a.sessionId, anonymousId: a.anonymousId });
  });

  it('a session one tab starts after 30 idle minutes is the other tabs\' session too (not one of their own)', async () => {
    const { openTab } = harness.oneBrowser();
    const a = openTab();
    await a.track('page_view', {});
    const b = openTab(); // opened later: reads the stored session
    const old = a.sessionId;
    expect(b.sessionId).toBe(old);
    const now = Date.now;
    vi.spyOn(Date, 'now').mockImplementation(() => now() + 31 * 60_000); // the shopper comes back 31 minutes later
    try {
      const inA = await a.track('page_view', {});
      const started = (await storedEvent(inA)).sessionId;
      expect(started).not.toBe(old);
      await until(() => b.sessionId === started, 3000, 'tab B to take tab A\'s new session');
      const inB = await b.track('product_view', { productId: 'S' });
      expect(await storedEvent(inB)).toMatchObject({ sessionId: started });
    } finally {
      vi.mocked(Date.now).mockRestore();
    }
  });

  it('two instances on one page (two site keys of one origin): a sign-in, a sign-out or a withdrawal through one is the other\'s at once', async () => {
    const page = sharedStorage(); // one page: both read and write the same localStorage, and no storage event comes
    const storage = harness.newDb();
    const [a, b] = page.open(() => [harness.make({ storage, siteKey: 'pk_a' }), harness.make({ storage, siteKey: 'pk_b' })]);
    await a.identify('customer-1');
    await until(() => b.userId === 'customer-1', 2000, 'B to take the sign-in');
    a.reset(); // the shopper signs out
    await until(() => b.userId === undefined, 2000, 'B to take the sign-out');
    expect(b.anonymousId).toBe(a.anonymousId);
    a.consent({ analytics: false, personalization: false }); // and refuses tracking
    await until(() => b.consentState?.analytics === false, 2000, 'B to take the refusal');
    expect(await b.track('product_view', { productId: 'B-1' })).toBeNull();
    expect(page.snapshot()).toEqual({ 'focal.consent': JSON.stringify({ analytics: false, personalization: false }) });
  });

  it('stops listening to the other tabs once destroyed', () => {
    const { storage, openTab } = harness.oneBrowser();
    const a = openTab();
    openTab();
    expect(storage.listenerCounts()).toEqual([1, 1]);
    a.destroy();
    expect(storage.listenerCounts()).toEqual([0, 1]);
  });
});

describe('sending from several tabs', () => {
  it('a tab that takes the lock after another was told to wait (503, Retry-After) waits too', async () => {
    vi.stubGlobal('navigator', { onLine: true, locks: fakeLocks() }); // one origin: one lock manager for both tabs
    const { db, openTab } = harness.oneBrowser({ flushInterval: 60_000 });
    const a = openTab();
    const b = openTab();
    const id = await b.track('product_view', { productId: 'X' }); // tracked in tab B, which keeps it in memory
    const unavailable = () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '120' } });
    adapter.fail(unavailable);
    await a.flush(); // tab A holds the lock and sends it: the adapter asks for 2 minutes
    expect(adapter.requests.map((r) => r.ids)).toEqual([[id]]);
    await b.flush(); // tab B's turn: its copy of the event still said "due now"
    await a.flush();
    expect(adapter.requests.length, 'requests sent within the 2 minutes').toBe(1);
    expect(adapter.stored.has(id!)).toBe(false);
    const d = await openDB(db);
    const [record] = await d.getAll('queue');
    d.close();
    expect(record).toMatchObject({ id, attempts: 1 });
    expect(record.nextAt - Date.now()).toBeGreaterThan(100_000);
  });

  it('a Retry-After holds for every event of every tab, not only the batch it answered: none is sent before the time is up', async () => {
    vi.stubGlobal('navigator', { onLine: true, locks: fakeLocks() });
    const { openTab } = harness.oneBrowser({ flushInterval: 60_000 });
    const a = openTab();
    const b = openTab();
    const first = await a.track('product_view', { productId: 'X' });
    adapter.fail(() => new HttpResponse(null, { status: 429, headers: { 'retry-after': '120' } }));
    await a.flush(); // the adapter's rate limit: wait 2 minutes
    expect(adapter.requests).toHaveLength(1);
    const purchase = await a.track('purchase', { orderId: 'o-1', lineItems: [{ productId: 'X', quantity: 1, price: 90 }], revenue: 90, currency: 'EUR' });
    await a.flush(); // a purchase goes at once, but not within the 2 minutes
    const inB = await b.track('product_view', { productId: 'Y' });
    await b.flush(); // nor does another tab's event
    expect(adapter.requests, 'requests sent within the 2 minutes').toHaveLength(1);
    const now = Date.now;
    vi.spyOn(Date, 'now').mockImplementation(() => now() + 121_000);
    try {
      await b.flush();
      expect([first, purchase, inB].filter((id) => !adapter.stored.has(id!))).toEqual([]);
      const retried = (await b.deadLetters()).length + (await a.deadLetters()).length;
      expect(retried).toBe(0);
    } finally {
      vi.mocked(Date.now).mockRestore();
    }
  });
});
