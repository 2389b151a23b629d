/**
 * Retention of `shopper_erasures` (GDPR erasures): a row holds the ids of a shopper who asked to be forgotten, and its
 * job — every adapter process dropping that shopper from its in-memory recommendation index — is done at the next
 * sync. Rows older than `erasureRetentionDays` are deleted (at start and every 6 h); the erasure epoch of the cache
 * keys stays the same for a process that loads after the deletion; an index that has not read the table for half the
 * retention is loaded afresh, so a deleted row cannot leave an erased shopper in memory. PGlite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { createAdapter } from '../../src/adapter.js';
import { pruneErasures } from '../../src/profiles/erasures.js';
import { eraseSubject } from '../../src/profiles/service.js';
import { SiteIndex } from '../../src/recommend/index.js';
import type { Store } from '../../src/store/index.js';
import { backends, withStore } from '../store/backends.js';
import { product, view } from '../strategies/fixtures.js';

const SITE = 'pk_erasure_retention';
const DAY = 86_400_000;

async function store(into: Store, events: FocalEvent[]): Promise<void> {
  await into.events.insert(SITE, events.map((event) => ({ event, receivedAt: new Date(), eventTime: new Date(event.createdAt) })));
}
const rows = async (into: Store) =>
  (await into.sql.query<{ anonymous_ids: string[] }>('SELECT anonymous_ids FROM shopper_erasures WHERE site_key = $1 ORDER BY seq', [SITE])).rows.map((r) => r.anonymous_ids);
const backdate = (into: Store, anonymousId: string, days: number) =>
  into.sql.query(`UPDATE shopper_erasures SET erased_at = now() - make_interval(days => $2::int) WHERE $1 = ANY(anonymous_ids)`, [anonymousId, days]);
/** A process's recommendation index of the site, once it has loaded. */
async function loadedIndex(from: Store): Promise<SiteIndex> {
  const index = new SiteIndex(from, SITE);
  await index.ready;
  return index;
}

describe.each(backends)('shopper_erasures retention on $name', (backend) => {
  it('an adapter starting deletes erasure rows past the retention (the erased ids with them) and keeps the recent ones', async () => {
    await withStore(backend, async (db) => {
      await db.sites.upsert({ siteKey: SITE, name: 'Retention', allowedOrigins: [], settings: {} });
      const at = Date.now() - 3_600_000;
      await store(db, [view('A', 'old', at, 'anon-old'), view('B', 'new', at, 'anon-new')]);
      await eraseSubject(db, SITE, { anonymousId: 'anon-old' });
      await eraseSubject(db, SITE, { anonymousId: 'anon-new' });
      await backdate(db, 'anon-old', 8);
      expect(await rows(db)).toEqual([['anon-old'], ['anon-new']]);

      // the default retention is 7 days; an adapter starting on this store applies it
      const adapter = await createAdapter({ store: db, config: { log: 'silent' } });
      await adapter.close();
      expect(await rows(db)).toEqual([['anon-new']]);
      // a configured retention longer than the row's age keeps it
      await backdate(db, 'anon-new', 20);
      expect(await pruneErasures(db.sql, 30)).toBe(0);
      expect(await pruneErasures(db.sql, 10)).toBe(1);
      expect(await rows(db)).toEqual([]);
    });
  });

  it('a process loading after rows were deleted counts the same erasure epoch as one that saw them (cache keys)', async () => {
    await withStore(backend, async (db) => {
      await db.catalog.upsert(SITE, [product('A'), product('B')]);
      await store(db, [view('A', 's1', Date.now() - 3_600_000, 'anon-1')]);
      await eraseSubject(db, SITE, { anonymousId: 'anon-1' });
      await eraseSubject(db, SITE, { anonymousId: 'anon-2' });
      const before = await loadedIndex(db);
      expect(before.index.shoppers.epoch).toBe(2);
      await backdate(db, 'anon-1', 30);
      expect(await pruneErasures(db.sql, 7)).toBe(1);
      const after = await loadedIndex(db);
      expect(after.index.shoppers.epoch).toBe(2);
      await eraseSubject(db, SITE, { anonymousId: 'anon-3' });
      await Promise.all([before.sync(), after.sync()]);
      expect([before.index.shoppers.epoch, after.index.shoppers.epoch]).toEqual([3, 3]);
    });
  });

  it('an index that has not read the erasures for half the retention is stale: it may have missed a deleted row', async () => {
    await withStore(backend, async (db) => {
      await db.catalog.upsert(SITE, [product('A'), product('B')]);
      await store(db, [view('A', 's1', Date.now() - 3_600_000, 'anon-idle')]);
      const idle = await loadedIndex(db);
      expect(idle.index.shoppers.handle({ anonymousId: 'anon-idle' })).toBeDefined();
      // erased while this index was idle, and the row deleted before it read it
      await eraseSubject(db, SITE, { anonymousId: 'anon-idle' });
      await backdate(db, 'anon-idle', 8);
      await pruneErasures(db.sql, 7);
      await idle.sync();
      expect(idle.index.shoppers.handle({ anonymousId: 'anon-idle' })).toBeDefined(); // what staleness guards against
      expect(idle.isStale(3.5 * DAY)).toBe(false);
      expect(idle.isStale(3.5 * DAY, idle.erasuresReadAt + 3.5 * DAY + 1)).toBe(true);
      // what the engine does with a stale index: load the site afresh, from a store where the erased events are gone
      const fresh = await loadedIndex(db);
      expect(fresh.index.shoppers.handle({ anonymousId: 'anon-idle' })).toBeUndefined();
    });
  });
});
