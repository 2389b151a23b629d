/**
 * The report tables (migration 0520, `src/report/refresh.ts`) give the report the events give: events arrive in
 * several rounds, shuffled, some late (an event that closes the gap between a click and an order arrives after the
 * order, a click after its order), erasures (GDPR, by user and by anonymous id) in between; after every round the
 * report read from the tables equals the report computed from the events alone (`source: 'events'`) and the report
 * of a fresh store loaded with the same events at once, over whole, partial and one-day ranges and with filters.
 * On PGlite, and on PostgreSQL too when DATABASE_URL is set (own schemas, dropped after).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { ingestBatch } from '../../src/ingest/ingest.js';
import { eraseSubject } from '../../src/profiles/service.js';
import { buildReport, type ReportQuery } from '../../src/report/build.js';
import { DEFAULT_ATTRIBUTION } from '../../src/report/options.js';
import { refreshReportTables, type RefreshResult } from '../../src/report/refresh.js';
import type { Store } from '../../src/store/index.js';
import { backends } from '../store/backends.js';
import { History, HOUR, MIN, T0 } from './history.js';
import { anonymousEmailHistory, attributionHistory, experimentHistory } from './scenarios.js';

const SITE = 'pk_report_incr';
const SPLITS = { 'home-trending': { variants: [{ name: 'control', weight: 1 }, { name: 'b', weight: 1 }] } };

/** Shoppers whose attribution depends on events that arrive late or are erased. */
function gapHistory(): { h: History; bridge: FocalEvent; lateClick: FocalEvent } {
  const h = new History();
  // g1: click, order 50 min later; a view at +25 min (arrives late) makes it one session.
  h.click(T0, { anon: 'g1' }, { placement: 'pdp-similar', productId: 'G1', strategy: 'similar', variant: 'b' })
    .purchase(T0 + 50 * MIN, { anon: 'g1' }, 'og1', [{ productId: 'G1', price: 11.5 }])
    .view(T0 + 25 * MIN, { anon: 'g1' }, 'G1');
  const bridge = h.events[h.events.length - 1];
  // g2: signed in for the click and the order, anonymous for the view between them; erasing the anonymous id's
  // events removes the view and splits the session.
  h.click(T0 + 2 * HOUR, { anon: 'g2', user: 'ug2' }, { placement: 'home-for-you', productId: 'G2', strategy: 'personalised' })
    .view(T0 + 2 * HOUR + 20 * MIN, { anon: 'g2' }, 'G2')
    .purchase(T0 + 2 * HOUR + 40 * MIN, { anon: 'g2', user: 'ug2' }, 'og2', [{ productId: 'G2', quantity: 2, price: 7.25 }]);
  // g3: the click is sent after the order (an offline queue), days later.
  h.purchase(T0 + 3 * 24 * HOUR + 5 * MIN, { anon: 'g3' }, 'og3', [{ productId: 'G3', price: 20 }])
    .click(T0 + 3 * 24 * HOUR, { anon: 'g3' }, { placement: 'cart-add-ons', productId: 'G3', strategy: 'co-purchase' });
  const lateClick = h.events[h.events.length - 1];
  // Exposures on several days for the experiment, the later ones first.
  for (let d = 3; d >= 0; d--) h.impression(T0 + d * 24 * HOUR + 7 * HOUR, { anon: 'c0-x' }, { placement: 'home-trending', productId: `T${d}`, strategy: 'trending', variant: 'control' });
  return { h, bridge, lateClick };
}

/** Deterministic shuffle. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const RANGES: [string, Partial<ReportQuery>][] = [
  ['whole days', { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') }],
  ['partial days at both ends', { from: new Date('2026-11-10T10:30:00Z'), to: new Date('2026-11-13T08:00:00Z') }],
  ['inside one day', { from: new Date('2026-11-10T09:00:00Z'), to: new Date('2026-11-10T11:00:00Z') }],
  ['one placement', { from: new Date('2026-11-09T00:00:00Z'), to: new Date('2026-11-15T00:00:00Z'), placement: 'pdp-similar' }],
  ['wide windows', { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), attribution: { sessionIdleMinutes: 60, emailWindowHours: 48 } }],
  ['no events', { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-03T00:00:00Z') }],
];

describe.each(backends)('report tables kept up to date incrementally ($name)', (backend) => {
  let store: Store;
  let drop: (() => Promise<void>) | undefined;
  const all = [...attributionHistory().events, ...experimentHistory().events];
  // Email clicks of anonymous visitors arrive in round 1, the orders (and a sign-in) after them in round 2.
  const emailAnonymous = anonymousEmailHistory().events;
  const emailOrders: FocalEvent[] = emailAnonymous.filter((e) => e.type === 'purchase' || e.type === 'add_to_cart' || e.type === 'identify');
  const emailClicks = emailAnonymous.filter((e) => !emailOrders.includes(e));
  const { h: gaps, bridge, lateClick } = gapHistory();
  const early = gaps.events.filter((e) => e !== bridge && e !== lateClick);
  const stored: FocalEvent[] = [];
  const refreshes: RefreshResult[] = [];

  /** Stores events through ingest (received `receivedAt`), in the given order. */
  async function arrive(events: FocalEvent[], receivedAt = new Date(T0 + 10 * 24 * HOUR)) {
    for (let i = 0; i < events.length; i += 7) await ingestBatch(store, SITE, { events: events.slice(i, i + 7) }, receivedAt);
    stored.push(...events);
  }

  /** Every range: tables == events on this store, and (`erased` given) == a fresh store holding the same events. */
  async function expectSameAsRecompute(erased?: (e: FocalEvent) => boolean) {
    const fresh = erased ? await backend.open() : undefined;
    for (const [name, range] of RANGES) {
      const query = { siteKey: SITE, attribution: DEFAULT_ATTRIBUTION, splits: SPLITS, ...range } as ReportQuery;
      const fromTables = await buildReport(store, query, (r) => refreshes.push(r));
      expect(fromTables, name).toEqual(await buildReport(store, { ...query, source: 'events' }));
    }
    if (!fresh) return;
    try {
      await fresh.store.sites.upsert({ siteKey: SITE, name: 'fresh', allowedOrigins: [], settings: {} });
      const kept = stored.filter((e) => !erased!(e));
      for (let i = 0; i < kept.length; i += 100) await ingestBatch(fresh.store, SITE, { events: kept.slice(i, i + 100) }, new Date(T0 + 10 * 24 * HOUR));
      for (const [name, range] of RANGES) {
        const query = { siteKey: SITE, attribution: DEFAULT_ATTRIBUTION, splits: SPLITS, ...range } as ReportQuery;
        const fromTables = await buildReport(store, query);
        expect(await buildReport(fresh.store, query), `${name} (fresh store)`).toEqual(fromTables);
      }
    } finally {
      await fresh.drop();
    }
  }

  beforeAll(async () => {
    ({ store, drop } = await backend.open());
    await store.sites.upsert({ siteKey: SITE, name: 'incremental', allowedOrigins: [], settings: {} });
  });
  afterAll(() => drop?.());

  it('round 1: half the history, shuffled; the first report builds the tables', async () => {
    await arrive(shuffled(all, 1).slice(0, Math.floor(all.length / 2)));
    await arrive(early);
    await arrive(emailClicks);
    await expectSameAsRecompute();
    expect(refreshes[0]!.mode).toBe('rebuilt');
    expect(refreshes.slice(1).every((r) => r.mode === 'current')).toBe(true);
  });

  it('round 2: the rest, shuffled, plus late events that change the attribution of earlier orders', async () => {
    const before = await buildReport(store, { siteKey: SITE, ...RANGES[0]![1], attribution: DEFAULT_ATTRIBUTION } as ReportQuery);
    expect(before.rows.some((r) => r.placement === 'pdp-similar' && r.variant === 'b' && r.orders > 0)).toBe(false);
    await arrive([...shuffled(all, 2).slice(Math.floor(all.length / 2)), bridge, lateClick, ...shuffled(emailOrders, 3)], new Date(T0 + 12 * 24 * HOUR));
    refreshes.length = 0;
    await expectSameAsRecompute();
    expect(refreshes[0]).toMatchObject({ mode: 'updated' });
    expect(refreshes[0]!.events).toBeGreaterThan(10);
    const after = await buildReport(store, { siteKey: SITE, ...RANGES[0]![1], attribution: DEFAULT_ATTRIBUTION } as ReportQuery);
    expect(after.rows.find((r) => r.placement === 'pdp-similar' && r.variant === 'b')).toMatchObject({ orders: 1, revenue: 11.5 });
    expect(after.placements.find((p) => p.placement === 'cart-add-ons')!.revenue).toBe(9 + 20);
    // u3's order (30), and those of anonymous visitors (anonymousEmailHistory: 155)
    expect(after.placements.find((p) => p.placement === 'email-for-you')).toMatchObject({ orders: 5, revenue: 185 });
    expect(after.pipeline.lateArrivals).toBeGreaterThan(0);
  });

  it('round 3: an erasure by user and one by anonymous id leave the report as if the events had never been sent', async () => {
    const withG2 = await buildReport(store, { siteKey: SITE, ...RANGES[0]![1], attribution: DEFAULT_ATTRIBUTION } as ReportQuery);
    expect(withG2.placements.find((p) => p.placement === 'home-for-you')).toMatchObject({ orders: 1, revenue: 14.5 });
    await eraseSubject(store, SITE, { userId: 'u9' });
    await eraseSubject(store, SITE, { anonymousId: 'g2' });
    refreshes.length = 0;
    const u9 = (e: FocalEvent) => e.userId === 'u9' || e.anonymousId === 'a9';
    const g2Anonymous = (e: FocalEvent) => e.anonymousId === 'g2' && !e.userId;
    await expectSameAsRecompute((e) => u9(e) || g2Anonymous(e));
    expect(refreshes[0]).toMatchObject({ mode: 'updated', events: 0 });
    expect(refreshes[0]!.days).toBeGreaterThan(0);
    const after = await buildReport(store, { siteKey: SITE, ...RANGES[0]![1], attribution: DEFAULT_ATTRIBUTION } as ReportQuery);
    expect(after.placements.find((p) => p.placement === 'cart-add-ons')).toMatchObject({ orders: 1, revenue: 20 });
    expect(after.placements.find((p) => p.placement === 'home-for-you')).toMatchObject({ orders: 0, revenue: 0 });
  });

  it('round 4: more events after the erasure, then a forced rebuild changes nothing', async () => {
    const more = new History();
    more.click(T0 + 5 * HOUR, { anon: 'g4' }, { placement: 'pdp-similar', productId: 'G4', strategy: 'similar' })
      .purchase(T0 + 5 * HOUR + 5 * MIN, { anon: 'g4' }, 'og4', [{ productId: 'G4', price: 3 }]);
    await arrive(more.events);
    await expectSameAsRecompute();
    const query = { siteKey: SITE, ...RANGES[1]![1], attribution: DEFAULT_ATTRIBUTION, splits: SPLITS } as ReportQuery;
    const incremental = await buildReport(store, query);
    expect((await refreshReportTables(store.sql, SITE, { rebuild: true })).mode).toBe('rebuilt');
    expect(await buildReport(store, query)).toEqual(incremental);
  });

  it('round 5: refreshes running while events arrive lose nothing and count nothing twice', async () => {
    const more = new History();
    for (let i = 0; i < 40; i++) {
      const who = { anon: `r5-${i}` };
      more.click(T0 + i * MIN, who, { placement: 'pdp-similar', productId: `R${i}`, strategy: 'similar' })
        .purchase(T0 + i * MIN + 5 * MIN, who, `or5-${i}`, [{ productId: `R${i}`, price: 2 }]);
    }
    const batches = Array.from({ length: 8 }, (_, i) => more.events.slice(i * 10, i * 10 + 10));
    await Promise.all([
      ...batches.map((events) => ingestBatch(store, SITE, { events }, new Date(T0 + 10 * 24 * HOUR))),
      ...[0, 1, 2].map(() => refreshReportTables(store.sql, SITE)),
    ]);
    stored.push(...more.events);
    await expectSameAsRecompute();
    const report = await buildReport(store, { siteKey: SITE, ...RANGES[0]![1], attribution: DEFAULT_ATTRIBUTION } as ReportQuery);
    expect(report.rows.filter((r) => r.day === '2026-11-10' && r.placement === 'pdp-similar').reduce((s, r) => s + r.orders, 0)).toBeGreaterThanOrEqual(40);
  });
});
