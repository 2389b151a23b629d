import { parseConfig } from '../config/load.js';
import type { AdapterConfig, AdapterConfigInput } from '../config/schema.js';
import { createUserTokenVerifier } from '../auth/jwt.js';
import { createIngestHooks } from '../ingest/hooks.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import type { Store } from '../store/store.js';
import { buildApp, type FeatureRouter } from './app.js';
import type { AppContext } from './context.js';
import { adminKeyChecker, requireAdmin, requireSiteKey, shopperResolver } from './guards.js';
import { wrongKeyCounter } from './login-guard.js';
import { createMemoryRateLimiter, type RateLimiter } from './rate-limit.js';
import { createSitesCache } from './sites-cache.js';

/** What `createFocalHandler` needs: an open store and the configuration; everything else has defaults. */
export interface FocalHandlerOptions {
  store: Store;
  /** Validated config, or raw settings to validate (defaults apply). */
  config?: AdapterConfig | AdapterConfigInput;
  logger?: Logger;
  metrics?: Metrics;
  /** Default: in-process, from `config.rateLimit`. */
  rateLimiter?: RateLimiter;
  /** Extra routers mounted after the built-in ones (for embedding hosts and tests). */
  routers?: FeatureRouter[];
}

/** The Fetch-API handler; `env` is passed through from hosts that have one (node-server passes the socket). */
/** Milliseconds `close()` waits for ingest follow-up work still running (as `RunningServer.close` for requests). */
export const CLOSE_GRACE_MS = 10_000;

export type FocalHandler = ((request: Request, env?: unknown) => Promise<Response>) & {
  /** The context shared by every route (store, config, metrics, hooks...). */
  readonly context: AppContext;
  /** Every mounted route (method + path pattern), e.g. for docs and fuzzing. */
  readonly routes: { method: string; path: string }[];
  /**
   * Waits for the work that follows from ingested events and goes on after their answer (profile and index updates)
   * for up to `graceMs` (default {@link CLOSE_GRACE_MS}), then closes what the routes opened for the process (the
   * Redis answer cache); the store is the caller's to close.
   */
  close(options?: { graceMs?: number }): Promise<void>;
};

/**
 * Builds the framework-agnostic adapter: `(Request) => Promise<Response>`. Mount it with `createNodeListener`,
 * `focalMiddleware` (Express/Connect), or call it from any fetch-based host.
 * @example
 * const store = await openStore({ dataDir: '.focal-data' });
 * const handler = createFocalHandler({ store, config: { adminKey: process.env.FOCAL_ADMIN_KEY } });
 * const response = await handler(new Request('http://localhost/healthz'));
 */
export function createFocalHandler(options: FocalHandlerOptions): FocalHandler {
  const config = parseConfig(options.config ?? {});
  const logger = options.logger ?? createLogger(config.log);
  const metrics = options.metrics ?? createMetrics();
  const sites = createSitesCache(options.store.sites, {
    onStale: (what, error) => logger.error('store did not answer: serving what this process read last', { what, error: error.message }),
  });
  const verify = config.jwt ? createUserTokenVerifier(config.jwt) : undefined;
  const closers: Array<() => Promise<void> | void> = [];
  const wrongAdminKeys = wrongKeyCounter();
  const checkAdminKey = adminKeyChecker(config, wrongAdminKeys, metrics);
  const context: AppContext = {
    store: options.store,
    sql: options.store.sql,
    config,
    logger,
    metrics,
    hooks: createIngestHooks(logger),
    rateLimiter: options.rateLimiter ?? createMemoryRateLimiter(config.rateLimit.max || Number.MAX_SAFE_INTEGER, config.rateLimit.windowSeconds),
    onClose: (close) => void closers.push(close),
    auth: {
      requireSiteKey: requireSiteKey(sites),
      requireAdmin: requireAdmin(config, checkAdminKey),
      checkAdminKey,
      wrongAdminKeys,
      resolveShopper: shopperResolver(config, verify),
      invalidateSites: () => sites.clear(),
    },
  };
  let app: ReturnType<typeof buildApp>;
  try {
    app = buildApp(context, sites, options.routers);
  } catch (error) {
    // a router refused its configuration: what the routers built before it opened (the Redis answer cache) is closed
    for (const close of closers.splice(0).reverse()) void Promise.resolve().then(close).catch(() => undefined);
    throw error;
  }
  const handler = (async (request: Request, env?: unknown) => app.fetch(request, env as never)) as FocalHandler;
  Object.defineProperty(handler, 'context', { value: context });
  Object.defineProperty(handler, 'close', {
    value: async ({ graceMs = CLOSE_GRACE_MS }: { graceMs?: number } = {}) => {
      if (typeof graceMs != 'number' || !Number.isFinite(graceMs) || graceMs < 0) {
        throw new TypeError(`close: graceMs must be the milliseconds to wait for work still running, a number ≥ 0 (default ${CLOSE_GRACE_MS}); got ${JSON.stringify(graceMs) ?? String(graceMs)}`);
      }
      // what runs after an answer (a profile update) finishes before the store closes under it, or is logged as cut off
      if (!await context.hooks.settled(graceMs)) {
        logger.error(`closing with ingest follow-up work (profile and index updates) still running after ${graceMs} ms: it is cut off (pending profile updates are caught up by the next process)`);
      }
      for (const close of closers.splice(0).reverse()) {
        try {
          await close();
        } catch (error) {
          logger.error('closing the adapter', { error: (error as Error).message });
        }
      }
    },
  });
  const routes = app.routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, path: r.path }));
  Object.defineProperty(handler, 'routes', { value: [...new Map(routes.map((r) => [`${r.method} ${r.path}`, r])).values()] });
  return handler;
}
