import type { ProfileDocument } from '../profiles/builder.js';
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
     * `lock` for several profiles at once (one statement each for create-if-missing and SELECT ... FOR UPDATE,
     * locking in key order so concurrent batches cannot deadlock).
     */
    async lockMany(siteKey: string, keys: ProfileKey[], tx: Queryable): Promise<Map<ProfileKey, ProfileDocument>> {
      const sorted = [...new Set(keys)].sort();
      if (!sorted.length) return new Map();
      await tx.query(
        `INSERT INTO profiles (site_key, profile_key, data) SELECT $1, k, 'null'::jsonb FROM unnest($2::text[]) AS k ORDER BY k ON CONFLICT DO NOTHING`,
        [siteKey, sorted],
      );
      const result = await tx.query<{ profile_key: ProfileKey; data: unknown }>(
        'SELECT profile_key, data FROM profiles WHERE site_key = $1 AND profile_key = ANY($2::text[]) ORDER BY profile_key FOR UPDATE', [siteKey, sorted]);
      const found = new Map<ProfileKey, ProfileDocument>();
      for (const row of result.rows) {
        const doc = json<ProfileDocument | null>(row.data);
        if (doc) found.set(row.profile_key, doc);
      }
      return found;
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
    /** @returns how many profiles were deleted. */
    async delete(siteKey: string, keys: ProfileKey[], on: Queryable = db): Promise<number> {
      if (!keys.length) return 0;
      const result = await on.query('DELETE FROM profiles WHERE site_key = $1 AND profile_key = ANY($2::text[]) RETURNING profile_key', [siteKey, keys]);
      return result.rows.length;
    },
  };
}
export type ProfilesRepo = ReturnType<typeof profilesRepo>;
