/**
 * Keeps a site's report tables (migration 0520) equal to what the events say. Called before every report (and, from
 * the routes, now and then after ingest): one refresh at a time (a table lock), in one REPEATABLE READ transaction
 * (one snapshot of events, queue and erasures),
 * - without a built state (new site, tables from before migration 0520, another layout): rebuild from the events;
 * - else add the queued new events to the per-day tables, recompute the days, shoppers and users that erasures
 *   touched, and recompute the attribution pairs of every shopper (anonymous id) and user with a new or erased event
 *   (a late event can close a gap between a click and an order, an erased one open it);
 * - delete exactly the queue and erasure rows it applied.
 * Per-day counts are sums and first-exposure times minimums, so adding new events in any order, late or not, gives
 * what a rebuild gives; pairs are recomputed whole per shopper, so they never depend on the order events came in.
 */
import type { SqlClient, Transaction } from '../store/sql-client.js';
import { REPORT_PLANNER } from './sql.js';
import {
  ALL_EVENTS, emailPairsInsert, eventsInsert, eventsWhere, exposureInsert, ordersInsert, REPORT_TABLES, TABLES_LAYOUT, trafficInsert,
  webPairsInsert,
} from './tables-sql.js';

/** What a refresh did. */
export interface RefreshResult {
  /** `rebuilt` from the events, `updated` from the queue and erasures, or already `current`. */
  mode: 'rebuilt' | 'updated' | 'current';
  /** New events applied (updated) or events read (rebuilt). */
  events: number;
  /** Days recomputed after erasures. */
  days: number;
  /** Shoppers (anonymous ids) and users whose attribution pairs were recomputed. */
  shoppers: number;
  users: number;
  ms: number;
}

/** Past these, rebuilding is cheaper than updating. */
export const REBUILD_AFTER = { events: 100_000, days: 45, shoppers: 20_000 };

/** Queue rows applied (by this process, since its last vacuum) past which the queue is vacuumed. */
const VACUUM_AFTER = 10_000;
const applied = new WeakMap<SqlClient, number>();

const DAY_MS = 86_400_000;

async function rebuild(tx: Transaction, siteKey: string): Promise<number> {
  for (const table of REPORT_TABLES) await tx.query(`DELETE FROM ${table} WHERE site_key = $1`, [siteKey]);
  for (const insert of [trafficInsert, eventsInsert, ordersInsert, exposureInsert, webPairsInsert]) await tx.query(insert(ALL_EVENTS), [siteKey]);
  for (const match of ['user', 'anonymous'] as const) await tx.query(emailPairsInsert(ALL_EVENTS, match), [siteKey]);
  await tx.query('DELETE FROM report_queue WHERE site_key = $1', [siteKey]);
  await tx.query('DELETE FROM report_dirty WHERE site_key = $1', [siteKey]);
  for (const table of REPORT_TABLES) await tx.query(`ANALYZE ${table}`);
  const counted = await tx.query<{ n: unknown }>('SELECT coalesce(sum(n), 0)::int8 AS n FROM report_events_daily WHERE site_key = $1', [siteKey]);
  return Number(counted.rows[0]?.n ?? 0);
}

/** Recomputes the per-day rows of one UTC day from its events. */
async function redoDay(tx: Transaction, siteKey: string, day: string): Promise<void> {
  const start = new Date(`${day}T00:00:00Z`);
  const bounds = [siteKey, start.toISOString(), new Date(start.getTime() + DAY_MS).toISOString()];
  for (const table of ['report_traffic_daily', 'report_events_daily', 'report_exposure_daily']) {
    await tx.query(`DELETE FROM ${table} WHERE site_key = $1 AND day = $2::date`, [siteKey, day]);
  }
  await tx.query('DELETE FROM report_orders WHERE site_key = $1 AND event_time >= $2 AND event_time < $3', bounds);
  const ofDay = eventsWhere('site_key = $1 AND event_time >= $2 AND event_time < $3');
  for (const insert of [trafficInsert, eventsInsert, ordersInsert, exposureInsert]) await tx.query(insert(ofDay), bounds);
}

/**
 * Recomputes the pairs that depend only on the events of these shoppers (web pairs, and email pairs of clicks
 * without a user id, both by anonymous id) and of these users (email pairs of clicks with a user id).
 */
async function redoPairs(tx: Transaction, siteKey: string, anonymousIds: string[], userIds: string[]): Promise<void> {
  if (anonymousIds.length) {
    const ofShoppers = eventsWhere('site_key = $1 AND anonymous_id = ANY($2::text[])');
    await tx.query('DELETE FROM report_attribution WHERE site_key = $1 AND NOT is_email AND anonymous_id = ANY($2::text[])', [siteKey, anonymousIds]);
    await tx.query(webPairsInsert(ofShoppers), [siteKey, anonymousIds]);
    await tx.query('DELETE FROM report_attribution WHERE site_key = $1 AND is_email AND click_user_id IS NULL AND anonymous_id = ANY($2::text[])', [siteKey, anonymousIds]);
    await tx.query(emailPairsInsert(ofShoppers, 'anonymous'), [siteKey, anonymousIds]);
  }
  if (userIds.length) {
    await tx.query('DELETE FROM report_attribution WHERE site_key = $1 AND is_email AND click_user_id IS NOT NULL AND user_id = ANY($2::text[])', [siteKey, userIds]);
    await tx.query(emailPairsInsert(eventsWhere('site_key = $1 AND user_id = ANY($2::text[])'), 'user'), [siteKey, userIds]);
  }
}

/**
 * Brings a site's report tables up to date (see the module comment). Safe to call from several processes at once:
 * they queue on the lock and the later ones find little or nothing to do.
 */
export async function refreshReportTables(sql: SqlClient, siteKey: string, options: { rebuild?: boolean } = {}): Promise<RefreshResult> {
  const started = performance.now();
  // a rebuild reads every event of the site: long by nature, so no per-statement limit (it runs off the request path)
  const result = await sql.unbounded().transaction(async (tx): Promise<Omit<RefreshResult, 'ms'>> => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    // One refresh at a time (this mode conflicts with itself, not with readers or with ingest). Taken before the
    // first query, so the snapshot sees what the previous refresh committed; one connection, so a pool full of
    // waiting refreshes can never be waiting for connections it holds.
    await tx.query('LOCK TABLE report_state IN SHARE ROW EXCLUSIVE MODE');
    // Hash joins whatever the (missing) statistics say (nested loops over materialised CTEs estimated at one row are
    // quadratic), and no JIT (see sql.ts).
    await tx.exec(REPORT_PLANNER);
    const state = (await tx.query<{ layout: string }>('SELECT layout FROM report_state WHERE site_key = $1', [siteKey])).rows[0];
    const done = async (r: Omit<RefreshResult, 'ms'>) => {
      await tx.query(
        `INSERT INTO report_state (site_key, layout, refreshed_at) VALUES ($1, $2, now())
         ON CONFLICT (site_key) DO UPDATE SET layout = excluded.layout, refreshed_at = excluded.refreshed_at`, [siteKey, TABLES_LAYOUT]);
      return r;
    };
    const rebuilt = async () => done({ mode: 'rebuilt', events: await rebuild(tx, siteKey), days: 0, shoppers: 0, users: 0 });
    if (options.rebuild || state?.layout !== TABLES_LAYOUT) return rebuilt();

    const seqs = (await tx.query<{ seq: unknown }>('SELECT seq FROM report_queue WHERE site_key = $1', [siteKey])).rows.map((r) => String(r.seq));
    const erased = (await tx.query<{ day: string; anonymous_id: string; user_id: string | null }>(
      `SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day, anonymous_id, user_id FROM report_dirty WHERE site_key = $1`, [siteKey])).rows;
    if (!seqs.length && !erased.length) return { mode: 'current', events: 0, days: 0, shoppers: 0, users: 0 };
    const days = new Set(erased.map((r) => r.day));
    const shoppers = new Set(erased.map((r) => r.anonymous_id));
    const users = new Set(erased.flatMap((r) => (r.user_id ? [r.user_id] : [])));
    if (seqs.length > REBUILD_AFTER.events || days.size > REBUILD_AFTER.days || shoppers.size > REBUILD_AFTER.shoppers) return rebuilt();

    if (seqs.length) {
      // Only the unique index on seq can answer `seq = ANY(...)`; the site is checked on the rows it found.
      const queued = eventsWhere('seq = ANY($2::int8[])');
      for (const insert of [trafficInsert, eventsInsert, ordersInsert, exposureInsert]) await tx.query(insert(queued), [siteKey, seqs]);
      const touched = await tx.query<{ anonymous_id: string; user_id: string | null; pairs: boolean }>(
        `WITH chosen AS MATERIALIZED (${queued.select})
         SELECT DISTINCT e.anonymous_id, e.user_id, e.type IN ('rec_click', 'purchase', 'add_to_cart') AS pairs FROM chosen e WHERE e.site_key = $1`,
        [siteKey, seqs]);
      for (const row of touched.rows) {
        shoppers.add(row.anonymous_id);
        if (row.user_id && row.pairs) users.add(row.user_id);
      }
    }
    for (const day of [...days].sort()) await redoDay(tx, siteKey, day);
    if (shoppers.size > REBUILD_AFTER.shoppers) return rebuilt();
    await redoPairs(tx, siteKey, [...shoppers], [...users]);
    if (seqs.length) await tx.query('DELETE FROM report_queue WHERE site_key = $1 AND seq = ANY($2::int8[])', [siteKey, seqs]);
    if (erased.length) await tx.query('DELETE FROM report_dirty WHERE site_key = $1', [siteKey]);
    return done({ mode: 'updated', events: seqs.length, days: days.size, shoppers: shoppers.size, users: users.size });
  });
  // The queue is emptied in bulk; PGlite has no autovacuum to reclaim the dead rows, which every later read of the
  // queue would step over (VACUUM cannot run inside the transaction).
  const dead = (applied.get(sql) ?? 0) + result.events;
  applied.set(sql, result.mode === 'rebuilt' || dead >= VACUUM_AFTER ? 0 : dead);
  if (result.mode === 'rebuilt' || dead >= VACUUM_AFTER) await sql.unbounded().query('VACUUM report_queue');
  return { ...result, ms: Math.round(performance.now() - started) };
}
