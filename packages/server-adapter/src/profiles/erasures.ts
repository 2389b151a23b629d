import type { Queryable } from '../store/sql-client.js';

/** Default days a `shopper_erasures` row is kept (config `erasureRetentionDays`). */
export const DEFAULT_ERASURE_RETENTION_DAYS = 7;

/**
 * Deletes the `shopper_erasures` rows older than `retentionDays` and adds how many went, per site, to
 * `shopper_erasure_counts` (one statement, so a process loading meanwhile sees either both or neither). A row's job —
 * telling every adapter process to drop the erased shopper from its in-memory index — is done within a sync interval;
 * an index that has not read the table for half the retention is rebuilt from the store (see `SiteIndex.isStale`), so
 * no process can miss a deleted row. Answers how many rows were deleted.
 */
export async function pruneErasures(db: Queryable, retentionDays: number): Promise<number> {
  const result = await db.query<{ n: number }>(
    `WITH gone AS (DELETE FROM shopper_erasures WHERE erased_at < now() - make_interval(days => $1::int) RETURNING site_key),
     counted AS (
       INSERT INTO shopper_erasure_counts (site_key, pruned) SELECT site_key, count(*) FROM gone GROUP BY site_key
       ON CONFLICT (site_key) DO UPDATE SET pruned = shopper_erasure_counts.pruned + EXCLUDED.pruned
       RETURNING pruned)
     SELECT count(*)::int AS n FROM gone`,
    [retentionDays],
  );
  return Number(result.rows[0]?.n ?? 0);
}
