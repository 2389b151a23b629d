import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';

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
  /** `a` when `u` is an anonymous id; absent when it is a user id (and in links made before this claim existed). */
  k?: 'a';
  /** Strategy that proposed the product. */
  st?: string;
  /** A/B variant. */
  v?: string;
  /** Expiry, epoch seconds. */
  e: number;
}

/** Why a token was refused. */
export type TokenProblem = 'malformed' | 'bad_signature' | 'expired';

type Verified = { ok: true; claims: LinkClaims } | { ok: false; problem: TokenProblem; claims?: LinkClaims };

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');

function mac(secret: string, purpose: string, data: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}\n${data}`).digest();
}

/** The JWE header of every link token: direct key, AES-256-GCM (authenticated encryption). */
const JWE_HEADER = { alg: 'dir', enc: 'A256GCM' } as const;
/** Its base64url form, the same in every token, so tokens leave it out and verification puts it back. */
const JWE_HEADER_TEXT = b64(JSON.stringify(JWE_HEADER));
/** Length of the base64url 96-bit GCM IV. */
const IV_CHARS = 16;

const keys = new Map<string, Uint8Array>();
/** The AES key of link tokens, derived from the link secret (HKDF-SHA256, its own purpose: not the HMAC key). */
function encryptionKey(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, 'focal', 'focal-link-token/A256GCM', 32));
    if (keys.size > 8) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

/** Whether `text` is the one base64url spelling of its bytes (the last character has unused bits). */
const canonical = (text: string) => Buffer.from(text, 'base64url').toString('base64url') === text;

/**
 * Encrypts link claims into a URL-safe token `<iv><ciphertext>.<tag>`: a JWE (`dir`, `A256GCM`, made by jose) in
 * compact form without its constant header and empty key part. Nothing in a link can be read (not the shopper id,
 * which may be an e-mail address, nor the destination) and only the holder of the secret can make one, so `/r/:token`
 * can never redirect to a URL it did not make.
 */
export async function signLinkToken(claims: LinkClaims, secret: string): Promise<string> {
  const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader(JWE_HEADER).encrypt(encryptionKey(secret));
  const [header, encryptedKey, iv, ciphertext, tag] = jwe.split('.');
  if (header !== JWE_HEADER_TEXT || encryptedKey !== '' || iv?.length !== IV_CHARS || !ciphertext || !tag) {
    throw new Error('link token: unexpected JWE compact form from jose');
  }
  return `${iv}${ciphertext}.${tag}`;
}

/** Claims of a link signed before link tokens were encrypted (`<base64url JSON>.<HMAC>`), `undefined` if it is not one. */
function legacyClaims(body: string, signature: string, secret: string): { claims: unknown } | undefined {
  // Compare the canonical text, not decoded bytes: a token that differs in unused bits is not the same token.
  const expected = Buffer.from(mac(secret, 'focal-link', body).subarray(0, 16).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    return { claims: JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) };
  } catch {
    return { claims: null };
  }
}

/** Claims of an encrypted token, `undefined` when it does not decrypt with this secret (changed, or not ours). */
async function decryptedClaims(body: string, tag: string, secret: string): Promise<{ claims: unknown } | undefined> {
  if (body.length <= IV_CHARS || !canonical(body.slice(IV_CHARS)) || !canonical(tag)) return undefined;
  try {
    const { plaintext } = await compactDecrypt(`${JWE_HEADER_TEXT}..${body.slice(0, IV_CHARS)}.${body.slice(IV_CHARS)}.${tag}`,
      encryptionKey(secret), { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
    try {
      return { claims: JSON.parse(new TextDecoder().decode(plaintext)) };
    } catch {
      return { claims: null };
    }
  } catch {
    return undefined;
  }
}

/**
 * Decrypts and authenticates a token, checks its shape, then its expiry against `now` (epoch ms). Links made before
 * tokens were encrypted (signed `<base64url JSON>.<HMAC>`) keep working until they expire.
 * @returns the claims, or the problem: `malformed`/`bad_signature` (answer 404) or `expired` (answer 410).
 */
export async function verifyLinkToken(token: string, secret: string, now: number): Promise<Verified> {
  const match = /^([A-Za-z0-9_-]{10,4000})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return { ok: false, problem: 'malformed' };
  const opened = legacyClaims(match[1], match[2], secret) ?? await decryptedClaims(match[1], match[2], secret);
  if (!opened) return { ok: false, problem: 'bad_signature' };
  const claims = opened.claims as LinkClaims;
  if (!claims || typeof claims !== 'object' || typeof claims.d !== 'string' || typeof claims.s !== 'string'
    || typeof claims.e !== 'number' || !Number.isInteger(claims.i) || typeof claims.r !== 'string' || typeof claims.p !== 'string'
    || typeof claims.pid !== 'string' || typeof claims.c !== 'string' || typeof claims.u !== 'string'
    || (claims.k !== undefined && claims.k !== 'a')) {
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
