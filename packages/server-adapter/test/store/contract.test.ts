import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrate, openStore, readMigrations, type Store } from '../../src/store/index.js';
import { makeEvent, makeProduct } from '../fixtures.js';
import { backends } from './backends.js';

describe.each(backends)('store contract on $name', (backend) => {
  let store: Store;
  let drop: () => Promise<void>;
  const now = new Date('2026-11-20T10:00:00.000Z');
  beforeAll(async () => {
    ({ store, drop } = await backend.open());
    await store.sites.upsert({ siteKey: 'pk_a', name: 'A', allowedOrigins: ['https://a.example'], settings: { currency: 'EUR' } });
    await store.sites.upsert({ siteKey: 'pk_b', name: 'B', allowedOrigins: [], settings: {} });
  });
  afterAll(async () => drop?.());

  it('stores and reads sites', async () => {
    expect(await store.sites.get('pk_a')).toMatchObject({ siteKey: 'pk_a', allowedOrigins: ['https://a.example'], settings: { currency: 'EUR' } });
    expect(await store.sites.get('pk_missing')).toBeUndefined();
    await store.sites.upsert({ siteKey: 'pk_a', name: 'A2', allowedOrigins: ['https://a.example', 'https://b.example'], settings: {} });
    expect((await store.sites.get('pk_a'))!.allowedOrigins).toHaveLength(2);
  });

  it('inserts events once per id, atomically, and reports which were new', async () => {
    const a = makeEvent('page_view');
    const b = makeEvent('purchase', { userId: 'u1' });
    const first = await store.events.insert('pk_a', [a, b].map((event) => ({ event, receivedAt: now, eventTime: now })));
    expect([...first.keys()].sort()).toEqual([a.id, b.id].sort());
    const again = await store.events.insert('pk_a', [a, makeEvent()].map((event) => ({ event, receivedAt: now, eventTime: now })));
    expect(again.size).toBe(1);
    expect(again.has(a.id)).toBe(false);
    expect(await store.events.has(a.id)).toBe(true);
  });

  it('inserts a large batch (the bulk path) with the same duplicate semantics', async () => {
    const events = Array.from({ length: 450 }, (_, i) => makeEvent('page_view', { anonymousId: `bulk-${i % 7}` }));
    const first = await store.events.insert('pk_b', events.slice(0, 300).map((event) => ({ event, receivedAt: now, eventTime: now })));
    expect(first.size).toBe(300);
    const second = await store.events.insert('pk_b', events.map((event) => ({ event, receivedAt: now, eventTime: now })));
    expect([...second.keys()].sort()).toEqual(events.slice(300).map((e) => e.id).sort());
    const stored = await store.events.list({ siteKey: 'pk_b', anonymousId: 'bulk-3' });
    expect(stored[0]!.event).toEqual(events.find((e) => e.anonymousId === 'bulk-3'));
    await store.sql.query("DELETE FROM events WHERE anonymous_id LIKE 'bulk-%'");
  });

  it('gives concurrent inserts of the same id exactly one winner', async () => {
    const event = makeEvent('add_to_cart');
    const results = await Promise.all(Array.from({ length: 8 }, () => store.events.insert('pk_a', [{ event, receivedAt: now, eventTime: now }])));
    expect(results.filter((r) => r.has(event.id))).toHaveLength(1);
    expect((await store.events.list({ siteKey: 'pk_a' })).filter((e) => e.id === event.id)).toHaveLength(1);
  });

  it('lists events by site, type, time and seq, in seq order', async () => {
    const early = makeEvent('search', { anonymousId: 'anon-t' });
    const late = makeEvent('search', { anonymousId: 'anon-t' });
    await store.events.insert('pk_b', [
      { event: early, receivedAt: now, eventTime: new Date('2026-11-01T00:00:00Z') },
      { event: late, receivedAt: now, eventTime: new Date('2026-11-10T00:00:00Z') },
    ]);
    const all = await store.events.list({ siteKey: 'pk_b' });
    expect(all.map((e) => e.id)).toEqual([early.id, late.id]);
    expect(all[0]!.seq).toBeLessThan(all[1]!.seq);
    expect(all[0]).toMatchObject({ type: 'search', anonymousId: 'anon-t', eventTime: '2026-11-01T00:00:00.000Z', event: { id: early.id } });
    expect((await store.events.list({ siteKey: 'pk_b', from: new Date('2026-11-05T00:00:00Z') })).map((e) => e.id)).toEqual([late.id]);
    expect((await store.events.list({ siteKey: 'pk_b', to: new Date('2026-11-05T00:00:00Z') })).map((e) => e.id)).toEqual([early.id]);
    expect(await store.events.list({ siteKey: 'pk_b', types: ['purchase'] })).toEqual([]);
    expect((await store.events.list({ afterSeq: all[0]!.seq, siteKey: 'pk_b' })).map((e) => e.id)).toEqual([late.id]);
    expect(await store.events.lastSeq()).toBeGreaterThanOrEqual(all[1]!.seq);
    expect(await store.events.count('pk_b')).toBe(2);
  });

  it('deletes a shopper\'s events by user id and anonymous ids only', async () => {
    const mine = [makeEvent('page_view', { anonymousId: 'del-anon' }), makeEvent('purchase', { userId: 'del-user', anonymousId: 'other-anon' })];
    const theirs = makeEvent('page_view', { anonymousId: 'keep-anon' });
    await store.events.insert('pk_a', [...mine, theirs].map((event) => ({ event, receivedAt: now, eventTime: now })));
    expect(await store.events.deleteShopper('pk_a', { userId: 'del-user', anonymousIds: ['del-anon'] })).toBe(2);
    expect(await store.events.has(theirs.id)).toBe(true);
    expect(await store.events.has(mine[0]!.id)).toBe(false);
  });

  it('upserts the catalog and marks products missing from a full feed out of stock', async () => {
    await store.catalog.upsert('pk_a', [makeProduct('P1'), makeProduct('P2', { price: 10.5 }), makeProduct('P3')]);
    expect(await store.catalog.count('pk_a')).toBe(3);
    const summary = await store.catalog.upsert('pk_a', [makeProduct('P1', { title: 'Renamed' }), makeProduct('P2')], { fullFeed: true });
    expect(summary).toEqual({ upserted: 2, markedOutOfStock: 1, siteProducts: 3, siteInStock: 2 });
    const [p1, p3] = await store.catalog.get('pk_a', ['P1', 'P3']);
    expect(p1!.title).toBe('Renamed');
    expect(p3).toMatchObject({ id: 'P3', inStock: false });
    expect((await store.catalog.list('pk_a', { inStockOnly: true })).map((p) => p.id)).toEqual(['P1', 'P2']);
    expect(await store.catalog.get('pk_b', ['P1'])).toEqual([]);
  });

  it('records when each product was first listed and last came back in stock; a re-import keeps the listing', async () => {
    const listed = Date.parse('2026-01-01T00:00:00.000Z');
    await store.catalog.upsert('pk_list', [makeProduct('L1'), makeProduct('L2', { inStock: false }), makeProduct('L3')], { listedAt: new Map([['L1', listed]]) });
    const first = await store.catalog.snapshot('pk_list');
    expect(first.listings.get('L1')).toEqual({ listedAt: listed });
    const l2 = first.listings.get('L2')!.listedAt; // the import's time
    expect(l2).toBeGreaterThan(listed);
    // a given listedAt is for products new to the site: stored ones keep theirs
    await store.catalog.upsert('pk_list', [makeProduct('L1', { title: 'Renamed' }), makeProduct('L2'), makeProduct('L3')], { listedAt: new Map([['L1', listed + 1], ['L2', 0]]) });
    const second = await store.catalog.snapshot('pk_list');
    expect(second.listings.get('L1')).toEqual({ listedAt: listed });
    expect(second.listings.get('L2')!.listedAt).toBe(l2);
    const restocked = second.listings.get('L2')!.restockedAt!; // back in stock
    expect(restocked).toBeGreaterThanOrEqual(l2);
    expect(second.listings.get('L3')!.restockedAt).toBeUndefined(); // in stock all along
    await store.catalog.upsert('pk_list', [makeProduct('L2', { title: 'Again' })]);
    expect((await store.catalog.snapshot('pk_list')).listings.get('L2')!.restockedAt).toBe(restocked); // still in stock: no restock
    await expect(store.catalog.upsert('pk_list', [makeProduct('L4')], { listedAt: new Map([['L4', Number.NaN]]) }))
      .rejects.toThrow('catalog.upsert: listedAt of product "L4" is not a time (NaN); give epoch ms or a valid Date');
  });

  it('snapshots a catalog as the index reads it: in stock first up to the cap, with the totals and a warning', async () => {
    await store.catalog.upsert('pk_snap', [makeProduct('S1', { inStock: false }), makeProduct('S2'), makeProduct('S3', { inStock: false }), makeProduct('S4')]);
    const all = await store.catalog.snapshot('pk_snap');
    expect(all).toMatchObject({ total: 4, inStock: 2 });
    expect(all.products.map((p) => p.id)).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(all.warning).toBeUndefined();
    const cut = await store.catalog.snapshot('pk_snap', 3);
    expect(cut.products.map((p) => p.id)).toEqual(['S1', 'S2', 'S4']);
    expect([...cut.listings.keys()]).toEqual(['S1', 'S2', 'S4']);
    expect(cut.warning).toBe('site pk_snap holds 4 products (2 in stock), more than the 3 the adapter\'s recommendations and focal-adapter train read: '
      + '1 is left out (0 in stock, 1 out of stock; in-stock products are read first, each group by id); no product in stock is left out');
    expect((await store.catalog.snapshot('pk_snap', 1)).warning).toContain('3 are left out (1 in stock, 2 out of stock;');
    expect(await store.catalog.snapshot('pk_none')).toEqual({ products: [], listings: new Map(), total: 0, inStock: 0 });
    await expect(store.catalog.snapshot('pk_snap', 0)).rejects.toThrow('catalog.snapshot: max must be a whole number ≥ 1, got 0');
  });

  it('refuses a catalog upsert that lists a product id twice, naming the id and both items, and writes nothing', async () => {
    await store.catalog.upsert('pk_dup', [makeProduct('D1', { title: 'Stored' })]);
    const before = await store.catalog.list('pk_dup');
    // side by side (one INSERT statement: PostgreSQL's own error named no id) and 1,500 items apart (two statements:
    // the second row silently won); either way the caller could not tell which row it meant
    const near = [makeProduct('D1', { title: 'First' }), makeProduct('D2'), makeProduct('D1', { title: 'Second' })];
    const far = [makeProduct('D1', { title: 'First' }), ...Array.from({ length: 1500 }, (_, i) => makeProduct(`F${i}`)), makeProduct('D1', { title: 'Second' })];
    await expect(store.catalog.upsert('pk_dup', near)).rejects.toThrow('catalog.upsert: product id "D1" is listed twice (items 1 and 3); list each product once (nothing was written)');
    await expect(store.catalog.upsert('pk_dup', far, { fullFeed: true })).rejects.toThrow(/product id "D1" is listed twice \(items 1 and 1502\)/);
    expect(await store.catalog.list('pk_dup')).toEqual(before);
  });

  it('stores profiles, audit entries and models', async () => {
    const profile = { profile: { anonymousId: 'x', recentViews: [], cart: [], purchases: [], affinities: { category: { Frames: 1 }, brand: {} }, traits: { student: true }, updatedAt: now.toISOString() }, state: { category: { Frames: 2.5 }, brand: {}, decayedAt: now.getTime(), prices: [10] } };
    await store.profiles.put('pk_a', 'a:x', profile);
    expect(await store.profiles.get('pk_a', 'a:x')).toEqual(profile);
    expect(await store.sql.transaction((tx) => store.profiles.lock('pk_a', 'a:new', tx))).toBeUndefined();
    expect(await store.profiles.delete('pk_a', ['a:x', 'u:nobody'])).toBe(1);
    await store.audit.record({ siteKey: 'pk_a', actor: 'user', action: 'profile.delete', details: { events: 2 } });
    expect((await store.audit.list({ siteKey: 'pk_a' }))[0]).toMatchObject({ actor: 'user', action: 'profile.delete', details: { events: 2 } });
    const manifest = { version: 'v1', sha256: 'a'.repeat(64), file: 'reranker.onnx', featureNames: ['f'], normalization: { mean: [0], std: [1] }, layers: [1, 1], opset: 17, irVersion: 8, createdAt: now.toISOString(), training: { source: 'demo', lists: 1, candidates: 1, positives: 1, epochs: 1 }, metrics: {} };
    await store.models.put(manifest, new Uint8Array([1, 2, 3]));
    expect(await store.models.activate('v1')).toBe(true);
    expect((await store.models.active())!.manifest).toEqual(manifest);
    expect([...(await store.models.onnx('v1'))!]).toEqual([1, 2, 3]);
  });

  it('rolls a failed transaction back', async () => {
    await expect(store.sql.transaction(async (tx) => {
      await tx.query("INSERT INTO sites (site_key, name) VALUES ('pk_rollback', 'x')");
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await store.sites.get('pk_rollback')).toBeUndefined();
  });

  it('applies each migration once, in order, also when several runs start at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'focal-mig-'));
    cpSync(defaultMigrationsDir(), dir, { recursive: true });
    writeFileSync(join(dir, '9001_extra.sql'), 'CREATE TABLE extra_counter (n int); INSERT INTO extra_counter VALUES (1);');
    const runs = await Promise.all([migrate(store.sql, dir), migrate(store.sql, dir), migrate(store.sql, dir)]);
    expect(runs.flat()).toEqual(['9001_extra.sql']);
    const { rows } = await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM extra_counter');
    expect(rows[0]!.n).toBe(1);
    writeFileSync(join(dir, '9002_bad.sql'), 'CREATE TABLE broken (');
    await expect(migrate(store.sql, dir)).rejects.toThrow(/migration 9002_bad.sql failed/);
    writeFileSync(join(dir, 'oops.sql'), 'SELECT 1');
    await expect(migrate(store.sql, dir)).rejects.toThrow(/must be named NNNN_name.sql/);
  });
});

describe('store from several processes (PostgreSQL)', () => {
  it.runIf(Boolean(process.env.DATABASE_URL))('migrates once when four stores open a fresh schema at the same moment', async () => {
    const schema = `focal_test_${Math.random().toString(36).slice(2, 10)}`;
    const options = { databaseUrl: process.env.DATABASE_URL!, schema };
    const stores = await Promise.all([1, 2, 3, 4].map(() => openStore(options)));
    try {
      const { rows } = await stores[0]!.sql.query<{ name: string }>('SELECT name FROM focal_migrations');
      expect(rows.map((r) => r.name)).toEqual(readMigrations(defaultMigrationsDir()).map((m) => m.name));
      const event = makeEvent();
      const wins = await Promise.all(stores.map((s) => s.events.insert('pk_x', [{ event, receivedAt: new Date(), eventTime: new Date() }])));
      expect(wins.filter((w) => w.size === 1)).toHaveLength(1);
    } finally {
      await stores[0]!.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
