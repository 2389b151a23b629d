import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { until } from './fake-adapter.js';
import { focalHarness } from './focal-harness.js';

const { adapter, make, newDb } = focalHarness('focal-storage', { flushInterval: 30, retry: { baseMs: 20 } });
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('memory fallback', () => {
  it('keeps working without IndexedDB', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const focal = make();
    const ids = await Promise.all([focal.track('page_view', {}), focal.track('product_view', { productId: 'M' })]);
    await focal.flush();
    expect(ids.every((id) => adapter.stored.has(id!))).toBe(true);
  });

  it('falls back to memory when IndexedDB throws on write (quota) and loses nothing', async () => {
    const focal = make();
    await focal.flush();
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const ids = await Promise.all(Array.from({ length: 5 }, (_, i) => focal.track('product_view', { productId: `Q${i}` })));
    expect(put).toHaveBeenCalled();
    expect(ids.every(Boolean)).toBe(true);
    await focal.flush();
    expect(ids.every((id) => adapter.stored.has(id!))).toBe(true);
    const more = await focal.track('purchase', { orderId: 'q', lineItems: [{ productId: 'Q1', quantity: 1, price: 1 }], revenue: 1, currency: 'EUR' });
    await until(() => adapter.stored.has(more!), 2000, 'purchase after the fallback');
  });
});

describe('another page upgrades or deletes the database (a newer SDK, the site\'s own code)', () => {
  /** Fails when `promise` has not settled within `ms`: what the old code left hanging for ever. */
  const settles = <T>(promise: Promise<T>, what: string, ms = 3000) =>
    Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} never settled`)), ms))]);
  const deleted = (name: string) => new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
  /** Sends what `storage` holds, as the next page would. */
  async function nextPage(storage: string): Promise<void> {
    const next = make({ storage });
    await next.flush();
  }

  it('is not blocked by an open tab, which keeps its queued events: written to the database again, sent by the next page', async () => {
    const storage = newDb();
    const tab = make({ storage, flushInterval: 60_000 });
    const held = await Promise.all([tab.track('page_view', {}), tab.track('product_view', { productId: 'H' })]);
    await settles(deleted(storage), 'deleteDatabase');
    const later = await settles(tab.track('product_view', { productId: 'L' }), 'track() after the deletion');
    tab.destroy();
    expect(adapter.requests).toEqual([]);
    await nextPage(storage);
    expect([...held, later].every((id) => adapter.stored.has(id!))).toBe(true);
  });

  it('lets a newer SDK upgrade it; the open tab goes on in memory and sends what it holds', async () => {
    const storage = newDb();
    const tab = make({ storage, flushInterval: 60_000 });
    const held = await tab.track('product_view', { productId: 'H' });
    const newer = await settles(openDB(storage, 2, { upgrade: (d) => { d.createObjectStore('v2'); } }), 'the upgrade to version 2');
    const later = await settles(tab.track('product_view', { productId: 'L' }), 'track() after the upgrade');
    await tab.flush();
    expect([held, later].every((id) => adapter.stored.has(id!))).toBe(true);
    newer.close();
  });

  it('does not hang track() while a tab of an older SDK blocks another page\'s deletion; takes the database once it is free', async () => {
    const storage = newDb();
    const older = await openDB(storage, 1, { upgrade: (d) => { d.createObjectStore('queue', { keyPath: 'id' }); d.createObjectStore('dead', { keyPath: 'id' }); d.createObjectStore('meta'); } });
    const deleting = deleted(storage); // blocked: the older tab never gives way
    const tab = make({ storage, flushInterval: 60_000, leaseMs: 200 }); // its open waits behind the deletion
    const id = await settles(tab.track('product_view', { productId: 'W' }), 'track() while the open waits');
    expect(id).toBeTruthy();
    older.close(); // the shopper closes the older tab: the deletion goes ahead, then this tab's open
    await deleting;
    await until(async () => {
      const reader = await openDB(storage, 1);
      try { return (await reader.getAllKeys('queue')).includes(id!); } finally { reader.close(); }
    }, 3000, 'the event written to the database');
    tab.destroy();
    await nextPage(storage);
    expect(adapter.stored.has(id!)).toBe(true);
  });
});

describe('destroy()', () => {
  const deleted = (name: string) => new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
  /** The object stores `name` has now (opening it creates an empty one when it is not there). */
  async function stores(name: string): Promise<string[]> {
    const reader = await openDB(name);
    try { return [...reader.objectStoreNames]; } finally { reader.close(); }
  }

  it('closes the connection: a deletion after it stays done, not undone by the destroyed instance opening the database again', async () => {
    const storage = newDb();
    const old = make({ storage, flushInterval: 60_000 });
    await old.track('page_view', {});
    old.destroy();
    await deleted(storage);
    // (a connection still open would have given way to the deletion, opened the database again and written its
    // events back: the next test, or the next shopper after an SPA's sign-out, would find them there)
    expect(await stores(storage)).toEqual([]);
  });

  it('keeps the queued events in the database, those of calls made just before it too: the next instance sends them', async () => {
    const storage = newDb();
    const old = make({ storage, flushInterval: 60_000 });
    const first = await old.track('page_view', {});
    const last = old.track('product_view', { productId: 'D' }); // not stored yet when destroy() is called
    old.destroy();
    const ids = [first, await last];
    expect(ids.every(Boolean)).toBe(true);
    expect(adapter.requests).toEqual([]);
    const next = make({ storage });
    await next.flush();
    expect(ids.every((id) => adapter.stored.has(id!))).toBe(true);
  });

  it('answers null to a call made after it (nothing is stored by a destroyed instance)', async () => {
    const old = make({ flushInterval: 60_000 });
    old.destroy();
    expect(await old.track('page_view', {})).toBeNull();
  });
});

describe('caps', () => {
  it('evicts impressions and page views first when full, never purchases, and counts the drops', async () => {
    const network = { onLine: false };
    vi.stubGlobal('navigator', network); // offline: everything stays queued
    const focal = make({ maxQueueEvents: 4, flushInterval: 60_000 });
    const purchase = { orderId: 'o', lineItems: [{ productId: 'P', quantity: 1, price: 10 }], revenue: 10, currency: 'EUR' };
    const rec = { requestId: 'r1', placement: 'pdp-similar', productId: 'P', position: 0 };
    const p1 = await focal.track('purchase', purchase);
    const imp = await focal.track('rec_impression', rec);
    const view = await focal.track('page_view', {});
    const click = await focal.track('rec_click', rec);
    const p2 = await focal.track('purchase', { ...purchase, orderId: 'o2' });
    const p3 = await focal.track('purchase', { ...purchase, orderId: 'o3' });
    expect([p1, imp, view, click, p2, p3].every(Boolean)).toBe(true);
    expect(focal.stats.value.dropped).toBe(2);
    expect(focal.stats.value.queued + focal.stats.value.inFlight).toBe(4);
    expect(adapter.requests).toEqual([]);
    network.onLine = true;
    await focal.flush();
    await until(() => [p1, click, p2, p3].every((id) => adapter.stored.has(id!)), 5000, 'the kept events');
    expect(adapter.stored.has(imp!)).toBe(false);
    expect(adapter.stored.has(view!)).toBe(false);
  });
});

describe('offline', () => {
  it('uses up no attempt while offline, and sends once back online', async () => {
    const network = { onLine: false };
    vi.stubGlobal('navigator', network);
    const storage = `focal-offline-${Date.now()}`;
    const focal = make({ storage, flushInterval: 20 });
    const id = await focal.track('add_to_cart', { productId: 'O', quantity: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(adapter.requests).toEqual([]);
    const { openDB } = await import('idb');
    expect((await (await openDB(storage)).getAll('queue')).map((r) => [r.id, r.attempts])).toEqual([[id, 0]]);
    network.onLine = true;
    await focal.flush(); // what the `online` event does
    expect(adapter.stored.has(id!)).toBe(true);
  });
});
