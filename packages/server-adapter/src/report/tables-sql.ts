/**
 * SQL that fills the report tables (migration 0520) from a chosen set of events, and the longest windows an
 * attribution setting may use (the attribution table keeps every pair those windows could accept).
 * Each builder takes an {@link EventSource}: all events of the site `$1`, or those a condition selects (`$2`... are
 * the caller's: a list of seqs, a day's bounds, a list of anonymous or user ids), read once through the index the
 * condition names and materialised (PGlite keeps no statistics, so the planner cannot be trusted to pick it inside a
 * bigger statement). Every expression is the one the event-scanning statements of `sql.ts` use, so a table row says
 * exactly what those statements would compute.
 */
import { CHANNEL } from './sql.js';

/** The events a statement reads. */
export interface EventSource {
  /** A `SELECT ... FROM events WHERE ...` of the chosen events; none: every event of site `$1`. */
  select?: string;
}

/** Every event of the site. */
export const ALL_EVENTS: EventSource = {};

/** The events a condition on `events` selects (it must be selective and indexed). */
export const eventsWhere = (condition: string): EventSource => ({ select: `SELECT * FROM events WHERE ${condition}` });

/** `WITH` clause of a statement over `source`, plus its own CTEs. */
const withOf = (source: EventSource, ctes = '') =>
  source.select ? `WITH chosen AS MATERIALIZED (${source.select})${ctes ? `,${ctes}` : ''}` : ctes ? `WITH${ctes}` : '';

/** The rows of `source` as `e`, restricted to site `$1`. */
const rowsOf = (source: EventSource) => `${source.select ? 'chosen' : 'events'} e WHERE e.site_key = $1`;

/** Longest `sessionIdleMinutes` accepted by the options (`options.ts`), in seconds. */
export const MAX_IDLE_SECONDS = 24 * 3600;
/** Longest `emailWindowHours` accepted by the options, in seconds. */
export const MAX_EMAIL_SECONDS = 30 * 24 * 3600;
/**
 * Changes whenever what the tables hold changes: a site whose state names another layout is rebuilt.
 * v2 (migration 0530): email pairs of clicks without a user id (matched by anonymous id) and `click_user_id`.
 * v3 (migration 0540): traffic per channel (email clicks apart from web ones, for a web-only CTR).
 */
export const TABLES_LAYOUT = `v3;idle=${MAX_IDLE_SECONDS};email=${MAX_EMAIL_SECONDS}`;

const DAY = `(e.event_time AT TIME ZONE 'UTC')::date`;

/** Impressions and clicks per day, dimensions and channel, added to what the table holds. */
export const trafficInsert = (source: EventSource) => `
INSERT INTO report_traffic_daily (site_key, day, kind, placement, strategy, variant, model_version, page_type, channel, n)
${withOf(source)}
SELECT $1, d, kind, placement, strategy, variant, model_version, page_type, channel, count(*) FROM (
  SELECT ${DAY} AS d, e.type AS kind, coalesce(e.payload->'properties'->>'placement', '') AS placement,
      coalesce(e.payload->'properties'->>'strategy', '') AS strategy, coalesce(e.payload->'properties'->>'variant', '') AS variant,
      coalesce(e.payload->'properties'->>'modelVersion', '') AS model_version, coalesce(e.payload->'page'->>'type', '') AS page_type,
      ${CHANNEL("e.payload->'properties'")} AS channel
    FROM ${rowsOf(source)} AND e.type IN ('rec_impression', 'rec_click')) x
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
ON CONFLICT (site_key, day, kind, placement, strategy, variant, model_version, page_type, channel)
  DO UPDATE SET n = report_traffic_daily.n + excluded.n`;

/** Stored events (and late arrivals) per day and type, added to what the table holds. */
export const eventsInsert = (source: EventSource) => `
INSERT INTO report_events_daily (site_key, day, type, n, late)
${withOf(source)}
SELECT $1, ${DAY}, e.type, count(*), count(*) FILTER (WHERE e.received_at - e.event_time > interval '1 hour')
  FROM ${rowsOf(source)}
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
ON CONFLICT (site_key, day, type) DO UPDATE SET n = report_events_daily.n + excluded.n, late = report_events_daily.late + excluded.late`;

/** One row per purchase. */
export const ordersInsert = (source: EventSource) => `
INSERT INTO report_orders (site_key, event_id, seq, anonymous_id, event_time, revenue, line_total)
${withOf(source)}
SELECT $1, e.id, e.seq, e.anonymous_id, e.event_time, (e.payload->'properties'->>'revenue')::float8,
    (SELECT coalesce(sum((li->>'quantity')::float8 * (li->>'price')::float8), 0)
       FROM jsonb_array_elements(e.payload->'properties'->'lineItems') AS li)
  FROM ${rowsOf(source)} AND e.type = 'purchase'
ON CONFLICT (event_id) DO NOTHING`;

/** First variant-tagged impression per day, placement, variant and visitor, merged with what the table holds. */
export const exposureInsert = (source: EventSource) => `
INSERT INTO report_exposure_daily (site_key, day, placement, variant, anonymous_id, first_t)
${withOf(source)}
SELECT $1, ${DAY}, coalesce(e.payload->'properties'->>'placement', ''), e.payload->'properties'->>'variant', e.anonymous_id, min(e.event_time)
  FROM ${rowsOf(source)} AND e.type = 'rec_impression' AND e.payload->'properties'->>'variant' IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (site_key, day, placement, variant, anonymous_id)
  DO UPDATE SET first_t = least(report_exposure_daily.first_t, excluded.first_t)`;

const CLICK_DIMS = `coalesce(e.payload->'properties'->>'strategy', '') AS strategy,
      coalesce(e.payload->'properties'->>'variant', '') AS variant,
      coalesce(e.payload->'properties'->>'modelVersion', '') AS model_version,
      coalesce(e.payload->'page'->>'type', '') AS page_type`;

/** Purchase lines and add-to-carts of the chosen events (same expressions as `ATTRIBUTED_SQL`). */
const conversions = (source: EventSource) => `
  SELECT e.id AS event_id, 'purchase' AS kind, e.anonymous_id, e.user_id, e.event_time AS t,
      e.payload->'properties'->>'orderId' AS order_id, li.ord::int AS line_no, li.item->>'productId' AS product_id,
      (li.item->>'quantity')::float8 * (li.item->>'price')::float8 AS amount
    FROM ${source.select ? 'chosen' : 'events'} e
      CROSS JOIN LATERAL jsonb_array_elements(e.payload->'properties'->'lineItems') WITH ORDINALITY AS li(item, ord)
    WHERE e.site_key = $1 AND e.type = 'purchase'
  UNION ALL
  SELECT e.id, 'add_to_cart', e.anonymous_id, e.user_id, e.event_time, NULL, 1, e.payload->'properties'->>'productId',
      coalesce((e.payload->'properties'->>'price')::float8, 0) * (e.payload->'properties'->>'quantity')::float8
    FROM ${rowsOf(source)} AND e.type = 'add_to_cart'`;

const clicks = (source: EventSource, email: boolean) => `
  SELECT e.id, e.anonymous_id, e.user_id, e.event_time AS t, e.payload->'properties'->>'productId' AS product_id,
      e.payload->'properties'->>'placement' AS placement, ${CLICK_DIMS}
    FROM ${rowsOf(source)} AND e.type = 'rec_click' AND (coalesce(e.payload->'properties'->>'channel', 'web') = 'email') = ${email}`;

const ATTRIBUTION_COLUMNS = `site_key, kind, event_id, order_id, line_no, product_id, amount, conv_t, anonymous_id, user_id, click_id, click_t,
  click_user_id, placement, strategy, variant, model_version, page_type, is_email, widest`;

/**
 * Web pairs of the shoppers whose events `source` holds (all events of each shopper, or the gaps would be wrong):
 * an order line or add-to-cart and an earlier web click on the same product by the same anonymous id, with the widest
 * gap between consecutive events of that shopper from the click to the order (the session check of `ATTRIBUTED_SQL`:
 * the pair is in one session when that gap is at most the idle gap). Pairs no allowed idle gap accepts are left out.
 */
export const webPairsInsert = (source: EventSource) => `
INSERT INTO report_attribution (${ATTRIBUTION_COLUMNS})
${withOf(source, `
conv AS MATERIALIZED (${conversions(source)}
), clicks AS MATERIALIZED (${clicks(source, false)}
), pairs AS MATERIALIZED (
  SELECT v.*, c.id AS click_id, c.t AS click_t, c.user_id AS click_user_id, c.placement, c.strategy, c.variant, c.model_version, c.page_type
    FROM conv v JOIN clicks c ON c.anonymous_id = v.anonymous_id AND c.product_id = v.product_id AND c.t <= v.t
), gaps AS MATERIALIZED (
  SELECT e.anonymous_id, e.event_time AS t, lag(e.event_time) OVER w AS prev_t, e.event_time - lag(e.event_time) OVER w AS gap
    FROM ${rowsOf(source)} AND e.anonymous_id IN (SELECT anonymous_id FROM pairs)
    WINDOW w AS (PARTITION BY e.anonymous_id ORDER BY e.event_time, e.seq)
), widest AS (
  SELECT p.event_id, p.line_no, p.click_id, coalesce(max(g.gap), interval '0') AS widest
    FROM pairs p LEFT JOIN gaps g ON g.anonymous_id = p.anonymous_id AND g.prev_t >= p.click_t AND g.t <= p.t
    GROUP BY 1, 2, 3
)`)}
SELECT $1, p.kind, p.event_id, p.order_id, p.line_no, p.product_id, p.amount, p.t, p.anonymous_id, p.user_id, p.click_id, p.click_t,
    p.click_user_id, p.placement, p.strategy, p.variant, p.model_version, p.page_type, false, w.widest
  FROM pairs p JOIN widest w ON w.event_id = p.event_id AND w.line_no = p.line_no AND w.click_id = p.click_id
  WHERE w.widest <= make_interval(secs => ${MAX_IDLE_SECONDS})`;

/** How an email click and an order line are tied to one shopper (see `emailPairsInsert`). */
export type EmailMatch = 'user' | 'anonymous';

/**
 * Email pairs: an order line or add-to-cart and an earlier email click on the same product by the same shopper, at
 * most the longest email window apart. The shopper is, by `match`,
 * - `user`: the click's user id (a signed-in customer's email), the same on the order: pairs of the users whose
 *   events `source` holds;
 * - `anonymous`: the click's anonymous id, for a click without a user id (an email sent to an anonymous visitor),
 *   the same on the order, signed in by then or not: pairs of the shoppers (anonymous ids) whose events `source` holds.
 * Together, the same pairs as the email candidates of `ATTRIBUTED_SQL`; a click is in one kind only.
 */
export const emailPairsInsert = (source: EventSource, match: EmailMatch) => `
INSERT INTO report_attribution (${ATTRIBUTION_COLUMNS})
${withOf(source, `
conv AS MATERIALIZED (${conversions(source)}
), clicks AS MATERIALIZED (${clicks(source, true)}
)`)}
SELECT $1, v.kind, v.event_id, v.order_id, v.line_no, v.product_id, v.amount, v.t, v.anonymous_id, v.user_id, c.id, c.t,
    c.user_id, c.placement, c.strategy, c.variant, c.model_version, c.page_type, true, interval '0'
  FROM conv v JOIN clicks c ON ${match === 'user'
    ? 'v.user_id IS NOT NULL AND c.user_id = v.user_id'
    : 'c.user_id IS NULL AND c.anonymous_id = v.anonymous_id'} AND c.product_id = v.product_id
    AND c.t <= v.t AND v.t - c.t <= make_interval(secs => ${MAX_EMAIL_SECONDS})`;

/** The tables a site's rows are deleted from on a rebuild. */
export const REPORT_TABLES = ['report_traffic_daily', 'report_events_daily', 'report_orders', 'report_exposure_daily', 'report_attribution'] as const;
