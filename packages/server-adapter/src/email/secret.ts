import { randomBytes } from 'node:crypto';
import { ConfigError } from '../config/load.js';
import type { Queryable } from '../store/sql-client.js';

/** Shortest accepted `FOCAL_LINK_SECRET`. */
export const MIN_LINK_SECRET_LENGTH = 32;

/**
 * The secret that signs email links and email URLs: `FOCAL_LINK_SECRET` when set (≥ 32 characters), otherwise one
 * generated once and kept in the store (`email_settings`), so links stay valid across restarts of the demo.
 * Race-safe: concurrent first calls all end up with the same stored secret.
 * @throws ConfigError when `FOCAL_LINK_SECRET` is set but too short.
 */
export async function loadLinkSecret(db: Queryable, env: Record<string, string | undefined> = process.env): Promise<string> {
  const fromEnv = checkLinkSecret(env);
  if (fromEnv) return fromEnv;
  await db.query(
    "INSERT INTO email_settings (key, value) VALUES ('link_secret', $1) ON CONFLICT (key) DO NOTHING",
    [randomBytes(32).toString('base64url')],
  );
  const result = await db.query<{ value: string }>("SELECT value FROM email_settings WHERE key = 'link_secret'");
  return String(result.rows[0]!.value);
}

/**
 * `FOCAL_LINK_SECRET` from `env`, checked (the email routes call it at start, so a short one stops the adapter
 * instead of failing every email and click later). @throws ConfigError when it is set but too short.
 */
export function checkLinkSecret(env: Record<string, string | undefined>): string | undefined {
  const fromEnv = env.FOCAL_LINK_SECRET;
  if (fromEnv === undefined || fromEnv === '') return undefined;
  if (fromEnv.length < MIN_LINK_SECRET_LENGTH) {
    throw new ConfigError([`FOCAL_LINK_SECRET: must be at least ${MIN_LINK_SECRET_LENGTH} characters (use a long random string, e.g. openssl rand -hex 32); got ${fromEnv.length}`]);
  }
  return fromEnv;
}
