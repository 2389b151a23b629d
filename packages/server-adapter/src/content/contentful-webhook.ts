import { createHmac, timingSafeEqual } from 'node:crypto';

/** Contentful signs webhooks with these headers (request verification). */
export const CONTENTFUL_SIGNATURE = 'x-contentful-signature';
export const CONTENTFUL_SIGNED_HEADERS = 'x-contentful-signed-headers';
export const CONTENTFUL_TIMESTAMP = 'x-contentful-timestamp';

/** Requests signed longer ago than this are refused (replays). */
export const CONTENTFUL_TTL_MS = 30_000;

/** A request as Contentful signed it: method, path with query, headers and the raw body bytes. */
export interface SignedRequest {
  method: string;
  /** Path and query as received, e.g. `/v1/webhooks/contentful`. */
  path: string;
  headers: Headers | Record<string, string>;
  body: Uint8Array;
}

export type Verification = { ok: true } | { ok: false; reason: string };

function headerMap(headers: SignedRequest['headers']): Map<string, string> {
  const map = new Map<string, string>();
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [key, value] of entries) map.set(key.toLowerCase().trim(), String(value).trim());
  return map;
}

/** The path as Contentful canonicalises it: the query string escaped, then the whole URI-encoded. */
export function canonicalPath(path: string): string {
  const [pathname, ...rest] = path.split('?');
  const search = rest.join('?');
  return encodeURI(search ? `${pathname}?${encodeURIComponent(search)}` : pathname);
}

/**
 * The canonical request Contentful signs: method, canonical path, the signed headers sorted by name as `name:value`
 * joined by `;`, and the raw body, separated by newlines.
 */
export function canonicalRequest(request: SignedRequest, signedHeaders: string[]): Uint8Array {
  const headers = headerMap(request.headers);
  // Only signed headers the request carries count, plus the two signature headers; the signed-headers value is the
  // sorted list itself.
  const names = [...new Set([...signedHeaders.map((h) => h.toLowerCase().trim()).filter((h) => headers.has(h)),
    CONTENTFUL_SIGNED_HEADERS, CONTENTFUL_TIMESTAMP])].sort();
  const value = (name: string) => (name === CONTENTFUL_SIGNED_HEADERS ? names.join(',') : headers.get(name) ?? '');
  const head = [
    request.method.toUpperCase(),
    canonicalPath(request.path),
    names.map((name) => `${name}:${value(name)}`).join(';'),
    '',
  ].join('\n');
  return Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(request.body)]);
}

/**
 * Signs a request the way Contentful does (tests and tooling): returns the three headers to add.
 * `headers` are the other headers to sign (e.g. `content-type`).
 */
export function signContentfulRequest(secret: string, request: SignedRequest, timestamp: number): Record<string, string> {
  const headers = Object.fromEntries(headerMap(request.headers));
  headers[CONTENTFUL_TIMESTAMP] = String(timestamp);
  const names = [...new Set([...Object.keys(headers), CONTENTFUL_SIGNED_HEADERS])].sort();
  headers[CONTENTFUL_SIGNED_HEADERS] = names.join(',');
  const signature = createHmac('sha256', secret).update(canonicalRequest({ ...request, headers }, names)).digest('hex');
  return { [CONTENTFUL_SIGNATURE]: signature, [CONTENTFUL_SIGNED_HEADERS]: names.join(','), [CONTENTFUL_TIMESTAMP]: String(timestamp) };
}

/**
 * Verifies Contentful's webhook request signature: HMAC-SHA256 with the signing secret over the canonical request
 * (which includes the timestamp header), compared in constant time; refuses requests signed more than `ttlMs` ago
 * (or that far in the future).
 */
export function verifyContentfulRequest(secret: string, request: SignedRequest, now: number, ttlMs = CONTENTFUL_TTL_MS): Verification {
  const headers = headerMap(request.headers);
  const signature = headers.get(CONTENTFUL_SIGNATURE);
  const signed = headers.get(CONTENTFUL_SIGNED_HEADERS);
  const timestampText = headers.get(CONTENTFUL_TIMESTAMP);
  if (!signature || !signed || !timestampText) {
    return { ok: false, reason: 'missing x-contentful-signature, x-contentful-signed-headers or x-contentful-timestamp; enable request verification on the webhook' };
  }
  const timestamp = Number(timestampText);
  if (!/^\d{1,16}$/.test(timestampText) || !Number.isSafeInteger(timestamp)) return { ok: false, reason: 'x-contentful-timestamp must be epoch milliseconds' };
  const names = signed.split(',').map((h) => h.toLowerCase().trim());
  if (!names.includes(CONTENTFUL_TIMESTAMP) || !names.includes(CONTENTFUL_SIGNED_HEADERS)) {
    return { ok: false, reason: 'the signature must cover x-contentful-timestamp and x-contentful-signed-headers' };
  }
  if (now - timestamp >= ttlMs || timestamp - now >= ttlMs) {
    return { ok: false, reason: `request was signed ${Math.round((now - timestamp) / 1000)} s ago; only requests signed within ${ttlMs / 1000} s are accepted` };
  }
  // exactly the digest's hex (Buffer.from(…, 'hex') stops at the first non-hex character: "<signature>0" read as the
  // signature itself, a new request to the replay guard)
  if (!/^[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: 'x-contentful-signature must be the 64 hex digits of an HMAC-SHA256' };
  const expected = createHmac('sha256', secret).update(canonicalRequest(request, names)).digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature does not match; check the webhook signing secret (CONTENTFUL_WEBHOOK_SECRET)' };
  }
  return { ok: true };
}
