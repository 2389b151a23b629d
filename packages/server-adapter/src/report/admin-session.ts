import { createHmac } from 'node:crypto';
import { secretMatches } from '../auth/admin.js';

/**
 * The dashboard's login: the admin key is typed once into a form (POST, never in a URL, so it stays out of logs and
 * history); the answer sets a cookie holding `<expiry>.<HMAC-SHA256(admin key, expiry)>`, never the key itself.
 * The cookie is `HttpOnly` (no script reads it), `SameSite=Strict` (no other site sends it), `Path=/admin`, and
 * `Secure` when the request came over HTTPS. Changing the admin key logs every session out.
 */
export const ADMIN_COOKIE = 'focal_admin';
/** How long a dashboard login lasts. */
export const SESSION_SECONDS = 8 * 3600;

function sign(adminKey: string, expiry: number): string {
  return createHmac('sha256', adminKey).update(`focal-admin-session\n${expiry}`).digest('base64url');
}

/** A fresh session token valid for {@link SESSION_SECONDS}. */
export function issueSession(adminKey: string, nowMs = Date.now()): string {
  const expiry = Math.floor(nowMs / 1000) + SESSION_SECONDS;
  return `${expiry}.${sign(adminKey, expiry)}`;
}

/** Whether a session token is genuine and not expired. */
export function sessionValid(token: string | undefined, adminKey: string, nowMs = Date.now()): boolean {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!match) return false;
  const expiry = Number(match[1]);
  return expiry * 1000 > nowMs && secretMatches(match[2], sign(adminKey, expiry));
}

/** The `Set-Cookie` value for a token (empty token and Max-Age=0 log out). */
export function sessionCookie(token: string, secure: boolean): string {
  return `${ADMIN_COOKIE}=${token}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${token ? SESSION_SECONDS : 0}${secure ? '; Secure' : ''}`;
}

/** The value of the session cookie in a `Cookie` header. */
export function sessionFromCookies(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === ADMIN_COOKIE) return value.join('=');
  }
  return undefined;
}
