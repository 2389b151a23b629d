import type { Metrics } from '../observability/metrics.js';
import type { Queryable } from '../store/sql-client.js';

/** The health of the event pipeline in the report's range, plus what this adapter process has counted since it started. */
export interface PipelineHealth {
  /** Stored events of the site in the range, by type. */
  storedByType: Record<string, number>;
  /** Stored events per UTC day of the range. */
  storedByDay: { day: string; events: number }[];
  /** Stored events that arrived more than an hour after they happened (offline queues, retries). */
  lateArrivals: number;
  /**
   * Outcomes of `POST /v1/events` counted by this adapter process since it started (all sites): accepted, refused as
   * duplicates, rejected as invalid. Undefined in the CLI (no running adapter). Reasons of rejections are answered to
   * the SDK per event and are not stored.
   */
  sinceStart?: { accepted: number; duplicates: number; rejected: number };
  notes: string[];
}

/** `$1` site, `$2` from, `$3` to. */
export const PIPELINE_SQL = `
SELECT to_char(d, 'YYYY-MM-DD') AS day, type, n, late FROM (
  SELECT (event_time AT TIME ZONE 'UTC')::date AS d, type, count(*)::int AS n,
      count(*) FILTER (WHERE received_at - event_time > interval '1 hour')::int AS late
    FROM events WHERE site_key = $1 AND event_time >= $2 AND event_time < $3
    GROUP BY 1, 2) g ORDER BY 1, 2`;

/** Reads the ingest counters of a metrics registry (`focal_events_ingested_total` by status). */
export async function ingestCounters(metrics: Metrics): Promise<{ accepted: number; duplicates: number; rejected: number }> {
  const values = (await metrics.eventsIngested.get()).values;
  const of = (status: string) => values.filter((v) => v.labels.status === status).reduce((s, v) => s + v.value, 0);
  return { accepted: of('accepted'), duplicates: of('duplicate'), rejected: of('rejected') };
}

/** The pipeline health of a site and range. */
export async function pipelineHealth(db: Queryable, siteKey: string, from: Date, to: Date, metrics?: Metrics): Promise<PipelineHealth> {
  const result = await db.query<{ day: string; type: string; n: number; late: number }>(PIPELINE_SQL, [siteKey, from.toISOString(), to.toISOString()]);
  const storedByType: Record<string, number> = {};
  const days = new Map<string, number>();
  let lateArrivals = 0;
  for (const row of result.rows) {
    storedByType[row.type] = (storedByType[row.type] ?? 0) + Number(row.n);
    days.set(row.day, (days.get(row.day) ?? 0) + Number(row.n));
    lateArrivals += Number(row.late);
  }
  return {
    storedByType, storedByDay: [...days].map(([day, events]) => ({ day, events })), lateArrivals,
    ...(metrics ? { sinceStart: await ingestCounters(metrics) } : {}),
    notes: ['dead-lettered events are kept in the browser (IndexedDB) and are not reported to the adapter yet'],
  };
}
