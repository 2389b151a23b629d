import type { ProfileDocument } from '../profiles/builder.js';
import { EVENT_COLUMNS, toStored, type StoredEvent } from './events-repo.js';
import type { Queryable } from './sql-client.js';
import { json } from './rows.js';

/** How a profile is addressed: `a:<anonymousId>` or `u:<userId>`. */
export type ProfileKey = `a:${string}` | `u:${string}`;

/** The key of a shopper's profile. */
export function profileKey(who: { userId?: string; anonymousId?: string }): ProfileKey {
  if (who.userId) return `u:${who.userId}`;
  if (who.anonymousId) return `a:${who.anonymousId}`;
  throw new Error('a profile needs a userId or an anonymousId');
}

/** The profiles table: one `ProfileDocument` (public profile + update state) per shopper and site. */
export function profilesRepo(db: Queryable) {
  return {
    async get(siteKey: string, key: ProfileKey, on: Queryable = db): Promise<ProfileDocument | undefined> {
      const result = await on.query<{ data: unknown }>('SELECT data FROM profiles WHERE site_key = $1 AND profile_key = $2', [siteKey, key]);
      return (result.rows[0] ? json<ProfileDocument | null>(result.rows[0].data) : null) ?? undefined;
    },
    /**
     * Reads a profile for update inside a transaction, creating an empty row first so concurrent writers (also in
     * other processes) queue on the row lock instead of losing each other's updates.
     */
    async lock(siteKey: string, key: ProfileKey, tx: Queryable): Promise<ProfileDocument | undefined> {
      await tx.query(`INSERT INTO profiles (site_key, profile_key, data) VALUES ($1, $2, 'null'::jsonb) ON CONFLICT DO NOTHING`, [siteKey, key]);
      const result = await tx.query<{ data: unknown }>('SELECT data FROM profiles WHERE site_key = $1 AND profile_key = $2 FOR UPDATE', [siteKey, key]);
      const data = result.rows[0] ? json<ProfileDocument | null>(result.rows[0].data) : null;
      return data ?? undefined;
    },
    /**
     * Locks the profiles of `keys` (an empty row created for a shopper who has none, so concurrent writers, also in
     * other processes, queue on it) in key order, so concurrent batches cannot deadlock, and takes every pending event
     * of them off `profile_pending` (migration 0008): only the holder of a profile's lock deletes its pending rows, and
     * what it deletes is what it applies. One statement: returns the documents, the ids taken, and the stored events
     * of those ids not in `atHand` (earlier requests' events, which the caller does not hold).
     *
     * The lock is the no-op `DO UPDATE` of an upsert, which also reads the row's latest version after waiting for it.
     * The DELETE reads with the statement's snapshot, taken before that wait: it takes the pending rows committed by
     * then (a row another transaction took meanwhile is skipped: a row is deleted once); one queued while it waited is
     * taken by the update of the request that queued it, which comes after.
     */
    async lockAndClaim(siteKey: string, keys: ProfileKey[], atHand: string[], tx: Queryable): Promise<{
      docs: Map<ProfileKey, ProfileDocument>; claimed: string[]; earlier: StoredEvent[];
    }> {
      const docs = new Map<ProfileKey, ProfileDocument>();
      const claimed: string[] = [];
      const earlier: StoredEvent[] = [];
      const sorted = [...new Set(keys)].sort();
      if (!sorted.length) return { docs, claimed, earlier };
      // `ARRAY(SELECT ... FROM locked)` is computed once, before the DELETE takes a row: every lock first
      const result = await tx.query<Record<string, unknown> & { profile_key: ProfileKey | null; data: unknown; claimed: string | null }>(
        `WITH locked AS (
           INSERT INTO profiles (site_key, profile_key, data) SELECT $1, k, 'null'::jsonb FROM unnest($2::text[]) AS k ORDER BY k
           ON CONFLICT (site_key, profile_key) DO UPDATE SET data = profiles.data
           RETURNING profile_key, data),
         claimed AS (
           DELETE FROM profile_pending WHERE site_key = $1 AND profile_key = ANY(ARRAY(SELECT profile_key FROM locked)) RETURNING id)
         SELECT profile_key, data, NULL::uuid AS claimed, NULL::int8 AS seq, NULL::uuid AS id, NULL AS site_key, NULL AS type,
           NULL AS anonymous_id, NULL AS user_id, NULL AS session_id, NULL::timestamptz AS created_at,
           NULL::timestamptz AS received_at, NULL::timestamptz AS event_time, NULL::jsonb AS payload
         FROM locked
         UNION ALL
         SELECT NULL, NULL, c.id, ${EVENT_COLUMNS.split(', ').map((column) => `e.${column}`).join(', ')}
         FROM claimed c LEFT JOIN events e ON e.id = c.id AND NOT (c.id = ANY($3::uuid[]))`,
        [siteKey, sorted, atHand],
      );
      for (const row of result.rows) {
        if (row.profile_key !== null) {
          const doc = json<ProfileDocument | null>(row.data);
          if (doc) docs.set(row.profile_key, doc);
        } else {
          claimed.push(String(row.claimed));
          if (row.seq !== null) earlier.push(toStored(row));
        }
      }
      earlier.sort((a, b) => a.seq - b.seq);
      return { docs, claimed, earlier };
    },
    async put(siteKey: string, key: ProfileKey, doc: ProfileDocument, on: Queryable = db): Promise<void> {
      await on.query(
        `INSERT INTO profiles (site_key, profile_key, data, updated_at) VALUES ($1, $2, $3::jsonb, now())
         ON CONFLICT (site_key, profile_key) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
        [siteKey, key, JSON.stringify(doc)],
      );
    },
    /** Writes many profiles in one statement (seeding). */
    async putMany(siteKey: string, docs: [ProfileKey, ProfileDocument][], on: Queryable = db): Promise<void> {
      if (!docs.length) return;
      await on.query(
        `INSERT INTO profiles (site_key, profile_key, data, updated_at)
         SELECT $1, x.k, x.d, now() FROM jsonb_to_recordset($2::jsonb) AS x(k text, d jsonb)
         ON CONFLICT (site_key, profile_key) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
        [siteKey, JSON.stringify(docs.map(([k, d]) => ({ k, d })))],
      );
    },
    /**
     * Locks the existing profiles of `keys` in key order (the order {@link lockAndClaim} takes them, by the same
     * collation), creating none. An erasure takes them before it deletes the shopper's events: deleting an event
     * deletes its `profile_pending` row (cascade), and the profile update locks the profile first and its pending rows
     * after, so taking those rows first would be the opposite order, and the two could deadlock.
     */
    async lockExisting(siteKey: string, keys: ProfileKey[], tx: Queryable): Promise<void> {
      if (!keys.length) return;
      await tx.query('SELECT 1 FROM profiles WHERE site_key = $1 AND profile_key = ANY($2::text[]) ORDER BY profile_key FOR UPDATE', [siteKey, keys]);
    },
    /** @returns how many profiles were deleted. */
    async delete(siteKey: string, keys: ProfileKey[], on: Queryable = db): Promise<number> {
      if (!keys.length) return 0;
      const result = await on.query('DELETE FROM profiles WHERE site_key = $1 AND profile_key = ANY($2::text[]) RETURNING profile_key', [siteKey, keys]);
      return result.rows.length;
    },
  };
}
export type ProfilesRepo = ReturnType<typeof profilesRepo>;
