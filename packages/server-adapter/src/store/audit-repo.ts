import type { Queryable } from './sql-client.js';
import { iso, json } from './rows.js';

/** One audit entry: who did what, with counts and ids of requests, never the personal data concerned. */
export interface AuditEntry {
  id?: number;
  at?: string;
  siteKey?: string;
  /** `admin`, `user`, `anonymous`, `system`. */
  actor: string;
  /** e.g. `profile.delete`, `catalog.import`. */
  action: string;
  details?: Record<string, unknown>;
}

/** The append-only audit log. */
export function auditRepo(db: Queryable) {
  return {
    async record(entry: AuditEntry, on: Queryable = db): Promise<void> {
      await on.query('INSERT INTO audit_log (site_key, actor, action, details) VALUES ($1, $2, $3, $4::jsonb)',
        [entry.siteKey ?? null, entry.actor, entry.action, JSON.stringify(entry.details ?? {})]);
    },
    async list(options: { siteKey?: string; action?: string; limit?: number } = {}): Promise<AuditEntry[]> {
      const result = await db.query(
        `SELECT * FROM audit_log WHERE ($1::text IS NULL OR site_key = $1) AND ($2::text IS NULL OR action = $2)
         ORDER BY id DESC LIMIT ${Math.min(Math.max(1, options.limit ?? 100), 10_000)}`,
        [options.siteKey ?? null, options.action ?? null],
      );
      return result.rows.map((r) => ({
        id: Number(r.id), at: iso(r.at), ...(r.site_key != null ? { siteKey: String(r.site_key) } : {}),
        actor: String(r.actor), action: String(r.action), details: json<Record<string, unknown>>(r.details),
      }));
    },
  };
}
export type AuditRepo = ReturnType<typeof auditRepo>;
