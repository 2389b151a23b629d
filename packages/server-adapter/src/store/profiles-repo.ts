import type { Profile } from '@focal/sdk-core/contracts';
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

/** The profiles table. */
export function profilesRepo(db: Queryable) {
  return {
    async get(siteKey: string, key: ProfileKey, on: Queryable = db): Promise<Profile | undefined> {
      const result = await on.query<{ data: unknown }>('SELECT data FROM profiles WHERE site_key = $1 AND profile_key = $2', [siteKey, key]);
      return result.rows[0] ? json<Profile>(result.rows[0].data) : undefined;
    },
    async put(siteKey: string, key: ProfileKey, profile: Profile, on: Queryable = db): Promise<void> {
      await on.query(
        `INSERT INTO profiles (site_key, profile_key, data, updated_at) VALUES ($1, $2, $3::jsonb, now())
         ON CONFLICT (site_key, profile_key) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
        [siteKey, key, JSON.stringify(profile)],
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
