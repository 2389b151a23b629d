import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Focal, FocalOptions } from '../../src/focal.js';
import { openDB } from 'idb';
import { validateEvent } from '../../src/contracts/validate.js';
import { until } from './fake-adapter.js';
import { focalHarness } from './focal-harness.js';
import { sharedStorage } from './tabs.js';

afterEach(() => vi.unstubAllGlobals()); // (after the harness's teardown, which destroys the instances)
const harness = focalHarness('focal-privacy', { flushInterval: 30 });
const { adapter } = harness;
function make(extra: Partial<FocalOptions> = {}): { focal: Focal; db: string } {
  const db = harness.newDb();
  return { focal: harness.make({ storage: db, ...extra }), db };
}
const databases = async () => (await indexedDB.databases()).map((d) => d.name);
const settle = () => new Promise((r) => setTimeout(r, 150));
/** The anonymous id mirrored in the IndexedDB queue database `db`. */
async function keptAid(db: string): Promise<unknown> {
  const d = await openDB(db);
  try { return await d.get('meta', 'aid'); } finally { d.close(); }
}
const REFUSED = JSON.stringify({ analytics: false, personalization: false });

describe('consent', () => {
  it('stores and sends nothing before consent, then sends the buffered events in order once granted', async () => {
    const { focal, db } = make({ requireConsent: true });
    const calls = [focal.track('page_view', {}), focal.track('product_view', { productId: 'A' }), focal.track('add_to_cart', { productId: 'A', quantity: 1 })];
    await settle();
    expect(adapter.requests).toEqual([]);
    expect(await databases()).not.toContain(db);
    expect(focal.consentState).toBeNull();
    focal.consent({ analytics: true, personalization: false });
    const ids = await Promise.all(calls);
    await until(() => ids.every((id) => adapter.stored.has(id!)), 2000, 'buffered events');
    const sent = adapter.requests.flatMap((r) => r.body.events);
    expect(sent.map((e) => e.type)).toEqual(['page_view', 'product_view', 'add_to_cart']);
    expect(sent.every((e) => JSON.stringify(e.consent) === '{"analytics":true,"personalization":false}')).toBe(true);
    expect(await databases()).toContain(db);
  });

  it('keeps no more calls in memory than the queue holds while consent is awaited (a banner left unanswered), the least valuable dropped first', async () => {
    const { focal } = make({ requireConsent: true, maxQueueEvents: 5 });
    const impression = (position: number) => focal.track('rec_impression', { requestId: 'r-1', placement: 'pdp-similar', productId: `R${position}`, position });
    const impressions = [0, 1, 2, 3, 4].map(impression);
    const views = ['A', 'B', 'C'].map((productId) => focal.track('product_view', { productId }));
    const purchase = focal.track('purchase', { orderId: 'o-1', lineItems: [{ productId: 'A', quantity: 1, price: 90 }], revenue: 90, currency: 'EUR' });
    await focal.flush(); // (the calls handled: held for the choice)
    expect(focal.stats.value.dropped).toBe(4);
    expect(await Promise.all(impressions.slice(0, 4))).toEqual([null, null, null, null]); // dropped: resolved at once
    focal.consent({ analytics: true, personalization: true });
    const kept = await Promise.all([impressions[4], ...views, purchase]);
    expect(kept.every(Boolean)).toBe(true);
    await focal.flush();
    expect(kept.filter((id) => !adapter.stored.has(id!))).toEqual([]);
    expect(focal.stats.value).toMatchObject({ dropped: 4, sent: 5 });
  });

  it('purges the buffered events when consent is refused, sending and storing nothing', async () => {
    const { focal, db } = make({ requireConsent: true });
    const calls = [focal.track('page_view', {}), focal.track('product_view', { productId: 'A' })];
    focal.consent({ analytics: false, personalization: false });
    expect(await Promise.all(calls)).toEqual([null, null]);
    expect(await focal.track('page_view', {})).toBeNull();
    await focal.flush();
    await settle();
    expect(adapter.requests).toEqual([]);
    expect(await databases()).not.toContain(db);
    expect(focal.stats.value.dropped).toBe(2);
  });

  it('honours Global Privacy Control when configured to, and only then', async () => {
    vi.stubGlobal('navigator', { globalPrivacyControl: true, onLine: true });
    const gpc = make({ honorGlobalPrivacyControl: true }).focal;
    expect(await gpc.track('page_view', {})).toBeNull();
    expect(gpc.consentState).toEqual({ analytics: false, personalization: false });
    const plain = make().focal;
    expect(await plain.track('page_view', {})).not.toBeNull();
  });

  it('withdrawn consent removes the stored ids in every tab (localStorage, IndexedDB); a grant later starts from a new anonymous id, the same in every tab', async () => {
    const { storage, db, openTab } = harness.oneBrowser();
    const a = openTab();
    const b = openTab();
    await a.identify('customer-3');
    const old = a.anonymousId;
    expect(storage.snapshot()).toMatchObject({ 'focal.aid': old, 'focal.uid': 'customer-3' });
    expect(storage.snapshot()['focal.sid']).toBeTruthy();
    expect(await keptAid(db)).toBe(old);

    a.consent({ analytics: false, personalization: true });
    await until(() => b.consentState?.analytics === false, 3000, 'tab B to hear the withdrawal');
    await until(async () => (await keptAid(db)) === undefined, 3000, 'the IndexedDB copy to be removed');
    expect(storage.snapshot()).toEqual({ 'focal.consent': JSON.stringify({ analytics: false, personalization: true }) });
    for (const tab of [a, b]) {
      expect(tab.anonymousId).not.toBe(old);
      expect(tab.userId).toBeUndefined();
    }
    expect(await b.track('page_view', {})).toBeNull();
    expect(storage.snapshot()).toEqual({ 'focal.consent': JSON.stringify({ analytics: false, personalization: true }) });

    b.consent({ analytics: true, personalization: true }); // granted again, in the other tab
    await until(() => a.consentState?.analytics === true, 3000, 'tab A to hear the grant');
    const fresh = b.anonymousId;
    expect(fresh).not.toBe(old);
    expect(a.anonymousId).toBe(fresh);
    expect(storage.snapshot()['focal.aid']).toBe(fresh);
    const id = await a.track('product_view', { productId: 'again' });
    await until(() => adapter.stored.has(id!), 3000, 'the event after the grant');
    const event = adapter.stored.get(id!) as Record<string, unknown>;
    expect(event).toMatchObject({ anonymousId: fresh, sessionId: b.sessionId });
    expect(event.userId).toBeUndefined();
    await until(async () => (await keptAid(db)) === fresh, 3000, 'the new id mirrored in IndexedDB');
  });

  it('refused from the start (a stored refusal or Global Privacy Control): ids an earlier page left are removed, none are written', async () => {
    const leftovers = { 'focal.aid': 'aid-from-before', 'focal.uid': 'customer-old', 'focal.sid': JSON.stringify({ id: 's-old', startedMs: 1, lastMs: 1 }) };
    const refused = sharedStorage();
    refused.seed({ 'focal.consent': REFUSED, ...leftovers });
    const focal = refused.open(() => make().focal);
    expect(focal.anonymousId).not.toBe('aid-from-before');
    expect(focal.userId).toBeUndefined();
    expect(refused.snapshot()).toEqual({ 'focal.consent': REFUSED });

    vi.stubGlobal('navigator', { globalPrivacyControl: true, onLine: true });
    const gpc = sharedStorage();
    gpc.seed(leftovers);
    const { focal: withGpc, db } = gpc.open(() => make({ honorGlobalPrivacyControl: true }));
    expect(gpc.snapshot()).toEqual({});
    for (const tab of [focal, withGpc]) {
      expect(await tab.identify('customer-9')).toBeNull();
      expect(await tab.track('page_view', {})).toBeNull();
      tab.reset();
      await tab.flush();
    }
    expect(refused.snapshot()).toEqual({ 'focal.consent': REFUSED });
    expect(gpc.snapshot()).toEqual({});
    expect(await databases()).not.toContain(db);
  });

  /** A database `db` as an earlier page of the store left it: an event queued, a dead letter, the mirrored id, all of customer-old. */
  async function leftBehind(db: string): Promise<void> {
    const event = { id: '0190a000-0000-7000-8000-000000000001', type: 'identify', anonymousId: 'aid-from-before', userId: 'customer-old' };
    const d = await openDB(db, 1, { upgrade(u) { u.createObjectStore('queue', { keyPath: 'id' }); u.createObjectStore('dead', { keyPath: 'id' }); u.createObjectStore('meta'); } });
    await d.put('queue', { id: event.id, type: 'identify', json: JSON.stringify(event), bytes: 100, createdMs: 1, attempts: 0, nextAt: 1, site: 'pk_unit' });
    await d.put('dead', { id: '0190a000-0000-7000-8000-000000000002', event, reason: 'HTTP 403', at: 1, site: 'pk_unit' });
    await d.put('meta', 'aid-from-before', 'aid');
    d.close();
  }

  it('refused from the start (Global Privacy Control): the events, dead letters and id an earlier page left in IndexedDB are removed too', async () => {
    vi.stubGlobal('navigator', { globalPrivacyControl: true, onLine: true });
    const db = harness.newDb();
    await leftBehind(db);
    const focal = harness.make({ storage: db, honorGlobalPrivacyControl: true });
    expect(await focal.track('page_view', {})).toBeNull();
    await until(async () => !(await databases()).includes(db), 3000, 'the database of the earlier page to be removed');
  });

  it('consent awaited, then refused: the events, dead letters and id an earlier page left in IndexedDB are removed', async () => {
    const db = harness.newDb();
    await leftBehind(db); // e.g. left while the store did not ask for consent yet
    const focal = harness.make({ storage: db, requireConsent: true });
    await focal.flush();
    expect(await databases()).toContain(db); // undecided: nothing opened, nothing removed
    focal.consent({ analytics: false, personalization: false });
    await until(async () => !(await databases()).includes(db), 3000, 'the database of the earlier page to be removed');
  });

  it('consent awaited, then refused: nothing is written to localStorage either', async () => {
    const storage = sharedStorage();
    const { focal } = storage.open(() => make({ requireConsent: true }));
    const calls = [focal.track('page_view', {}), focal.identify('customer-5')];
    focal.reset();
    expect(storage.snapshot()).toEqual({});
    focal.consent({ analytics: false, personalization: false });
    expect(await Promise.all(calls)).toEqual([null, null]);
    await focal.flush();
    expect(storage.snapshot()).toEqual({ 'focal.consent': REFUSED });
  });

  it('explains a malformed consent call', () => {
    const { focal } = make();
    expect(() => focal.consent({ analytics: 'yes' } as never)).toThrow(/consent: analytics must be true or false/);
  });
});

describe('identity', () => {
  it('identify sends an identify event carrying the previous anonymous id, and later events carry the user id', async () => {
    const { focal } = make();
    const anonymousId = focal.anonymousId;
    const identifyId = await focal.identify('customer-42', { token: 'jwt-token' });
    const after = await focal.track('product_view', { productId: 'B' });
    await focal.flush();
    const events = adapter.requests.flatMap((r) => r.body.events);
    const identify = events.find((e) => e.id === identifyId)!;
    expect(identify).toMatchObject({ type: 'identify', userId: 'customer-42', anonymousId, properties: { previousAnonymousId: anonymousId } });
    expect(events.find((e) => e.id === after)).toMatchObject({ userId: 'customer-42', anonymousId });
    expect(focal.userId).toBe('customer-42');
    expect(focal.userToken).toBe('jwt-token');
    await expect(focal.identify('')).rejects.toThrow(/identify: userId must be a string of 1–128 characters/);
  });

  it('refuses a user id the adapter would refuse (a line break, a tab): the events after it are still accepted', async () => {
    // a user id read from a template or a form often ends in a line break; every later event carried it, and the
    // adapter rejected each one (userId: no control characters): all of the shopper's events were dead-lettered
    const { focal } = make();
    for (const bad of ['customer-4711\n', 'customer\t4711', 'customer-\u007f']) {
      await expect(focal.identify(bad)).rejects.toThrow(/identify: userId must be a string of 1–128 characters, no control characters/);
    }
    expect(focal.userId).toBeUndefined();
    const id = await focal.track('product_view', { productId: 'A' });
    await focal.flush();
    const sent = adapter.requests.flatMap((r) => r.body.events).find((e) => e.id === id)!;
    const verdict = validateEvent(sent); // what the adapter checks
    expect(verdict.ok ? 'accepted' : verdict.problems[0].message).toBe('accepted');
  });

  it('ignores a stored user id the adapter would refuse (left by an earlier SDK), so the shopper\'s events are accepted', async () => {
    const storage = sharedStorage();
    storage.seed({ 'focal.uid': 'customer-4711\n' });
    const focal = storage.open(() => harness.make({ storage: harness.newDb() }));
    expect(focal.userId).toBeUndefined();
    const id = await focal.track('product_view', { productId: 'A' });
    await focal.flush();
    const sent = adapter.requests.flatMap((r) => r.body.events).find((e) => e.id === id)!;
    const verdict = validateEvent(sent);
    expect(verdict.ok ? 'accepted' : verdict.problems[0].message).toBe('accepted');
  });

  it('keeps the user token from the identify() call on (for recommendation and content requests of this page), until reset()', async () => {
    const { focal } = make();
    const identified = focal.identify('customer-9', { token: 'eyJhbGciOiJIUzI1NiJ9.e30.sig' });
    expect(focal.userToken).toBe('eyJhbGciOiJIUzI1NiJ9.e30.sig'); // before the identify event is even stored
    await identified;
    await focal.identify('customer-10');
    expect(focal.userToken).toBeUndefined(); // another user without a token: the old one must not go along
    await focal.identify('customer-9', { token: 'jwt-2' });
    focal.reset();
    expect(focal.userToken).toBeUndefined();
    await expect(focal.identify('customer-9', { token: 'has spaces\nand a newline' })).rejects.toThrow(/identify: token must be/);
    expect(focal.userToken).toBeUndefined();
  });

  it('reset() forgets the ids', async () => {
    const { focal } = make();
    await focal.identify('customer-7');
    const before = { anonymousId: focal.anonymousId, sessionId: focal.sessionId };
    focal.reset();
    const id = await focal.track('page_view', {});
    await focal.flush();
    const event = adapter.requests.flatMap((r) => r.body.events).find((e) => e.id === id)!;
    expect(event.userId).toBeUndefined();
    expect(event.anonymousId).not.toBe(before.anonymousId);
    expect(event.sessionId).not.toBe(before.sessionId);
    expect(focal.userToken).toBeUndefined();
  });

  it('onEvent hears each validated event once it is stored', async () => {
    const { focal } = make();
    const heard: string[] = [];
    const off = focal.onEvent((e) => heard.push(`${e.type}:${e.id}`));
    const id = await focal.track('product_view', { productId: 'H' });
    await focal.track('add_to_cart', { productId: 'H', quantity: -1 }).catch(() => null);
    off();
    await focal.track('page_view', {});
    expect(heard).toEqual([`product_view:${id}`]);
  });
});
