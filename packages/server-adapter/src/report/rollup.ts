/** Pure roll-ups of the report's query rows into its tables. */

/** Impressions or clicks of one day and dimension combination (`TRAFFIC_SQL`). */
export interface TrafficRow {
  kind: 'rec_impression' | 'rec_click';
  day: string;
  placement: string;
  strategy: string;
  variant: string;
  modelVersion: string;
  pageType: string;
  /** `email`: clicks through an email link (`channel: 'email'`; emails have no impressions); `web`: everything else. */
  channel: 'web' | 'email';
  n: number;
}

/** One attributed order line or add-to-cart with the dimensions of its winning click (`ATTRIBUTED_SQL`). */
export interface AttributedRow {
  kind: 'purchase' | 'add_to_cart';
  eventId: string;
  orderId: string | null;
  lineNo: number;
  productId: string;
  amount: number;
  day: string;
  placement: string;
  strategy: string;
  variant: string;
  modelVersion: string;
  pageType: string;
  isEmail: boolean;
  clickId: string;
}

/** One purchase of the range (`ORDERS_SQL`). */
export interface OrderRow {
  eventId: string;
  day: string;
  revenue: number;
  lineTotal: number;
}

/** The measures every table of the report shows. */
export interface Measures {
  /** Viewable impressions (on the web: an email's products are never counted as shown). */
  impressions: number;
  /** Every click: on the web and through email links. */
  clicks: number;
  /** The clicks that came through an email link (`channel: 'email'`); they have no impressions to divide by. */
  emailClicks: number;
  /** Web clicks / impressions; null without impressions (e.g. an email placement, which only has clicks). */
  ctr: number | null;
  /** Add-to-carts attributed to a recommendation click. */
  addToCarts: number;
  /** Orders with at least one attributed line. */
  orders: number;
  /** Attributed order-line revenue (quantity × price). */
  revenue: number;
  /** Attributed revenue / all order-line revenue of the range. */
  revenueShare: number;
  /** Attributed order lines whose click came from a replenishment strategy. */
  reorders: number;
}

export type Dimension = 'day' | 'placement' | 'strategy' | 'variant' | 'modelVersion' | 'pageType';

/** A table row: its dimension values plus the measures. */
export type RolledRow<D extends Dimension> = { [K in D]: string } & Measures;

/** Whether a strategy name is a replenishment strategy (`replenishment`, or a blend naming it). */
export function isReplenishment(strategy: string): boolean {
  return /replenish/i.test(strategy);
}

/**
 * Groups traffic and attributed rows by `dims` and computes the measures. An order counts once per group, however
 * many of its lines were attributed there. Rows come out sorted by the dimension values.
 */
export function rollUp<D extends Dimension>(dims: readonly D[], traffic: TrafficRow[], attributed: AttributedRow[], totalRevenue: number): RolledRow<D>[] {
  const groups = new Map<string, { values: Record<string, string>; m: Measures; orders: Set<string> }>();
  const group = (row: Record<D, string>) => {
    const values = Object.fromEntries(dims.map((d) => [d, row[d]])) as Record<string, string>;
    const key = JSON.stringify(dims.map((d) => row[d]));
    let g = groups.get(key);
    if (!g) {
      g = { values, m: emptyMeasures(), orders: new Set() };
      groups.set(key, g);
    }
    return g;
  };
  for (const t of traffic) {
    const g = group(t);
    if (t.kind === 'rec_impression') g.m.impressions += t.n;
    else {
      g.m.clicks += t.n;
      if (t.channel === 'email') g.m.emailClicks += t.n;
    }
  }
  for (const a of attributed) {
    const g = group(a);
    if (a.kind === 'add_to_cart') {
      g.m.addToCarts++;
      continue;
    }
    g.orders.add(a.eventId);
    g.m.revenue += a.amount;
    if (isReplenishment(a.strategy)) g.m.reorders++;
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => {
    const m = g.m;
    m.orders = g.orders.size;
    m.ctr = webCtr(m);
    m.revenue = round2(m.revenue);
    m.revenueShare = totalRevenue > 0 ? m.revenue / totalRevenue : 0;
    return { ...g.values, ...m } as RolledRow<D>;
  });
}

/** Measures of nothing (CTR null: no impressions). */
export function emptyMeasures(): Measures {
  return { impressions: 0, clicks: 0, emailClicks: 0, ctr: null, addToCarts: 0, orders: 0, revenue: 0, revenueShare: 0, reorders: 0 };
}

/**
 * Click-through rate on the web: web clicks (all clicks but those through email links) / viewable impressions; null
 * without impressions, where there is nothing to divide by (0 % would read as "shown and never clicked").
 */
export function webCtr(m: { impressions: number; clicks: number; emailClicks: number }): number | null {
  return m.impressions ? (m.clicks - m.emailClicks) / m.impressions : null;
}

/** Money rounded to cents (sums of float prices carry noise). */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Order value with and without a recommendation click: orders, revenue and average order value (AOV). */
export interface OrderSplit {
  orders: number;
  revenue: number;
  aov: number;
}

/** Splits the range's orders by whether at least one of their lines was attributed (using the `revenue` field). */
export function orderSplit(orders: OrderRow[], attributed: AttributedRow[]): { withRecClick: OrderSplit; withoutRecClick: OrderSplit } {
  const withClick = new Set(attributed.filter((a) => a.kind === 'purchase').map((a) => a.eventId));
  const split = (rows: OrderRow[]): OrderSplit => {
    const revenue = round2(rows.reduce((s, o) => s + o.revenue, 0));
    return { orders: rows.length, revenue, aov: rows.length ? round2(revenue / rows.length) : 0 };
  };
  return { withRecClick: split(orders.filter((o) => withClick.has(o.eventId))), withoutRecClick: split(orders.filter((o) => !withClick.has(o.eventId))) };
}
