/**
 * The event pipeline's health counters (table `ingest_health`, migration 0510): per site, UTC day of receipt, kind
 * and reason, how many events `POST /v1/events` refused or found duplicated, and how many the SDKs reported as
 * dead-lettered. A reason never holds the bad payload: it is the contract's sentence with the offending value left
 * out, and a field is a path whose array positions are written `*` (so the table stays small).
 */
import type { Queryable } from '../store/sql-client.js';

export type HealthKind = 'rejected' | 'batch_rejected' | 'duplicate' | 'dead_lettered';

/** One counter increment. */
export interface HealthCount {
  kind: HealthKind;
  reason: string;
  field: string;
  n: number;
}

const MAX_REASON = 160;
const MAX_FIELD = 120;

/** `events.3.properties.lineItems.0.price` → `properties.lineItems.*.price`; `(root)` → ``. */
export function healthField(field: string | undefined): string {
  if (!field || field === '(root)') return '';
  return field.replace(/^events\.\d+\.?/, '').split('.').map((part) => (/^\d+$/.test(part) ? '*' : part)).join('.').slice(0, MAX_FIELD);
}

/**
 * The compact reason of a contract problem: its sentence without the field in front and without any value the client
 * sent (event types, key names and sizes vary with the payload, so they are replaced by what they mean).
 */
export function healthReason(message: string, field?: string): string {
  let text = message.trim();
  if (field && text.startsWith(`${field} `)) text = text.slice(field.length + 1);
  else if (text.startsWith('(root) ')) text = text.slice(7);
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^(type )?must be one of .*; got /, () => 'unknown event type'],
    [/^event is \d+ bytes/, () => 'event over the size limit'],
    [/NUL character/, () => 'contains a NUL character'],
    [/looks like an? ([a-z -]{1,40}); personal data/, (m) => `looks like ${/^[aeiou]/.test(m[1]!) ? 'an' : 'a'} ${m[1]} (personal data)`],
    [/^has unknown key\(s\)/, () => 'has unknown keys'],
  ];
  for (const [pattern, reason] of rules) {
    const m = text.match(pattern);
    if (m) return reason(m);
  }
  return text.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/'(?:[^'\\]|\\.)*'/g, "'…'").slice(0, MAX_REASON);
}

/** Counts of one request: each rejected event by its reason and field, duplicates, and the SDK's dead-letter count. */
export function healthCounts(
  rejected: { reason: string; field: string }[], duplicates: number, deadLettered: number | undefined,
): HealthCount[] {
  const byKey = new Map<string, HealthCount>();
  for (const r of rejected) {
    const key = `${r.reason}\u0000${r.field}`;
    const found = byKey.get(key);
    if (found) found.n++;
    else byKey.set(key, { kind: 'rejected', reason: r.reason, field: r.field, n: 1 });
  }
  const counts = [...byKey.values()];
  if (duplicates > 0) counts.push({ kind: 'duplicate', reason: '', field: '', n: duplicates });
  if (deadLettered) counts.push({ kind: 'dead_lettered', reason: '', field: '', n: deadLettered });
  return counts;
}

/**
 * Adds counts to the site's row of `receivedAt`'s UTC day (one statement; nothing when there is nothing to count).
 * Rows are written in key order, so concurrent requests lock them in the same order.
 */
export async function recordHealth(db: Queryable, siteKey: string, receivedAt: Date, counts: HealthCount[]): Promise<void> {
  if (!counts.length) return;
  const rows = counts.map((c) => ({ kind: c.kind, reason: c.reason.slice(0, MAX_REASON), field: c.field.slice(0, MAX_FIELD), n: c.n }));
  await db.query(
    `INSERT INTO ingest_health (site_key, day, kind, reason, field, n)
     SELECT $1, ($2::timestamptz AT TIME ZONE 'UTC')::date, r.kind, r.reason, r.field, sum(r.n)
       FROM jsonb_to_recordset($3::jsonb) AS r(kind text, reason text, field text, n bigint)
       GROUP BY r.kind, r.reason, r.field ORDER BY r.kind, r.reason, r.field
     ON CONFLICT (site_key, day, kind, reason, field) DO UPDATE SET n = ingest_health.n + excluded.n`,
    [siteKey, receivedAt.toISOString(), JSON.stringify(rows)],
  );
}
