import type { Metrics } from '../observability/metrics.js';
import type { Queryable, SqlClient } from '../store/sql-client.js';
import { PIPELINE_SQL, runReportSql } from './sql.js';

/** The health of the event pipeline in the report's range, plus what this adapter process has counted since it started. */
export interface PipelineHealth {
  /** Stored events of the site in the range, by type. */
  storedByType: Record<string, number>;
  /** Stored events per UTC day of the range. */
  storedByDay: { day: string; events: number }[];
  /** Stored events that arrived more than an hour after they happened (offline queues, retries). */
  lateArrivals: number;
  /**
   * What `POST /v1/events` refused or found duplicated, and what SDKs reported as dead-lettered (table
   * `ingest_health`), over the whole UTC days of receipt the range touches (`days`).
   */
  ingest: IngestHealth;
  /**
   * Outcomes of `POST /v1/events` counted by this adapter process since it started (all sites): accepted, refused as
   * duplicates, rejected as invalid. Undefined in the CLI (no running adapter).
   */
  sinceStart?: { accepted: number; duplicates: number; rejected: number };
  notes: string[];
}

/** The stored pipeline counters of a site: totals, the most frequent rejection reasons, and per day. */
export interface IngestHealth {
  /** First and last UTC day counted (days of receipt). */
  days: { from: string; to: string };
  /** Events refused one by one (the others of their batch were stored). */
  rejected: number;
  /** Whole requests refused (not JSON, too large, not an event batch). */
  batchesRejected: number;
  /** Events sent again that were already stored (retries; refused, not stored twice). */
  duplicates: number;
  /** Events the SDKs gave up delivering (the `deadLettered` count of their batches). */
  deadLettered: number;
  /** Reasons, most frequent first (at most {@link TOP_REASONS}): `event` rejections and `batch` rejections. */
  topReasons: { scope: 'event' | 'batch'; reason: string; field: string; count: number }[];
  byDay: { day: string; rejected: number; batchesRejected: number; duplicates: number; deadLettered: number }[];
}

/** How many rejection reasons the report lists. */
export const TOP_REASONS = 10;

export { PIPELINE_SQL } from './sql.js';

/** `$1` site, `$2` from, `$3` to: the health counters of every UTC day the range touches. */
export const INGEST_HEALTH_SQL = `
SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, reason, field, sum(n)::int8 AS n
  FROM ingest_health
  WHERE site_key = $1 AND day >= ($2::timestamptz AT TIME ZONE 'UTC')::date
    AND day <= (($3::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC')::date
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;

const dayOf = (t: Date) => t.toISOString().slice(0, 10);

/** The stored health counters of a site over the UTC days `from`..`to` touches. */
export async function ingestHealth(db: Queryable, siteKey: string, from: Date, to: Date): Promise<IngestHealth> {
  const result = await db.query<{ day: string; kind: string; reason: string; field: string; n: unknown }>(
    INGEST_HEALTH_SQL, [siteKey, from.toISOString(), to.toISOString()]);
  const health: IngestHealth = {
    days: { from: dayOf(from), to: dayOf(new Date(to.getTime() - 1)) }, rejected: 0, batchesRejected: 0, duplicates: 0, deadLettered: 0, topReasons: [], byDay: [],
  };
  const reasons = new Map<string, IngestHealth['topReasons'][number]>();
  const days = new Map<string, IngestHealth['byDay'][number]>();
  for (const row of result.rows) {
    const n = Number(row.n);
    let day = days.get(row.day);
    if (!day) days.set(row.day, (day = { day: row.day, rejected: 0, batchesRejected: 0, duplicates: 0, deadLettered: 0 }));
    if (row.kind === 'rejected' || row.kind === 'batch_rejected') {
      const scope = row.kind === 'rejected' ? 'event' : 'batch';
      const key = `${scope}\u0000${row.reason}\u0000${row.field}`;
      const found = reasons.get(key) ?? reasons.set(key, { scope, reason: row.reason, field: row.field, count: 0 }).get(key)!;
      found.count += n;
    }
    const measure = ({ rejected: 'rejected', batch_rejected: 'batchesRejected', duplicate: 'duplicates', dead_lettered: 'deadLettered' } as const)[row.kind as 'rejected'];
    if (!measure) continue;
    day[measure] += n;
    health[measure] += n;
  }
  health.byDay = [...days.values()];
  health.topReasons = [...reasons.values()]
    .sort((a, b) => b.count - a.count || a.scope.localeCompare(b.scope) || a.reason.localeCompare(b.reason) || a.field.localeCompare(b.field))
    .slice(0, TOP_REASONS);
  return health;
}

/** Reads the ingest counters of a metrics registry (`focal_events_ingested_total` by status). */
export async function ingestCounters(metrics: Metrics): Promise<{ accepted: number; duplicates: number; rejected: number }> {
  const values = (await metrics.eventsIngested.get()).values;
  const of = (status: string) => values.filter((v) => v.labels.status === status).reduce((s, v) => s + v.value, 0);
  return { accepted: of('accepted'), duplicates: of('duplicate'), rejected: of('rejected') };
}

/**
 * The pipeline health of a site and range. `stored` is the statement of stored events per day and type and its
 * parameters (default: `PIPELINE_SQL` over the events of the range; `buildReport` passes the report tables' one).
 */
export async function pipelineHealth(
  db: Queryable, siteKey: string, from: Date, to: Date, metrics?: Metrics,
  stored: { text: string; params: unknown[] } = { text: PIPELINE_SQL, params: [siteKey, from.toISOString(), to.toISOString()] },
): Promise<PipelineHealth> {
  type Row = { day: string; type: string; n: number; late: number };
  const rows = 'transaction' in db ? await runReportSql<Row>(db as SqlClient, stored.text, stored.params) : (await db.query<Row>(stored.text, stored.params)).rows;
  const storedByType: Record<string, number> = {};
  const days = new Map<string, number>();
  let lateArrivals = 0;
  for (const row of rows) {
    storedByType[row.type] = (storedByType[row.type] ?? 0) + Number(row.n);
    days.set(row.day, (days.get(row.day) ?? 0) + Number(row.n));
    lateArrivals += Number(row.late);
  }
  const ingest = await ingestHealth(db, siteKey, from, to);
  const aligned = (t: Date) => t.getTime() % 86_400_000 === 0;
  return {
    storedByType, storedByDay: [...days].map(([day, events]) => ({ day, events })), lateArrivals, ingest,
    ...(metrics ? { sinceStart: await ingestCounters(metrics) } : {}),
    notes: aligned(from) && aligned(to) ? [] : [`rejections, duplicates and dead-lettered events are counted per UTC day of receipt: whole days ${ingest.days.from} to ${ingest.days.to}`],
  };
}
