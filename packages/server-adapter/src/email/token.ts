import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a click link carries. Short keys keep the links (and the email) small. */
export interface LinkClaims {
  /** Site key. */
  s: string;
  /** Destination: the product URL (absolute). */
  d: string;
  /** Product id. */
  pid: string;
  /** Campaign. */
  c: string;
  /** Email recommendation request id. */
  r: string;
  /** Placement. */
  p: string;
  /** 0-based position. */
  i: number;
  /** The shopper the email was rendered for. */
  u: string;
  /** Strategy that proposed the product. */
  st?: string;
  /** A/B variant. */
  v?: string;
  /** Expiry, epoch seconds. */
  e: number;
}

/** Why a token was refused. */
export type TokenProblem = 'malformed' | 'bad_signature' | 'expired';

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');

function mac(secret: string, purpose: string, data: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}\n${data}`).digest();
}

/**
 * Signs link claims into a URL-safe token `<base64url JSON>.<base64url HMAC-SHA256>`.
 * Only the holder of the secret can make a token, so `/r/:token` can never redirect to a URL it did not sign.
 */
export function signLinkToken(claims: LinkClaims, secret: string): string {
  const body = b64(JSON.stringify(claims));
  return `${body}.${mac(secret, 'focal-link', body).subarray(0, 16).toString('base64url')}`;
}

/**
 * Checks a token's signature (constant time) and shape, then its expiry against `now` (epoch ms).
 * @returns the claims, or the problem: `malformed`/`bad_signature` (answer 404) or `expired` (answer 410).
 */
export function verifyLinkToken(token: string, secret: string, now: number): { ok: true; claims: LinkClaims } | { ok: false; problem: TokenProblem; claims?: LinkClaims } {
  const match = /^([A-Za-z0-9_-]{10,4000})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return { ok: false, problem: 'malformed' };
  // Compare the canonical text, not decoded bytes: the last base64url character has unused bits, and a token that
  // differs in them must not pass as the same token.
  const expected = Buffer.from(mac(secret, 'focal-link', match[1]).subarray(0, 16).toString('base64url'));
  const given = Buffer.from(match[2]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'bad_signature' };
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (!claims || typeof claims !== 'object' || typeof claims.d !== 'string' || typeof claims.s !== 'string'
    || typeof claims.e !== 'number' || !Number.isInteger(claims.i) || typeof claims.r !== 'string' || typeof claims.p !== 'string'
    || typeof claims.pid !== 'string' || typeof claims.c !== 'string' || typeof claims.u !== 'string') {
    return { ok: false, problem: 'malformed' };
  }
  if (claims.e * 1000 <= now) return { ok: false, problem: 'expired', claims };
  return { ok: true, claims };
}

/**
 * The signature of an email URL: HMAC over the path and the query parameters sorted by name (without `sig`).
 * Lets the retailer's email service fetch `/v1/email/recommendations.html` without the admin key.
 */
export function urlSignature(path: string, params: URLSearchParams, secret: string): string {
  const sorted = [...params.entries()].filter(([k]) => k !== 'sig').sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const canonical = `${path}?${sorted.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
  return mac(secret, 'focal-email-url', canonical).toString('base64url');
}

/** Constant-time check of a presented URL signature. */
export function urlSignatureMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
