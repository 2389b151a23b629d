import { Hono } from 'hono';
import { adminEventRoutes } from '../routes/admin-events.js';
import { assetRoutes } from '../routes/assets.js';
import { catalogRoutes, MAX_CATALOG_BYTES } from '../routes/catalog.js';
import { profileRoutes } from '../routes/profiles.js';
import { eventRoutes } from '../routes/events.js';
import { healthRoutes } from '../routes/health.js';
import { landingRoutes } from '../routes/landing.js';
import type { AppContext, AppEnv } from './context.js';
import { declaredSizeLimit } from './body.js';
import { corsMiddleware } from './cors.js';
import { errorResponse, HttpError } from './errors.js';
import { loginGuard } from './login-guard.js';
import { observeMiddleware } from './observe.js';
import type { SitesCache } from './sites-cache.js';
import { throttleMiddleware } from './throttle.js';
import { isStoreUnavailable } from '../store/unavailable.js';
// ── Feature router imports (one line per feature) ─────────────────────────────────────────────────────────────
import { emailRoutes } from '../email/routes.js';
import { recommendRoutes } from '../recommend/routes.js';
import { contentRoutes } from '../content/routes.js';
import { reportRoutes } from '../report/routes.js';

/** A feature module: builds its router from the shared context. Routes carry their full path (`/v1/...`). */
export type FeatureRouter = (ctx: AppContext) => Hono<AppEnv>;

/** Platform routers beyond ingest (profiles, catalog, assets). */
const PLATFORM_ROUTERS: FeatureRouter[] = [catalogRoutes, profileRoutes, assetRoutes];

/**
 * Feature routers, mounted after the platform routes. Each engineer adds ONE entry (plus its import above), e.g.
 * `recommendRoutes, // src/recommend`. A router may also subscribe to ingested events with `ctx.hooks.onEvents`.
 */
const FEATURE_ROUTERS: FeatureRouter[] = [
  // ── Feature routers: one line each ──────────────────────────────────────────────────────────────────────────
  emailRoutes, // src/email (issue 8)
  recommendRoutes, // src/recommend (issue 5)
  contentRoutes, // src/content (issue 5: CMS promotions)
  reportRoutes, // src/report (issue 10: report, experiments, /admin dashboard)
];

/**
 * The whole Hono app: observability, CORS, rate limiting, platform routes, then the feature routers.
 * Errors become `{ error: { code, message, field? } }`; a store that cannot be reached is 503 `store_unavailable`
 * (Retry-After: 5); unexpected errors are logged and answered 500 without details.
 */
export function buildApp(ctx: AppContext, sites: SitesCache, extra: FeatureRouter[] = []): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', observeMiddleware(ctx.config, ctx.logger, ctx.metrics));
  app.use('*', corsMiddleware(sites));
  app.use('*', declaredSizeLimit(ctx.config.maxBodyBytes, { '/v1/admin/catalog': MAX_CATALOG_BYTES }));
  app.use('/v1/*', throttleMiddleware(ctx.rateLimiter, ctx.metrics, (error) => ctx.logger.error('rate limiter failed', { error: error.message }), sites));
  // Wrong admin keys on the dashboard's login form count per client address (the form is outside /v1/), together with
  // the wrong Bearer keys of the admin routes.
  app.post('/admin/login', loginGuard(ctx.metrics, undefined, undefined, ctx.auth.wrongAdminKeys));

  for (const router of [landingRoutes, healthRoutes, eventRoutes, adminEventRoutes, ...PLATFORM_ROUTERS, ...FEATURE_ROUTERS, ...extra]) {
    app.route('/', router(ctx));
  }

  app.notFound(() => errorResponse(new HttpError(404, 'not_found', 'no such route; see the adapter README for the list of endpoints')));
  app.onError((error, c) => {
    if (error instanceof HttpError) return errorResponse(error);
    if (isStoreUnavailable(error)) {
      // The database is restarting, refusing connections or out of connections: a retry shortly will do (no stack).
      ctx.logger.error('store unavailable', { requestId: c.get('requestId'), path: c.req.path, error: (error as Error).message });
      return errorResponse(new HttpError(503, 'store_unavailable', 'the store does not answer right now; retry in a few seconds', undefined, { 'retry-after': '5' }));
    }
    ctx.logger.error('unhandled error', { requestId: c.get('requestId'), path: c.req.path, error: error.message, stack: error.stack });
    return errorResponse(new HttpError(500, 'internal', `something went wrong on the adapter; the request id ${c.get('requestId') ?? ''} is in its log`));
  });
  return app;
}
