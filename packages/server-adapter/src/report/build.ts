import type { Metrics } from '../observability/metrics.js';
import type { Store } from '../store/store.js';
import { experimentResults, type ExperimentResult, type ExposureRow, type SplitConfig } from './experiments.js';
import { knownManifests, modelHealth, type ModelHealth } from './model-health.js';
import type { AttributionOptions } from './options.js';
import { rangeLabel } from './params.js';
import { pipelineHealth, type PipelineHealth } from './pipeline.js';
import { emptyMeasures, orderSplit, rollUp, round2, type AttributedRow, type Measures, type OrderRow, type OrderSplit, type RolledRow, type TrafficRow } from './rollup.js';
import {
  ATTRIBUTED_TABLES_SQL, EXPOSURE_TABLES_SQL, ORDERS_TABLES_SQL, PIPELINE_TABLES_SQL, PLACEMENTS_TABLES_SQL, TRAFFIC_TABLES_SQL, wholeDays,
} from './read-sql.js';
import { refreshReportTables, type RefreshResult } from './refresh.js';
import { ATTRIBUTED_SQL, CURRENCIES_SQL, EXPOSURE_SQL, ORDERS_SQL, PIPELINE_SQL, runReportSql, TRAFFIC_SQL } from './sql.js';

/** What to report on. */
export interface ReportQuery {
  siteKey: string;
  /** Inclusive start. */
  from: Date;
  /** Exclusive end. */
  to: Date;
  /** Only this placement's recommendations (orders and revenue totals stay those of the whole shop). */
  placement?: string;
  attribution: AttributionOptions;
  /** Configured A/B splits by placement (for the sample-ratio check); unknown placements assume equal shares. */
  splits?: Record<string, SplitConfig | undefined>;
  /** Folder of the served `reranker.json` (model health). */
  modelsDir?: string;
  /** The running adapter's metrics (pipeline counters since start). */
  metrics?: Metrics;
  /**
   * `tables` (default): bring the report tables up to date, then read them (whole days) and the events of the partial
   * days at the ends of the range. `events`: scan the events of the whole range (slow on a long history; the
   * reference the tables are tested against).
   */
  source?: 'tables' | 'events';
}

/** The statements of one source. */
const STATEMENTS = {
  events: {
    traffic: TRAFFIC_SQL, attributed: ATTRIBUTED_SQL, orders: ORDERS_SQL, exposure: EXPOSURE_SQL, pipeline: PIPELINE_SQL,
    placements: `SELECT DISTINCT payload->'properties'->>'placement' AS p FROM events WHERE site_key = $1 AND type = 'rec_impression' ORDER BY 1 LIMIT 50`,
  },
  tables: {
    traffic: TRAFFIC_TABLES_SQL, attributed: ATTRIBUTED_TABLES_SQL, orders: ORDERS_TABLES_SQL, exposure: EXPOSURE_TABLES_SQL,
    pipeline: PIPELINE_TABLES_SQL, placements: PLACEMENTS_TABLES_SQL,
  },
};

/** The whole report: see the adapter README, "Results and dashboard". */
export interface Report {
  siteKey: string;
  from: string;
  to: string;
  placement: string | null;
  attribution: AttributionOptions;
  totals: Measures & {
    /** Every order of the range. */
    allOrders: number;
    /** Order-line revenue of every order of the range. */
    allRevenue: number;
    withRecClick: OrderSplit;
    withoutRecClick: OrderSplit;
  };
  /** Per day, placement, strategy and variant. */
  rows: RolledRow<'day' | 'placement' | 'strategy' | 'variant'>[];
  placements: RolledRow<'placement'>[];
  byPageType: RolledRow<'placement' | 'pageType'>[];
  /**
   * Orders of the range per currency, most orders first. Money figures are sums of the amounts as sent, never
   * converted: with more than one currency here they add up different currencies (a note and the dashboard say so).
   */
  currencies: { currency: string; orders: number }[];
  /**
   * Per day, for the charts: all revenue, attributed revenue, impressions, clicks (of which through email links), web
   * CTR (null on a day without impressions).
   */
  daily: { day: string; revenue: number; attributedRevenue: number; impressions: number; clicks: number; emailClicks: number; ctr: number | null }[];
  experiments: ExperimentResult[];
  models: ModelHealth[];
  pipeline: PipelineHealth;
  /** Plain-language remarks (empty range, unknown placement, ...). */
  notes: string[];
}

/** What the report says when the range's orders are in several currencies. */
export function currencyWarning(currencies: Report['currencies']): string {
  const list = currencies.map((c) => `${c.currency || '(none)'}: ${c.orders}`).join(', ');
  return `orders in ${currencies.length} currencies (${list}): revenue, AOV and shares add these amounts up unconverted, so they are not money in any one currency`;
}

const num = (v: unknown) => Number(v ?? 0);
const str = (v: unknown) => (v == null ? '' : String(v));

/**
 * Builds the report of a site and range: brings the report tables up to date (`refresh.ts`), then runs five
 * statements one after the other. `refreshed` receives what the refresh did.
 */
export async function buildReport(store: Store, query: ReportQuery, refreshed?: (result: RefreshResult) => void): Promise<Report> {
  const { siteKey, from, to, attribution } = query;
  const placement = query.placement ?? null;
  const range = [siteKey, from.toISOString(), to.toISOString()];
  const source = query.source ?? 'tables';
  const sql = STATEMENTS[source];
  if (source === 'tables') {
    const result = await refreshReportTables(store.sql, siteKey);
    refreshed?.(result);
  }
  // Tables: whole days between $4 and $5 come from the per-day tables, the rest of the range from the events.
  const days = source === 'tables' ? wholeDays(from, to).map((d) => d.toISOString()) : [];
  const traffic: TrafficRow[] = (await runReportSql(store.sql, sql.traffic, [...range, ...days, placement])).map((r) => ({
    kind: r.kind as TrafficRow['kind'], day: str(r.day), placement: str(r.placement), strategy: str(r.strategy), variant: str(r.variant),
    modelVersion: str(r.model_version), pageType: str(r.page_type), channel: r.channel === 'email' ? 'email' : 'web', n: num(r.n),
  }));
  const attributed: AttributedRow[] = (await runReportSql(store.sql, sql.attributed, [...range, placement, attribution.sessionIdleMinutes * 60, attribution.emailWindowHours * 3600])).map((r) => ({
    kind: r.kind as AttributedRow['kind'], eventId: str(r.event_id), orderId: r.order_id == null ? null : str(r.order_id), lineNo: num(r.line_no),
    productId: str(r.product_id), amount: num(r.amount), day: str(r.day), placement: str(r.placement), strategy: str(r.strategy),
    variant: str(r.variant), modelVersion: str(r.model_version), pageType: str(r.page_type), isEmail: Boolean(r.is_email), clickId: str(r.click_id),
  }));
  const orders: OrderRow[] = (await runReportSql(store.sql, sql.orders, range)).map((r) => ({
    eventId: str(r.event_id), day: str(r.day), revenue: num(r.revenue), lineTotal: num(r.line_total),
  }));
  const exposure: ExposureRow[] = (await runReportSql(store.sql, sql.exposure, [...range, ...days, placement])).map((r) => ({
    placement: str(r.placement), variant: str(r.variant), visitors: num(r.visitors), converted: num(r.converted), revenue: num(r.revenue), revenueSq: num(r.revenue_sq),
    mixedVisitors: num(r.mixed_visitors),
  }));
  const currencies = (await store.sql.query(CURRENCIES_SQL, range)).rows.map((r) => ({ currency: str(r.currency), orders: num(r.orders) }));
  const allRevenue = round2(orders.reduce((s, o) => s + o.lineTotal, 0));
  const [total] = rollUp([] as never[], traffic, attributed, allRevenue);
  const empty: Measures = emptyMeasures();
  const daily = new Map<string, Report['daily'][number]>();
  const day = (d: string) => daily.get(d) ?? daily.set(d, { day: d, revenue: 0, attributedRevenue: 0, impressions: 0, clicks: 0, emailClicks: 0, ctr: null }).get(d)!;
  for (const o of orders) day(o.day).revenue += o.lineTotal;
  for (const r of rollUp(['day'], traffic, attributed, allRevenue)) Object.assign(day(r.day), { attributedRevenue: r.revenue, impressions: r.impressions, clicks: r.clicks, emailClicks: r.emailClicks, ctr: r.ctr });
  const notes: string[] = [];
  if (!traffic.length && !orders.length) notes.push(`no recommendation events and no orders in ${rangeLabel(range[1]!, range[2]!)}: the report is empty`);
  if (currencies.length > 1) notes.push(currencyWarning(currencies));
  if (placement && !traffic.length) {
    const known = (await store.sql.query(sql.placements, [siteKey])).rows.map((r) => str(r.p));
    notes.push(known.includes(placement)
      ? `placement "${placement}" has no impressions or clicks in this range`
      : `placement "${placement}" has never been shown on this site; placements with events: ${known.join(', ') || '(none yet)'}`);
  }
  if (!exposure.length) notes.push('no A/B split or holdout was exposed in this range (impressions carry no variant)');
  for (const [id, split] of Object.entries(query.splits ?? {})) {
    if (split && (!placement || id === placement) && !exposure.some((r) => r.placement === id)) {
      notes.push(`placement "${id}" has an A/B split configured but no impression of this range carries a variant: check that the pages send the recommendation answer's variant with their events`);
    }
  }
  for (const id of new Set(exposure.map((r) => r.placement))) {
    const arms = exposure.filter((r) => r.placement === id);
    // visitors shown several variants are in no arm: an arm can be left without visitors (the experiment is then not shown)
    const withVisitors = arms.filter((r) => r.visitors > 0);
    const mixed = arms[0]!.mixedVisitors ?? 0;
    if (arms.length === 1) notes.push(`placement "${id}": only variant "${arms[0]!.variant}" was shown in this range, so there is nothing to compare it with yet`);
    else if (withVisitors.length < 2) {
      notes.push(`placement "${id}": ${mixed} visitor${mixed === 1 ? '' : 's'} saw more than one variant (the split changed during the experiment?) and ${mixed === 1 ? 'is' : 'are'} left out of every arm, `
        + (withVisitors.length ? `which leaves only variant "${withVisitors[0]!.variant}" with visitors of its own: there is nothing to compare it with` : 'which leaves no variant with visitors of its own: there is nothing to compare'));
    }
  }
  const models = modelHealth(traffic, attributed, await knownManifests(store, query.modelsDir));
  for (const m of models) if (m.comparedWith?.worse) notes.push(m.comparedWith.message);
  return {
    siteKey, from: range[1], to: range[2], placement, attribution,
    currencies,
    totals: { ...(total ?? empty), allOrders: orders.length, allRevenue, ...orderSplit(orders, attributed) },
    rows: rollUp(['day', 'placement', 'strategy', 'variant'], traffic, attributed, allRevenue),
    placements: rollUp(['placement'], traffic, attributed, allRevenue),
    byPageType: rollUp(['placement', 'pageType'], traffic, attributed, allRevenue),
    daily: [...daily.values()].sort((a, b) => a.day.localeCompare(b.day)).map((d) => ({ ...d, revenue: round2(d.revenue) })),
    experiments: experimentResults(exposure, query.splits ?? {}),
    models,
    pipeline: await pipelineHealth(store.sql, siteKey, from, to, query.metrics, { text: sql.pipeline, params: [...range, ...days] }),
    notes,
  };
}
