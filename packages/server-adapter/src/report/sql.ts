/**
 * The report's SQL that reads the events themselves: one text each, run unchanged on PGlite and PostgreSQL.
 * `buildReport` reads the report tables (`read-sql.ts`) for whole UTC days and these statements for the partial days
 * at the ends of a range; with `source: 'events'` it runs them over the whole range (the reference the tables are
 * tested against). Run them with {@link runReportSql}: freshly bulk-loaded events have no planner statistics (PGlite
 * has no autovacuum), and the row estimates of 1 they get would make the planner pick nested loops that take minutes
 * on the demo history; hash joins take milliseconds.
 * The session check of a web click is a LATERAL range scan (index `events_site_anonymous_time`, migration 0500) over
 * the shopper's events between click and order, skipped when the two are less than the idle gap apart. Parameters of
 * every full-range statement: `$1` site key, `$2` from (inclusive), `$3` to (exclusive), then the statement's own.
 * Days are UTC calendar days of the counted event (impression, click, add-to-cart or purchase).
 */
import type { SqlClient } from '../store/sql-client.js';

const DIMS = `coalesce(e.payload->'properties'->>'strategy', '') AS strategy,
    coalesce(e.payload->'properties'->>'variant', '') AS variant,
    coalesce(e.payload->'properties'->>'modelVersion', '') AS model_version,
    coalesce(e.payload->'page'->>'type', '') AS page_type`;

/** The channel of a recommendation event whose properties are `props`: `email` or `web` (anything else, or none). */
export const CHANNEL = (props: string) => `CASE WHEN ${props}->>'channel' = 'email' THEN 'email' ELSE 'web' END`;

/**
 * Impressions and clicks of `[from, to)` grouped by day, dimensions and channel (`email` for a click through an email
 * link, as attribution tells them apart; `web` otherwise); `placement` is a parameter or null.
 */
export const trafficOf = (from: string, to: string, placement: string) => `
SELECT kind, to_char(d, 'YYYY-MM-DD') AS day, placement, strategy, variant, model_version, page_type, channel, n FROM (
  SELECT kind, d, p->>'placement' AS placement, coalesce(p->>'strategy', '') AS strategy, coalesce(p->>'variant', '') AS variant,
      coalesce(p->>'modelVersion', '') AS model_version, page_type, ${CHANNEL('p')} AS channel, count(*)::int AS n
    FROM (SELECT e.type AS kind, (e.event_time AT TIME ZONE 'UTC')::date AS d, e.payload->'properties' AS p,
        coalesce(e.payload->'page'->>'type', '') AS page_type
      FROM events e
      WHERE e.site_key = $1 AND e.type IN ('rec_impression', 'rec_click') AND e.event_time >= ${from} AND e.event_time < ${to}
        AND (${placement}::text IS NULL OR e.payload->'properties'->>'placement' = ${placement}::text)) x
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) g`;


/**
 * Viewable impressions and clicks per day, placement, strategy, variant, model version and page type.
 * `$4` placement or null (all).
 */
export const TRAFFIC_SQL = trafficOf('$2', '$3', '$4');

/**
 * Attributed order lines and add-to-carts, one row each, with the dimensions of the winning (last) click.
 * `$4` placement or null, `$5` session idle gap in seconds, `$6` email window in seconds.
 * Candidates: web clicks of the same anonymous id in the same session; email clicks within the email window of the
 * same user (a click with a user id) or of the same anonymous id (a click without one: an email sent to an anonymous
 * visitor, who may have signed in since, identify keeping the anonymous id). The two email joins never pair the same
 * click twice (a click has a user id or not).
 */
export const ATTRIBUTED_SQL = `
WITH clicks AS MATERIALIZED (
  SELECT e.id, e.anonymous_id, e.user_id, e.event_time AS t, e.payload->'properties'->>'productId' AS product_id,
      e.payload->'properties'->>'placement' AS placement, ${DIMS},
      coalesce(e.payload->'properties'->>'channel', 'web') = 'email' AS is_email
    FROM events e
    WHERE e.site_key = $1 AND e.type = 'rec_click'
      AND e.event_time >= $2::timestamptz - make_interval(secs => greatest($6::float8, 86400)) AND e.event_time < $3
      AND ($4::text IS NULL OR e.payload->'properties'->>'placement' = $4::text)
), conv AS MATERIALIZED (
  SELECT e.id AS event_id, 'purchase' AS kind, e.anonymous_id, e.user_id, e.event_time AS t,
      e.payload->'properties'->>'orderId' AS order_id, li.ord::int AS line_no, li.item->>'productId' AS product_id,
      (li.item->>'quantity')::float8 * (li.item->>'price')::float8 AS amount
    FROM events e CROSS JOIN LATERAL jsonb_array_elements(e.payload->'properties'->'lineItems') WITH ORDINALITY AS li(item, ord)
    WHERE e.site_key = $1 AND e.type = 'purchase' AND e.event_time >= $2 AND e.event_time < $3
  UNION ALL
  SELECT e.id, 'add_to_cart', e.anonymous_id, e.user_id, e.event_time, NULL, 1, e.payload->'properties'->>'productId',
      coalesce((e.payload->'properties'->>'price')::float8, 0) * (e.payload->'properties'->>'quantity')::float8
    FROM events e
    WHERE e.site_key = $1 AND e.type = 'add_to_cart' AND e.event_time >= $2 AND e.event_time < $3
), web_pairs AS MATERIALIZED (
  SELECT v.*, c.id AS click_id, c.t AS click_t, c.placement, c.strategy, c.variant, c.model_version, c.page_type, false AS is_email
    FROM conv v JOIN clicks c ON NOT c.is_email AND c.anonymous_id = v.anonymous_id AND c.product_id = v.product_id AND c.t <= v.t
), candidates AS (
  SELECT p.* FROM web_pairs p
    CROSS JOIN LATERAL (
      SELECT coalesce(max(g.gap), interval '0') AS widest FROM (
        SELECT e.event_time - lag(e.event_time) OVER (ORDER BY e.event_time, e.seq) AS gap
          FROM events e
          WHERE p.t - p.click_t > make_interval(secs => $5::float8)
            AND e.site_key = $1 AND e.anonymous_id = p.anonymous_id AND e.event_time >= p.click_t AND e.event_time <= p.t
      ) g
    ) w
    WHERE w.widest <= make_interval(secs => $5::float8)
  UNION ALL
  SELECT v.*, c.id, c.t, c.placement, c.strategy, c.variant, c.model_version, c.page_type, true
    FROM conv v JOIN clicks c ON c.is_email AND v.user_id IS NOT NULL AND c.user_id = v.user_id AND c.product_id = v.product_id
      AND c.t <= v.t AND v.t - c.t <= make_interval(secs => $6::float8)
  UNION ALL
  SELECT v.*, c.id, c.t, c.placement, c.strategy, c.variant, c.model_version, c.page_type, true
    FROM conv v JOIN clicks c ON c.is_email AND c.user_id IS NULL AND c.anonymous_id = v.anonymous_id AND c.product_id = v.product_id
      AND c.t <= v.t AND v.t - c.t <= make_interval(secs => $6::float8)
)
SELECT DISTINCT ON (event_id, line_no) kind, event_id::text AS event_id, order_id, line_no, product_id, amount,
    to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, placement, strategy, variant, model_version, page_type, is_email,
    click_id::text AS click_id
  FROM candidates
  ORDER BY event_id, line_no, click_t DESC, click_id DESC`;

/** Every purchase of the range: its day, its \`revenue\` field and the total of its lines. */
export const ORDERS_SQL = `
SELECT e.id::text AS event_id, to_char(e.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
    (e.payload->'properties'->>'revenue')::float8 AS revenue,
    (SELECT coalesce(sum((li->>'quantity')::float8 * (li->>'price')::float8), 0)
       FROM jsonb_array_elements(e.payload->'properties'->'lineItems') AS li) AS line_total
  FROM events e
  WHERE e.site_key = $1 AND e.type = 'purchase' AND e.event_time >= $2 AND e.event_time < $3
  ORDER BY e.event_time, e.seq`;

/**
 * Orders of the range per currency (the purchase's `currency`), most orders first. The report adds amounts up as
 * they are, never converted: with more than one currency its money figures mix them, and it says so.
 */
export const CURRENCIES_SQL = `
SELECT coalesce(e.payload->'properties'->>'currency', '') AS currency, count(*)::int AS orders
  FROM events e
  WHERE e.site_key = $1 AND e.type = 'purchase' AND e.event_time >= $2 AND e.event_time < $3
  GROUP BY 1 ORDER BY 2 DESC, 1`;

/** Each visitor's first variant-tagged viewable impression of `[from, to)` per placement and variant. */
export const exposedOf = (from: string, to: string, placement: string) => `
  SELECT e.payload->'properties'->>'placement' AS placement, e.payload->'properties'->>'variant' AS variant,
      e.anonymous_id, min(e.event_time) AS first_t
    FROM events e
    WHERE e.site_key = $1 AND e.type = 'rec_impression' AND e.event_time >= ${from} AND e.event_time < ${to}
      AND e.payload->'properties'->>'variant' IS NOT NULL
      AND (${placement}::text IS NULL OR e.payload->'properties'->>'placement' = ${placement}::text)
    GROUP BY 1, 2, 3`;

/**
 * Per placement and variant, from the visitors of `exposed` (placement, variant, anonymous id, first exposure) and
 * their orders from the first exposure to the end of the range (`$3`): visitors, converted, revenue and its square sum.
 * A visitor exposed to more than one variant of a placement (variants follow the anonymous id, so: a split
 * reconfigured mid-experiment, or a client reporting variants it was not given) belongs to no arm: left out of every variant's figures, and counted per placement in `mixed_visitors`.
 */
export const exposureOutcome = (exposed: string, purchases: { table: string; revenue: string; match: string }) => `
WITH exposed AS MATERIALIZED (${exposed}
), mixed AS (
  SELECT placement, anonymous_id FROM exposed GROUP BY 1, 2 HAVING count(*) > 1
), outcome AS (
  SELECT x.placement, x.variant, x.anonymous_id, count(p.${purchases.table === 'events' ? 'id' : 'event_id'})::int AS orders,
      coalesce(sum(${purchases.revenue}), 0) AS revenue
    FROM exposed x LEFT JOIN ${purchases.table} p ON p.site_key = $1 AND ${purchases.match} AND p.anonymous_id = x.anonymous_id
      AND p.event_time >= x.first_t AND p.event_time < $3
    WHERE NOT EXISTS (SELECT 1 FROM mixed m WHERE m.placement = x.placement AND m.anonymous_id = x.anonymous_id)
    GROUP BY 1, 2, 3
), arms AS (
  SELECT DISTINCT placement, variant FROM exposed
)
SELECT a.placement, a.variant, count(o.anonymous_id)::int AS visitors, count(o.anonymous_id) FILTER (WHERE o.orders > 0)::int AS converted,
    coalesce(sum(o.revenue), 0)::float8 AS revenue, coalesce(sum(o.revenue * o.revenue), 0)::float8 AS revenue_sq,
    (SELECT count(*) FROM mixed m WHERE m.placement = a.placement)::int AS mixed_visitors
  FROM arms a LEFT JOIN outcome o ON o.placement = a.placement AND o.variant = a.variant
  GROUP BY 1, 2 ORDER BY 1, 2`;

/**
 * Experiment exposure: per placement, variant and visitor (anonymous id) with a variant-tagged viewable impression in
 * the range, the visitor's orders and revenue from the first exposure to the end of the range. `$4` placement or null.
 */
export const EXPOSURE_SQL = exposureOutcome(exposedOf('$2', '$3', '$4'),
  { table: 'events', revenue: `(p.payload->'properties'->>'revenue')::float8`, match: `p.type = 'purchase'` });

/** Stored events and late arrivals of `[from, to)` per day and type. */
export const storedOf = (from: string, to: string) => `
  SELECT (event_time AT TIME ZONE 'UTC')::date AS d, type, count(*)::int AS n,
      count(*) FILTER (WHERE received_at - event_time > interval '1 hour')::int AS late
    FROM events WHERE site_key = $1 AND event_time >= ${from} AND event_time < ${to}
    GROUP BY 1, 2`;

/** Stored events per day and type, and those that arrived over an hour late. `$1` site, `$2` from, `$3` to. */
export const PIPELINE_SQL = `
SELECT to_char(d, 'YYYY-MM-DD') AS day, type, n, late FROM (${storedOf('$2', '$3')}) g ORDER BY 1, 2`;

/**
 * Planner settings of the report's statements (`SET LOCAL`, so nothing leaks to other statements of the connection):
 * nested loops off, so the planner joins by hashing whatever its (possibly missing) statistics say; and JIT off: the
 * cost penalty of the nested loops that stay (LATERAL function scans) pushes every plan over PostgreSQL's JIT
 * thresholds, and compiling takes seconds where running takes milliseconds.
 */
export const REPORT_PLANNER = 'SET LOCAL enable_nestloop = off; SET LOCAL jit = off';

/** Runs a report statement in its own transaction with {@link REPORT_PLANNER}. */
export async function runReportSql<T = Record<string, unknown>>(db: SqlClient, text: string, params: readonly unknown[]): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.exec(REPORT_PLANNER);
    return (await tx.query<T>(text, params)).rows;
  });
}
