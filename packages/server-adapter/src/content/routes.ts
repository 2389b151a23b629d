import { Hono } from 'hono';
import { ContentResponse, type Profile } from '@focal/sdk-core/contracts';
import type { AppContext, AppEnv, FocalContext } from '../http/context.js';
import { deadline } from '../http/deadline.js';
import { HttpError } from '../http/errors.js';
import { queryChecker } from '../http/query-params.js';
import { contentConfigFromEnv, parseContentConfig, type ContentConfig } from './config.js';
import { createContentService, type ContentService } from './content-service.js';
import { verifyContentfulRequest } from './contentful-webhook.js';
import { createProvider } from './create-provider.js';
import { eligiblePromotions } from './eligibility.js';
import { canonicalLocale } from './locale.js';
import { storeProfiles, type ProfileSource } from './profiles.js';
import { readBytes } from '../http/body.js';
import { ReplayGuard, STORYBLOK_SIGNATURE, verifyStoryblokSignature } from './storyblok-webhook.js';

/** Options of {@link contentRoutes} beyond the shared context. */
export interface ContentRoutesOptions {
  /** Content configuration; default the config file's `content` section, else the environment. */
  content?: ContentConfig;
  /** A ready content service (tests); default one built from the configuration. */
  service?: ContentService;
  /** Profile lookup; default the store's profiles. */
  profiles?: ProfileSource;
  /** Environment for {@link contentConfigFromEnv}. @default process.env */
  env?: Record<string, string | undefined>;
  /** Clock, epoch ms. */
  now?: () => number;
  /**
   * Milliseconds the shopper's profile (segment targeting) is waited for; past that, or when the store fails, the slot
   * gets the promotions for everyone. Below the browser's 800 ms, so a slow or unreachable store never empties the slot.
   * @default 400
   */
  profileWaitMs?: number;
}

const SLOT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const checkQuery = queryChecker({ route: 'GET /v1/content', accepted: ['slot', 'locale', 'anonymousId', 'siteKey'] });
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** The adapter's content configuration: the config file's `content` section when present, else the environment. */
export function resolveContentConfig(ctx: AppContext, env: Record<string, string | undefined>): ContentConfig {
  const fromFile = (ctx.config as { content?: unknown }).content;
  return parseContentConfig(fromFile ?? contentConfigFromEnv(env));
}

/**
 * CMS promotions: `GET /v1/content?slot=…[&locale=fr-CA]` (site key; the shopper's anonymous id or user token selects
 * the profile for segment targeting; `locale`, the shop page's language, selects the CMS locale, see `matchLocale`) and the cache-invalidating webhooks `POST /v1/webhooks/contentful` and
 * `POST /v1/webhooks/storyblok`, which verify signatures on the raw body.
 */
export function contentRoutes(ctx: AppContext, options: ContentRoutesOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const now = options.now ?? Date.now;
  const config = options.content ?? resolveContentConfig(ctx, options.env ?? process.env);
  const service = options.service ?? createContentService({
    provider: createProvider(config),
    ttlMs: config.cacheTtlSeconds * 1000,
    timeoutMs: config.timeoutMs,
    breaker: { failureThreshold: config.breaker.failureThreshold, cooldownMs: config.breaker.cooldownSeconds * 1000 },
    now,
    onProblem: (message, details) => ctx.logger.error(message, details),
  });
  const profiles = options.profiles ?? storeProfiles(ctx.store);
  const replays = new ReplayGuard();
  const profileWaitMs = options.profileWaitMs ?? 400;

  const profileOf = async (c: FocalContext): Promise<Profile | null> => {
    const anonymous = c.req.header('x-focal-anonymous-id') ?? c.req.query('anonymousId');
    const token = c.req.header('x-focal-user-token') ?? c.req.header('authorization');
    if (!anonymous && !token) return null;
    const shopper = await ctx.auth.resolveShopper(c);
    try {
      return await deadline(profiles(shopper, c.get('site').siteKey), profileWaitMs, 'profile lookup');
    } catch (error) {
      ctx.logger.error('profile lookup failed; serving untargeted content', { error: (error as Error).message });
      return null;
    }
  };

  app.get('/v1/content', ctx.auth.requireSiteKey, async (c) => {
    const url = new URL(c.req.url);
    checkQuery(url.searchParams);
    const slot = url.searchParams.get('slot'); // one per request: a repeated slot is refused by checkQuery
    if (slot === null) throw new HttpError(400, 'invalid_slot', 'slot is required, e.g. /v1/content?slot=home-hero', 'slot');
    if (!SLOT.test(slot)) throw new HttpError(400, 'invalid_slot', 'slot must be 1-64 letters, digits, - or _ starting with a letter or digit, e.g. home-hero', 'slot');
    const asked = url.searchParams.get('locale'); // one per request: a repeated locale is refused by checkQuery
    const requested = asked === null ? undefined : canonicalLocale(asked);
    if (asked !== null && !requested) {
      throw new HttpError(400, 'invalid_locale', `locale must be a language tag such as fr, fr-FR or en-GB (a hyphen, not an underscore); got ${JSON.stringify(asked.slice(0, 40))}`, 'locale');
    }
    // the profile and the promotions at once: the wait for one is not added to the other's
    const [profile, { promotions, state, cached, locale }] = await Promise.all([profileOf(c), service.promotions(requested)]);
    if (cached) ctx.metrics.cacheHit('content');
    else ctx.metrics.cacheMiss('content');
    // nothing fetched yet (the CMS is failing): an error, so browsers keep their last good promotions rather than
    // being told the slot is empty
    if (state === 'empty') {
      throw new HttpError(503, 'content_unavailable', `promotions are unavailable: ${service.status().provider} has not answered since the adapter started; the slot collapses or shows the browser's last good promotions`);
    }
    const body = ContentResponse.parse({
      slot,
      ...(locale ? { locale } : {}),
      promotions: eligiblePromotions(promotions.filter((p) => p.slot === slot), profile, new Date(now())),
    });
    return c.json(body, 200, { 'cache-control': 'private, no-store', 'x-focal-content-state': state, ...(locale ? { 'content-language': locale } : {}) });
  });

  app.post('/v1/webhooks/contentful', async (c) => {
    const secret = config.contentful?.webhookSecret;
    if (config.provider !== 'contentful' || !secret) {
      throw new HttpError(404, 'webhook_not_configured', 'the Contentful webhook is off: set provider "contentful" and contentful.webhookSecret (CONTENTFUL_WEBHOOK_SECRET)');
    }
    const body = await readBytes(c.req.raw, WEBHOOK_BODY_LIMIT, 'Webhook calls larger than this are refused');
    const url = new URL(c.req.url);
    const verdict = verifyContentfulRequest(secret, { method: c.req.method, path: url.pathname + url.search, headers: c.req.raw.headers, body }, now());
    if (!verdict.ok) throw new HttpError(401, 'invalid_signature', verdict.reason);
    // by the signature's bytes: one signature spelled in capitals is the same request
    if (!replays.firstTime(`contentful:${c.req.header('x-contentful-signature')!.trim().toLowerCase()}`, now())) {
      return c.json({ received: true, duplicate: true });
    }
    service.invalidate();
    return c.json({ received: true, invalidated: true });
  });

  app.post('/v1/webhooks/storyblok', async (c) => {
    const secret = config.storyblok?.webhookSecret;
    if (config.provider !== 'storyblok' || !secret) {
      throw new HttpError(404, 'webhook_not_configured', 'the Storyblok webhook is off: set provider "storyblok" and storyblok.webhookSecret (STORYBLOK_WEBHOOK_SECRET)');
    }
    const body = await readBytes(c.req.raw, WEBHOOK_BODY_LIMIT, 'Webhook calls larger than this are refused');
    const signature = c.req.header(STORYBLOK_SIGNATURE);
    const verdict = verifyStoryblokSignature(secret, body, signature);
    if (!verdict.ok) throw new HttpError(401, 'invalid_signature', verdict.reason);
    if (!replays.firstTime(`storyblok:${signature!.trim().toLowerCase()}`, now())) {
      return c.json({ received: true, duplicate: true });
    }
    service.invalidate();
    return c.json({ received: true, invalidated: true });
  });

  return app;
}
