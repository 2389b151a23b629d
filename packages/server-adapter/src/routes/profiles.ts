import { Hono } from 'hono';
import { Profile } from '@focal/sdk-core/contracts';
import type { AppContext, AppEnv, FocalContext } from '../http/context.js';
import { cachedProductFacts, catchUpProfiles, CATCH_UP_AFTER_MS, eraseSubject, readProfile, subjectEventPages, updateProfiles, type ProfileSubject } from '../profiles/service.js';
import type { StoredEvent } from '../store/events-repo.js';
import { queryChecker } from '../http/query-params.js';
import { queryOf } from '../http/request-parts.js';

/** What the guards read from a query (the shopper's `anonymousId`, the beacon `siteKey`); the routes read nothing else. */
const PROFILE_PARAMS = ['anonymousId', 'siteKey'];
const checkProfileQuery = queryChecker({ route: 'GET /v1/profiles/me', accepted: PROFILE_PARAMS });
const checkExportQuery = queryChecker({ route: 'GET /v1/profiles/me/export', accepted: PROFILE_PARAMS });
const checkEraseQuery = queryChecker({ route: 'DELETE /v1/profiles/me', accepted: PROFILE_PARAMS });

async function subjectOf(ctx: AppContext, c: FocalContext): Promise<ProfileSubject> {
  const shopper = await ctx.auth.resolveShopper(c);
  return shopper.kind === 'user' ? { userId: shopper.userId } : { anonymousId: shopper.anonymousId };
}

/**
 * Profiles of the asking shopper (site key required; the shopper is the verified user token's `sub`, or the
 * anonymous id): `GET /v1/profiles/me`, `GET /v1/profiles/me/export` (GDPR Art. 15/20) and `DELETE /v1/profiles/me`
 * (Art. 17). Also subscribes the profile updater to ingested events.
 */
export function profileRoutes(ctx: AppContext): Hono<AppEnv> {
  const facts = cachedProductFacts(ctx.store, (hit) => (hit ? ctx.metrics.cacheHit('profile_products') : ctx.metrics.cacheMiss('profile_products')));
  ctx.hooks.onEvents((events, resent) => updateProfiles(ctx.store, events, facts, resent));
  // Events stored whose profile update failed (or whose process died) and whose shopper sent nothing since: caught up
  // every minute (a resend or the shopper's next event catches them up at once).
  const catchUp = setInterval(() => void ctx.hooks.track(catchUpProfiles(ctx.store, facts).catch((error: Error) => {
    ctx.logger.error('profiles not caught up', { error: error.message });
  })), CATCH_UP_AFTER_MS);
  catchUp.unref?.();
  ctx.onClose(() => clearInterval(catchUp));
  const app = new Hono<AppEnv>();
  app.get('/v1/profiles/me', ctx.auth.requireSiteKey, async (c) => {
    checkProfileQuery(queryOf(c.req.raw));
    const subject = await subjectOf(ctx, c);
    c.header('cache-control', 'private, no-store');
    // Answers are checked against the contract like every other JSON answer with one: a drift fails loudly here.
    return c.json(Profile.parse(await readProfile(ctx.store, c.get('site').siteKey, subject)));
  });
  app.get('/v1/profiles/me/export', ctx.auth.requireSiteKey, async (c) => {
    checkExportQuery(queryOf(c.req.raw));
    const subject = await subjectOf(ctx, c);
    const siteKey = c.get('site').siteKey;
    const profile = await readProfile(ctx.store, siteKey, subject);
    // Every event, however many: streamed page by page (a very active shopper's history need not fit in memory). The
    // first page is read before answering, so a store that is down answers 503; a later failure aborts the download
    // (an incomplete file that does not parse), never a short export that looks whole.
    const pages = subjectEventPages(ctx.sql, siteKey, subject);
    const first = await pages.next();
    const head = JSON.stringify({ format: 'focal-profile-export/1', exportedAt: new Date().toISOString(), site: siteKey, subject, profile, events: [] }, null, 2);
    const encoder = new TextEncoder();
    let started = false;
    const chunk = (events: StoredEvent[]) => events.map((e) => {
      const entry = JSON.stringify({ id: e.id, type: e.type, createdAt: e.createdAt, receivedAt: e.receivedAt, eventTime: e.eventTime, event: e.event }, null, 2);
      const text = `${started ? ',' : ''}\n    ${entry.replace(/\n/g, '\n    ')}`;
      started = true;
      return text;
    }).join('');
    let next: IteratorResult<StoredEvent[]> | undefined = first;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(`${head.slice(0, head.lastIndexOf('[]'))}[`));
      },
      async pull(controller) {
        try {
          next ??= await pages.next();
          if (next.done) {
            controller.enqueue(encoder.encode(`${started ? '\n  ' : ''}]\n}`));
            controller.close();
            return;
          }
          controller.enqueue(encoder.encode(chunk(next.value)));
          next = undefined;
        } catch (error) {
          ctx.logger.error('profile export aborted: the store failed mid-way', { requestId: c.get('requestId'), error: (error as Error).message });
          controller.error(error);
        }
      },
      async cancel() {
        await pages.return(undefined);
      },
    });
    return new Response(body, {
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': 'attachment; filename="focal-profile-export.json"', 'cache-control': 'private, no-store' },
    });
  });
  app.delete('/v1/profiles/me', ctx.auth.requireSiteKey, async (c) => {
    // before erasing: `?userId=u-9` (which this route does not read) must not erase the asking shopper instead
    checkEraseQuery(queryOf(c.req.raw));
    const subject = await subjectOf(ctx, c);
    const siteKey = c.get('site').siteKey;
    const erased = await eraseSubject(ctx.store, siteKey, subject, c.get('requestId'));
    await ctx.hooks.forget({ siteKey, ...(subject.userId ? { userId: subject.userId } : {}), ...(subject.anonymousId ? { anonymousIds: [subject.anonymousId] } : {}) });
    return c.json({ deleted: erased });
  });
  return app;
}
