import type { Handler } from 'hono';
import { withAttribution, withUtm } from '@focal/widgets/email';
import type { AppContext, AppEnv } from '../http/context.js';
import { LATE, within } from '../http/deadline.js';
import { ingestBatch } from '../ingest/ingest.js';
import type { Site } from '../store/sites-repo.js';
import { isStoreUnavailable } from '../store/unavailable.js';
import type { EmailCampaignsRepo } from './campaigns-repo.js';
import { CLICK_DEDUP_WINDOW_MS, clickEventId, emailClickEvent } from './click.js';
import { linkPage } from './link-page.js';
import { isAllowedDestination } from './site-urls.js';
import { verifyLinkToken, type LinkClaims } from './token.js';

/**
 * Milliseconds a click waits for the store (the campaign's kill switch, the site's origins, storing the `rec_click`)
 * before the shopper is sent on to the product anyway: the link's token, checked without the store, says where to.
 */
export const CLICK_STORE_WAIT_MS = 2000;

/** Campaigns remembered as expired per process (a kill is for good: known kills hold while the store is out). */
const MAX_REMEMBERED_KILLS = 10_000;

/** What {@link clickRedirect} needs beyond the shared context. */
export interface ClickRedirectOptions {
  campaigns: EmailCampaignsRepo;
  /** The link secret (from `FOCAL_LINK_SECRET`, else read from the store once). */
  linkSecret: () => Promise<string>;
  /** Clock, epoch ms. */
  now: () => number;
}

const isWebUrl = (url: string) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol);

/**
 * `GET /r/:token`: the signed click link of an email. A token that does not decrypt with the link secret is a 404, an
 * expired one a 410 (never followed). A good one redirects to its product with UTM and attribution tags and stores a
 * `rec_click`; the campaign's kill switch (410) and the site's origins (404) are checked first. When the store does
 * not answer within {@link CLICK_STORE_WAIT_MS} (down, failing over, slow), the shopper still lands on the product:
 * the checks are skipped (a kill read before still holds), and the click is stored when the store answers, or dropped
 * with a logged warning. Without `FOCAL_LINK_SECRET` and a store that never gave this process the secret, the link
 * cannot be checked: 503 with a page saying to try again.
 */
export function clickRedirect(ctx: AppContext, options: ClickRedirectOptions): Handler<AppEnv> {
  const { campaigns, linkSecret, now } = options;
  const kills = new Set<string>();
  const killKey = (claims: LinkClaims) => `${claims.s}\n${claims.c}`;
  const expired = async (claims: LinkClaims): Promise<boolean> => {
    if (!(await campaigns.expiredAt(claims.s, claims.c))) return false;
    if (kills.size >= MAX_REMEMBERED_KILLS) kills.clear();
    kills.add(killKey(claims));
    return true;
  };

  /** Stores the `rec_click` of a click on `token` (once per link within {@link CLICK_DEDUP_WINDOW_MS}). */
  const recordClick = async (claims: LinkClaims, token: string, at: number) => {
    const secretKey = await linkSecret();
    // Clicks share an id per window; one just past a window's end repeats a click stored within 10 s before it, in
    // the previous window (a double click across the boundary): stored once too.
    const before = await ctx.sql.query<{ received_at: Date | string }>('SELECT received_at FROM events WHERE id = $1::uuid',
      [clickEventId(token, secretKey, at - CLICK_DEDUP_WINDOW_MS)]);
    if (before.rows[0] && at - new Date(before.rows[0].received_at).getTime() < CLICK_DEDUP_WINDOW_MS) {
      ctx.metrics.eventsIngested.inc({ status: 'duplicate' }, 1);
      return;
    }
    const event = emailClickEvent(claims, clickEventId(token, secretKey, at), new Date(at));
    const { result, stored, resent } = await ingestBatch(ctx.store, claims.s, { events: [event] }, new Date(at));
    if (result.rejected) ctx.logger.error('email click event rejected', { reason: result.results[0]?.reason });
    ctx.metrics.eventsIngested.inc({ status: result.accepted ? 'accepted' : result.duplicates ? 'duplicate' : 'rejected' }, 1);
    await ctx.hooks.emit(stored, resent);
  };

  return async (c) => {
    const token = c.req.param('token')!;
    const at = now();
    const until = performance.now() + CLICK_STORE_WAIT_MS;
    const html = (status: 404 | 410 | 503, title: string, text: string, home?: string, headers: Record<string, string> = {}) =>
      c.html(linkPage(title, text, home), status, { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', ...headers });
    let secret: string;
    try {
      secret = await linkSecret();
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      // the secret lives in the store (no FOCAL_LINK_SECRET) and this process has not read it yet: an unchecked link is never followed
      ctx.logger.error('email link not followed: the link secret is in the store, which does not answer', { error: (error as Error).message });
      return html(503, 'This link will work again shortly', 'The shop could not open this link right now. Please try again in a few seconds.', undefined, { 'retry-after': '5' });
    }
    const checked = await verifyLinkToken(token, secret, at);
    if (!checked.ok && checked.problem !== 'expired') return html(404, 'Link not found', 'This link is not valid. Check that it was copied completely.');
    const claims = checked.ok ? checked.claims : checked.claims!;
    const home = URL.canParse(claims.d) ? new URL(claims.d).origin : undefined;
    const gone = () => html(410, 'This link has expired', 'The offer in this email is no longer available.', home);
    const nowhere = () => html(404, 'Link not found', 'This link no longer leads anywhere.');
    if (!checked.ok || kills.has(killKey(claims))) return gone();
    if (!isWebUrl(claims.d)) return nowhere();
    let checks: [boolean, Site | undefined] | typeof LATE | undefined;
    try {
      checks = await within(Promise.all([expired(claims), ctx.store.sites.get(claims.s)]), until - performance.now());
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
    }
    if (Array.isArray(checks)) {
      const [killed, site] = checks;
      if (killed) return gone();
      if (!site || !isAllowedDestination(claims.d, site)) return nowhere();
    } else {
      // signed by this adapter, so the destination is one it made: the shopper came for the product
      ctx.logger.error(`email click: the store did not answer within ${CLICK_STORE_WAIT_MS} ms; redirected without checking the campaign and the site`, { site: claims.s, campaign: claims.c });
    }
    // UTM tags for the shop's analytics, and the widgets' attribution tags so the product page ties its view to the email.
    const tagged = withAttribution(claims.d, { requestId: claims.r, placement: claims.p, position: claims.i });
    const destination = withUtm(tagged, { campaign: claims.c, placement: claims.p, position: claims.i });
    // A HEAD request (link checkers, previews) is not a click: same answer, nothing recorded.
    if (c.req.method === 'HEAD') return c.redirect(destination, 302);
    // the shopper came for the product: a click the store cannot take in time is stored when it can, or lost, not the visit
    // tracked: the adapter's close() waits for it (within its grace period)
    const recording = ctx.hooks.track(recordClick(claims, token, at).catch((error: Error) => {
      ctx.logger.error('email click not recorded, redirected anyway', { error: error.message, site: claims.s, campaign: claims.c });
    }));
    await within(recording, until - performance.now());
    return c.redirect(destination, 302);
  };
}
