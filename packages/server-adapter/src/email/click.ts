import { createHmac } from 'node:crypto';
import type { FocalEventOf } from '@focal/sdk-core/contracts';
import type { LinkClaims } from './token.js';

/** Clicks on the same link within this window share one event id, so a double click or a link scanner's retry is stored once. */
export const CLICK_DEDUP_WINDOW_MS = 10_000;

/**
 * A UUIDv7 whose time is the start of the click's window and whose random bits come from the token: the same token
 * clicked twice in one window gives the same id, which the events table refuses as a duplicate.
 */
export function clickEventId(token: string, secret: string, now: number): string {
  const bucket = Math.floor(now / CLICK_DEDUP_WINDOW_MS) * CLICK_DEDUP_WINDOW_MS;
  const rand = createHmac('sha256', secret).update(`focal-click\n${token}\n${bucket}`).digest('hex');
  const time = bucket.toString(16).padStart(12, '0');
  const variant = ((parseInt(rand[3], 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand.slice(0, 3)}-${variant}${rand.slice(4, 7)}-${rand.slice(7, 19)}`;
}

/**
 * The `rec_click` event of an email click, as the browser SDK would send it: channel `email`, the email's request
 * id, placement and position. The shopper is the email's `user`: a user id as `userId` (with `email:<user>` as
 * anonymous id), an anonymous id (claim `k: 'a'`) as `anonymousId` alone, so the click joins that visitor's own
 * profile and history; the session is the email request.
 */
export function emailClickEvent(claims: LinkClaims, id: string, now: Date): FocalEventOf<'rec_click'> {
  return {
    id,
    type: 'rec_click',
    createdAt: now.toISOString(),
    sentAt: now.toISOString(),
    ...(claims.k === 'a' ? { anonymousId: claims.u } : { anonymousId: `email:${claims.u}`.slice(0, 128), userId: claims.u }),
    sessionId: `email:${claims.r}`.slice(0, 128),
    page: { url: `email:${claims.c}`, type: 'email' },
    consent: { analytics: true, personalization: true },
    properties: {
      requestId: claims.r,
      placement: claims.p,
      productId: claims.pid,
      position: claims.i,
      channel: 'email',
      ...(claims.st ? { strategy: claims.st.slice(0, 64) } : {}),
      ...(claims.v ? { variant: claims.v } : {}),
    },
  };
}
