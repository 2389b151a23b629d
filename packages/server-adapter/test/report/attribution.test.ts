/**
 * Attribution on hand-built histories with known answers (real PGlite): session window inside / just outside,
 * email window inside / just outside, web clicks not carried across sessions, last click wins, purchases without a
 * click, add-to-carts, replenishment re-orders, and a GDPR erasure removing a shopper from the report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseSubject } from '../../src/profiles/service.js';
import { buildReport, type Report } from '../../src/report/build.js';
import { DEFAULT_ATTRIBUTION } from '../../src/report/options.js';
import { openStore, type Store } from '../../src/store/index.js';
import { attributionHistory } from './scenarios.js';

const SITE = 'pk_report_attr';
const RANGE = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') };

describe('attribution (PGlite)', () => {
  let store: Store;
  let report: Report;

  beforeAll(async () => {
    store = await openStore({});
    await attributionHistory().store(store, SITE);
    report = await buildReport(store, { siteKey: SITE, ...RANGE, attribution: DEFAULT_ATTRIBUTION });
  });
  afterAll(() => store.close());

  const placement = (id: string) => report.placements.find((p) => p.placement === id);

  it('attributes a web purchase inside the session and refuses one just outside the idle window', () => {
    // pdp-similar: o1 (40), o2b (20), o6 (100); not o2 (31 min idle).
    expect(placement('pdp-similar')).toMatchObject({ orders: 3, revenue: 160, impressions: 2, clicks: 4, addToCarts: 1 });
    expect(placement('pdp-similar')!.ctr).toBeCloseTo(2, 10);
  });

  it('attributes an email click for 24 h to the same user, and not a minute longer', () => {
    expect(placement('email-for-you')).toMatchObject({ orders: 1, revenue: 30, clicks: 2 });
  });

  it('does not carry a web click into a later session (no 24 h window for web clicks)', () => {
    expect(placement('home-for-you')).toMatchObject({ orders: 0, revenue: 0, clicks: 2 });
  });

  it('counts an order line clicked twice in two placements once, for the last click', () => {
    const home = report.rows.filter((r) => r.placement === 'home-for-you');
    expect(home.reduce((s, r) => s + r.orders, 0)).toBe(0);
    expect(report.totals.revenue).toBe(40 + 20 + 30 + 100 + 75 + 9);
  });

  it('splits orders with and without a recommendation click, and counts re-orders and revenue share', () => {
    // With: o1 (45), o2b (20), o3 (30), o6 (100), o8 (75), o9 (9). Without: o2 (20), o4 (30), o5 (15), o7 (70).
    expect(report.totals.allOrders).toBe(10);
    expect(report.totals.withRecClick).toEqual({ orders: 6, revenue: 279, aov: 46.5 });
    expect(report.totals.withoutRecClick).toEqual({ orders: 4, revenue: 135, aov: 33.75 });
    expect(report.totals.allRevenue).toBe(414);
    expect(report.totals.revenueShare).toBeCloseTo(274 / 414, 10);
    expect(placement('account-reorder')).toMatchObject({ orders: 1, revenue: 75, reorders: 1 });
    expect(report.totals.reorders).toBe(1);
  });

  it('splits per day, placement, strategy and variant, and per page type', () => {
    const day2 = report.rows.find((r) => r.day === '2026-11-11' && r.placement === 'account-reorder');
    expect(day2).toMatchObject({ strategy: 'replenishment', variant: '', orders: 1 });
    expect(report.byPageType.find((r) => r.placement === 'email-for-you')).toMatchObject({ pageType: 'email', orders: 1 });
  });

  it('honours configured windows: a 60 min session attributes the 31 min purchase', async () => {
    const wide = await buildReport(store, { siteKey: SITE, ...RANGE, attribution: { sessionIdleMinutes: 60, emailWindowHours: 24 } });
    expect(wide.placements.find((p) => p.placement === 'pdp-similar')).toMatchObject({ orders: 4, revenue: 180 });
  });

  it('filters one placement, and answers an unknown placement with a note instead of an error', async () => {
    const only = await buildReport(store, { siteKey: SITE, ...RANGE, placement: 'email-for-you', attribution: DEFAULT_ATTRIBUTION });
    expect(only.placements.map((p) => p.placement)).toEqual(['email-for-you']);
    expect(only.totals).toMatchObject({ orders: 1, revenue: 30, allOrders: 10 });
    const unknown = await buildReport(store, { siteKey: SITE, ...RANGE, placement: 'no-such-thing', attribution: DEFAULT_ATTRIBUTION });
    expect(unknown.placements).toEqual([]);
    expect(unknown.notes.join(' ')).toMatch(/"no-such-thing" has never been shown/);
  });

  it('answers an empty range with an empty report and a note', async () => {
    const empty = await buildReport(store, { siteKey: SITE, from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-02T00:00:00Z'), attribution: DEFAULT_ATTRIBUTION });
    expect(empty.rows).toEqual([]);
    expect(empty.totals).toMatchObject({ orders: 0, allOrders: 0, revenue: 0, impressions: 0 });
    expect(empty.notes[0]).toMatch(/report is empty/);
  });

  it('drops an erased shopper (GDPR) from the report', async () => {
    expect(placement('cart-add-ons')).toMatchObject({ orders: 1, revenue: 9 });
    await eraseSubject(store, SITE, { userId: 'u9' });
    const after = await buildReport(store, { siteKey: SITE, ...RANGE, attribution: DEFAULT_ATTRIBUTION });
    expect(after.placements.find((p) => p.placement === 'cart-add-ons')).toBeUndefined();
    expect(after.totals.allOrders).toBe(9);
    expect(after.totals.withRecClick.orders).toBe(5);
  });
});
