import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Verification } from './contentful-webhook.js';

/** Header carrying Storyblok's webhook signature. */
export const STORYBLOK_SIGNATURE = 'webhook-signature';

/** HMAC-SHA1 (hex) of the raw body with the webhook secret, as Storyblok signs it. */
export function signStoryblokBody(secret: string, body: Uint8Array): string {
  return createHmac('sha1', secret).update(body).digest('hex');
}

/** Verifies a Storyblok webhook: `webhook-signature` must be the HMAC-SHA1 of the raw body (constant-time compare). */
export function verifyStoryblokSignature(secret: string, body: Uint8Array, signature: string | null | undefined): Verification {
  if (!signature) return { ok: false, reason: 'missing webhook-signature header; set a webhook secret in Storyblok' };
  // exactly the digest's hex: Buffer.from(…, 'hex') stops at the first non-hex character, so "<signature>0" or
  // "<signature>zz" read as the signature itself and passed as new requests past the replay guard
  if (!/^[0-9a-f]{40}$/i.test(signature.trim())) return { ok: false, reason: 'webhook-signature must be the 40 hex digits of an HMAC-SHA1 of the body' };
  const expected = Buffer.from(signStoryblokBody(secret, body), 'hex');
  const given = Buffer.from(signature.trim(), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature does not match; check the webhook secret (STORYBLOK_WEBHOOK_SECRET)' };
  }
  return { ok: true };
}

/**
 * Remembers signatures seen within a window. Storyblok's signature has no timestamp, so an identical signed body
 * arriving again within the window is treated as a replay (or a retry) and changes nothing.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs = 10 * 60_000, private readonly max = 10_000) {}

  /** True the first time `key` is seen within the window; false for a repeat. */
  firstTime(key: string, now: number): boolean {
    for (const [k, at] of this.seen) {
      if (now - at < this.windowMs && this.seen.size < this.max) break;
      this.seen.delete(k);
    }
    if (this.seen.has(key)) return false;
    this.seen.set(key, now);
    return true;
  }
}
