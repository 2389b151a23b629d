/**
 * The `ageDays` feature the adapter serves counts from the store's record of each product (listed, restocked), so a
 * restarted adapter serves what the one before it served, and `train` rebuilds the same values from the same store.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { FEATURE_NAMES } from '@focal/sdk-core/ranking';
import { DEFAULT_DEMO_NOW, DEMO_HISTORY_DAYS, generateDemoData } from '../../src/demo/index.js';
import { SiteIndex } from '../../src/recommend/index.js';
import { DEMO_SITE_KEY, seedDemo } from '../../src/seed/demo.js';
import type { Store } from '../../src/store/index.js';
import { impressionLists } from '../../src/training/impression-lists.js';
import { readTrainingInput } from '../../src/training/store-input.js';
import { backends } from '../store/backends.js';
import { DAY, product, view } from '../strategies/fixtures.js';

const SITE = 'pk_listing_age';

async function store(into: Store, events: FocalEvent[]): Promise<void> {
  await into.events.insert(SITE, events.map((event) => ({ event, receivedAt: new Date(event.createdAt), eventTime: new Date(event.createdAt) })));
}

afterEach(() => {
  vi.useRealTimers();
});

describe.each(backends)('ageDays from the store on $name', (backend) => {
  it('a restarted adapter serves the same ageDays as the one that ran on, for products with and without events', async () => {
    const { store: db, drop } = await backend.open();
    // the adapter's clock; the store stamps new and restocked products with its own (PGlite's reads this one), at base
    const base = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: base });
    try {
      await db.catalog.upsert(SITE, [product('OLD'), product('NEW'), product('SEEN'), product('BACK', { inStock: false })], {
        listedAt: new Map([['OLD', base - 30 * DAY], ['SEEN', base - 5 * DAY], ['BACK', base - 60 * DAY]]),
      });
      await store(db, [view('SEEN', 's1', base - 20 * DAY)]); // viewed before the store listed it: counts from the view
      const running = new SiteIndex(db, SITE);
      await running.ready;
      await db.catalog.upsert(SITE, [product('BACK')]); // back in stock
      vi.setSystemTime(base + 3 * DAY);
      expect(await running.sync()).toBe(true);

      vi.setSystemTime(base + 5 * DAY); // the adapter restarts
      const restarted = new SiteIndex(db, SITE);
      await restarted.ready;

      const at = base + 10 * DAY;
      const served = (index: SiteIndex) => Object.fromEntries(['OLD', 'NEW', 'SEEN', 'BACK'].map((id) => [id, index.index.ageDays(id, at)]));
      expect(served(restarted)).toEqual(served(running));
      const ages = served(restarted);
      expect(ages.OLD).toBeCloseTo(40, 9); // listed 30 days before base
      expect(ages.SEEN).toBeCloseTo(30, 9); // first viewed 20 days before base
      expect(ages.NEW).toBeCloseTo(10, 2); // listed by the import, at base (give or take the test's own milliseconds)
      expect(ages.BACK).toBeCloseTo(10, 2); // restocked at base: not 70 days (listed 60 days before base)
    } finally {
      vi.useRealTimers();
      await drop();
    }
  }, 60_000);

  it('train rebuilds the ageDays the adapter serves for the same products at the same times', async () => {
    const { store: db, drop } = await backend.open();
    try {
      const base = Date.parse('2026-11-01T00:00:00.000Z');
      await db.catalog.upsert(SITE, ['A', 'B', 'C', 'D'].map((id) => product(id)), {
        listedAt: new Map([['A', base - 90 * DAY], ['B', base - 2 * DAY], ['C', base - 400 * DAY]]),
      });
      // D is listed by the import: now, after every event below (it counts as new at each of them)
      let n = 0;
      const imp = (requestId: string, productId: string, position: number, at: number) => ({
        ...view(productId, 's9', at), id: `0190b000-0000-7000-8000-${String(++n).padStart(12, '0')}`, type: 'rec_impression',
        properties: { requestId, placement: 'home-for-you', productId, position },
      }) as FocalEvent;
      const click = (requestId: string, productId: string, position: number, at: number) => ({
        ...view(productId, 's9', at), id: `0190b000-0000-7000-8000-${String(++n).padStart(12, '0')}`, type: 'rec_click',
        properties: { requestId, placement: 'home-for-you', productId, position },
      }) as FocalEvent;
      const at = base + 3 * DAY;
      await store(db, [
        view('C', 's1', base - 10 * DAY), view('B', 's2', base - 7 * DAY), // B was viewed before its listing
        ...['A', 'B', 'C', 'D'].map((id, i) => imp('R1', id, i, at)), click('R1', 'C', 2, at + 1000),
      ]);
      const server = new SiteIndex(db, SITE);
      await server.ready;

      const input = await readTrainingInput(db, SITE);
      const [list] = impressionLists(input.events, input.products, input.listings).lists;
      expect(list.ids).toEqual(['A', 'B', 'C', 'D']);
      const column = FEATURE_NAMES.indexOf('log_age_days');
      const trained = list.ids.map((_, row) => list.x[row * FEATURE_NAMES.length + column]);
      const served = list.ids.map((id) => Math.log1p(server.index.ageDays(id, at)));
      for (let i = 0; i < served.length; i++) expect([list.ids[i], trained[i]]).toEqual([list.ids[i], expect.closeTo(served[i], 5)]);
      expect(served.map((v) => Math.round(Math.expm1(v)))).toEqual([93, 10, 403, 0]);
    } finally {
      await drop();
    }
  }, 60_000);
});

describe('the demo', () => {
  it('seed --demo stores the listing times train:demo trains with: the history\'s start, a new arrival\'s launch', async () => {
    const { store: db, drop } = await backends[0].open();
    try {
      const data = generateDemoData({ products: 200, sessions: 30 });
      await seedDemo(db, () => data);
      const { listings } = await db.catalog.snapshot(DEMO_SITE_KEY);
      expect(Object.fromEntries([...listings].map(([id, l]) => [id, new Date(l.listedAt).toISOString()]))).toEqual(data.listedAt);
      const start = Date.parse(DEFAULT_DEMO_NOW) - DEMO_HISTORY_DAYS * DAY;
      const times = Object.values(data.listedAt).map(Date.parse);
      expect(times.filter((t) => t === start).length).toBeGreaterThan(150);
      expect(times.filter((t) => t > start && t < Date.parse(DEFAULT_DEMO_NOW)).length).toBeGreaterThan(0);
    } finally {
      await drop();
    }
  }, 60_000);
});
