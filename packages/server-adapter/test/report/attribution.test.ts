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
import { History, HOUR, MIN, T0 } from './history.js';

const SITE = 'pk_report_attr';
const RANGE = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') };

/** The history; each scenario has its own shopper and order id. */
export function attributionHistory(): History {
  const h = new History();
  // 1. web, inside the session: click, a view 20 min later, purchase 20 min after that (gaps ≤ 30 min) + an add-to-cart.
  const a1 = { anon: 'a1' };
  h.impression(T0 - MIN, a1, { placement: 'pdp-similar', productId: 'P1', strategy: 'similar' })
    .impression(T0 - MIN, a1, { placement: 'pdp-similar', productId: 'Q1', position: 1, strategy: 'similar' })
    .click(T0, a1, { placement: 'pdp-similar', productId: 'P1', strategy: 'similar' })
    .view(T0 + 20 * MIN, a1, 'P1').cart(T0 + 25 * MIN, a1, 'P1', 40)
    .purchase(T0 + 40 * MIN, a1, 'o1', [{ productId: 'P1', price: 40 }, { productId: 'Z1', price: 5 }]);
  // 2. web, just outside: purchase 30 min 1 s after the click, nothing in between.
  const a2 = { anon: 'a2' };
  h.click(T0, a2, { placement: 'pdp-similar', productId: 'P2', strategy: 'similar' })
    .purchase(T0 + 30 * MIN + 1000, a2, 'o2', [{ productId: 'P2', price: 20 }]);
  // 2b. web, just inside: 29 min 59 s.
  const a2b = { anon: 'a2b' };
  h.click(T0, a2b, { placement: 'pdp-similar', productId: 'P2', strategy: 'similar' })
    .purchase(T0 + 30 * MIN - 1000, a2b, 'o2b', [{ productId: 'P2', price: 20 }]);
  // 3. email, inside: clicked in an email, bought on the web 23 h 59 min later as the same signed-in user.
  h.click(T0, { anon: 'email:u3', user: 'u3' }, { placement: 'email-for-you', productId: 'P3', channel: 'email', strategy: 'personalised' })
    .purchase(T0 + 24 * HOUR - MIN, { anon: 'a3', user: 'u3' }, 'o3', [{ productId: 'P3', price: 30 }]);
  // 4. email, just outside: 24 h 1 min.
  h.click(T0, { anon: 'email:u4', user: 'u4' }, { placement: 'email-for-you', productId: 'P4', channel: 'email', strategy: 'personalised' })
    .purchase(T0 + 24 * HOUR + MIN, { anon: 'a4', user: 'u4' }, 'o4', [{ productId: 'P4', price: 30 }]);
  // 5. web click, purchase 2 h later in a new session: web clicks do not get the email window.
  const a5 = { anon: 'a5' };
  h.click(T0, a5, { placement: 'home-for-you', productId: 'P5' }).purchase(T0 + 2 * HOUR, a5, 'o5', [{ productId: 'P5', price: 15 }]);
  // 6. clicked twice, in two placements: one line, the last click (pdp-similar) wins; 2 × 50 counted once.
  const a6 = { anon: 'a6' };
  h.click(T0, a6, { placement: 'home-for-you', productId: 'P6', strategy: 'personalised' })
    .click(T0 + 5 * MIN, a6, { placement: 'pdp-similar', productId: 'P6', strategy: 'similar' })
    .purchase(T0 + 10 * MIN, a6, 'o6', [{ productId: 'P6', quantity: 2, price: 50 }]);
  // 7. a purchase with no click at all.
  h.purchase(T0, { anon: 'a7' }, 'o7', [{ productId: 'P7', price: 70 }]);
  // 8. a replenishment re-order on the next day.
  const a8 = { anon: 'a8' };
  h.click(T0 + 24 * HOUR, a8, { placement: 'account-reorder', productId: 'L8', strategy: 'replenishment' })
    .purchase(T0 + 24 * HOUR + 3 * MIN, a8, 'o8', [{ productId: 'L8', quantity: 3, price: 25 }]);
  // 9. a signed-in shopper who will be erased (GDPR).
  const a9 = { anon: 'a9', user: 'u9' };
  h.click(T0, a9, { placement: 'cart-add-ons', productId: 'P9', strategy: 'co-purchase' })
    .purchase(T0 + 5 * MIN, a9, 'o9', [{ productId: 'P9', price: 9 }]);
  return h;
}

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
