/**
 * The report's statements over the report tables (migration 0520). Whole UTC days `[$4, $5)` inside the range come
 * from the per-day tables; the partial days at either end (`[$2, $4)` and `[$5, $3)`, maybe empty) from the events,
 * with the same expressions (`sql.ts`), so the answer is the one the event-scanning statements give for `[$2, $3)`.
 * Parameters: `$1` site, `$2` from, `$3` to, `$4` start of the first whole day, `$5` end of the last whole day
 * (`$4` = `$5` = `$3` when the range holds no whole day), then each statement's own. Attribution and orders need no
 * split: their tables hold one row per order line (or order), filtered by time.
 */
import { exposedOf, exposureOutcome, storedOf, trafficOf } from './sql.js';

const WHOLE_DAYS = `day >= ($4::timestamptz AT TIME ZONE 'UTC')::date AND day < ($5::timestamptz AT TIME ZONE 'UTC')::date`;

/** Impressions and clicks per day, dimensions and channel. `$6` placement or null. */
export const TRAFFIC_TABLES_SQL = `
SELECT kind, to_char(day, 'YYYY-MM-DD') AS day, placement, strategy, variant, model_version, page_type, channel, n::int AS n
  FROM report_traffic_daily
  WHERE site_key = $1 AND ${WHOLE_DAYS} AND ($6::text IS NULL OR placement = $6::text)
UNION ALL ${trafficOf('$2', '$4', '$6')}
UNION ALL ${trafficOf('$5', '$3', '$6')}`;

/**
 * Attributed order lines and add-to-carts with the dimensions of the winning (last) click, from the attribution
 * table (it holds every pair; the windows are applied here). Same parameters as `ATTRIBUTED_SQL`: `$1` site, `$2`
 * from, `$3` to, `$4` placement or null, `$5` session idle gap in seconds, `$6` email window in seconds.
 */
export const ATTRIBUTED_TABLES_SQL = `
SELECT DISTINCT ON (event_id, line_no) kind, event_id::text AS event_id, order_id, line_no, product_id, amount,
    to_char(conv_t AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, placement, strategy, variant, model_version, page_type, is_email,
    click_id::text AS click_id
  FROM report_attribution
  WHERE site_key = $1 AND conv_t >= $2 AND conv_t < $3
    AND click_t >= $2::timestamptz - make_interval(secs => greatest($6::float8, 86400))
    AND ($4::text IS NULL OR placement = $4::text)
    AND CASE WHEN is_email THEN conv_t - click_t <= make_interval(secs => $6::float8)
        ELSE widest <= make_interval(secs => $5::float8) END
  ORDER BY event_id, line_no, click_t DESC, click_id DESC`;

/** Every purchase of the range (same parameters as `ORDERS_SQL`). */
export const ORDERS_TABLES_SQL = `
SELECT event_id::text AS event_id, to_char(event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, revenue, line_total
  FROM report_orders
  WHERE site_key = $1 AND event_time >= $2 AND event_time < $3
  ORDER BY event_time, seq`;

/** Experiment exposure per placement and variant. `$6` placement or null. */
export const EXPOSURE_TABLES_SQL = exposureOutcome(`
  SELECT placement, variant, anonymous_id, min(first_t) AS first_t FROM (
    SELECT placement, variant, anonymous_id, first_t FROM report_exposure_daily
      WHERE site_key = $1 AND ${WHOLE_DAYS} AND ($6::text IS NULL OR placement = $6::text)
    UNION ALL ${exposedOf('$2', '$4', '$6')}
    UNION ALL ${exposedOf('$5', '$3', '$6')}
  ) u GROUP BY 1, 2, 3`, { table: 'report_orders', revenue: 'p.revenue', match: 'true' });

/** Stored events and late arrivals per day and type. */
export const PIPELINE_TABLES_SQL = `
SELECT to_char(d, 'YYYY-MM-DD') AS day, type, n, late FROM (
  SELECT day AS d, type, n::int AS n, late::int AS late FROM report_events_daily WHERE site_key = $1 AND ${WHOLE_DAYS}
  UNION ALL ${storedOf('$2', '$4')}
  UNION ALL ${storedOf('$5', '$3')}
) g ORDER BY 1, 2`;

/** Placements ever shown on the site (for the note on an unknown placement). */
export const PLACEMENTS_TABLES_SQL = `
SELECT DISTINCT placement AS p FROM report_traffic_daily WHERE site_key = $1 AND kind = 'rec_impression' ORDER BY 1 LIMIT 50`;

/** `$4` and `$5` of a range: the whole UTC days inside `[from, to)`, or `to` twice when there is none. */
export function wholeDays(from: Date, to: Date): [Date, Date] {
  const DAY = 86_400_000;
  const first = Math.ceil(from.getTime() / DAY) * DAY;
  const last = Math.floor(to.getTime() / DAY) * DAY;
  return first < last ? [new Date(first), new Date(last)] : [to, to];
}
