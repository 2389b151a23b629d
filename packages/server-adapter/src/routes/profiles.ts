import { Hono } from 'hono';
import { Profile } from '@focal/sdk-core/contracts';
import type { AppContext, AppEnv, FocalContext } from '../http/context.js';
import { cachedProductFacts, eraseSubject, readProfile, subjectEvents, updateProfiles, type ProfileSubject } from '../profiles/service.js';

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
  ctx.hooks.onEvents((events) => updateProfiles(ctx.store, events, facts));
  const app = new Hono<AppEnv>();
  app.get('/v1/profiles/me', ctx.auth.requireSiteKey, async (c) => {
    const subject = await subjectOf(ctx, c);
    c.header('cache-control', 'private, no-store');
    // Answers are checked against the contract like every other JSON answer with one: a drift fails loudly here.
    return c.json(Profile.parse(await readProfile(ctx.store, c.get('site').siteKey, subject)));
  });
  app.get('/v1/profiles/me/export', ctx.auth.requireSiteKey, async (c) => {
    const subject = await subjectOf(ctx, c);
    const siteKey = c.get('site').siteKey;
    const [profile, events] = await Promise.all([readProfile(ctx.store, siteKey, subject), subjectEvents(ctx.sql, siteKey, subject)]);
    const body = {
      format: 'focal-profile-export/1',
      exportedAt: new Date().toISOString(),
      site: siteKey,
      subject,
      profile,
      events: events.map((e) => ({ id: e.id, type: e.type, createdAt: e.createdAt, receivedAt: e.receivedAt, eventTime: e.eventTime, event: e.event })),
    };
    return new Response(JSON.stringify(body, null, 2), {
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': 'attachment; filename="focal-profile-export.json"', 'cache-control': 'private, no-store' },
    });
  });
  app.delete('/v1/profiles/me', ctx.auth.requireSiteKey, async (c) => {
    const subject = await subjectOf(ctx, c);
    const siteKey = c.get('site').siteKey;
    const erased = await eraseSubject(ctx.store, siteKey, subject, c.get('requestId'));
    await ctx.hooks.forget({ siteKey, ...(subject.userId ? { userId: subject.userId } : {}), ...(subject.anonymousId ? { anonymousIds: [subject.anonymousId] } : {}) });
    return c.json({ deleted: erased });
  });
  return app;
}
