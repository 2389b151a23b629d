import type { Context, MiddlewareHandler } from 'hono';
import type { AdapterConfig } from '../config/schema.js';
import type { IngestHooks } from '../ingest/hooks.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { RateLimiter } from '../http/rate-limit.js';
import type { WrongKeys } from './login-guard.js';
import type { Site } from '../store/sites-repo.js';
import type { SqlClient } from '../store/sql-client.js';
import type { Store } from '../store/store.js';

/** Who is asking for shopper data: an anonymous browser or a user proven by a verified token. */
export type Shopper =
  | { kind: 'anonymous'; anonymousId: string }
  | { kind: 'user'; userId: string; anonymousId?: string; claims: Record<string, unknown> };

/** Per-request values set by the platform middleware (`c.get('site')` after `requireSiteKey`, ...). */
export interface AppVariables {
  requestId: string;
  /** The site of the request's site key; set by `requireSiteKey`. */
  site: Site;
  /** Client address used for rate limiting. */
  clientIp: string;
}

/** The Hono environment of every Focal router: `new Hono<AppEnv>()`. */
export interface AppEnv {
  Variables: AppVariables;
}

export type FocalContext = Context<AppEnv>;

/**
 * Everything a feature router needs. Build routers as `(ctx: AppContext) => Hono<AppEnv>` and mount them in
 * `src/http/app.ts`.
 */
export interface AppContext {
  store: Store;
  /** The raw SQL client for feature repositories (same connection as `store`). */
  sql: SqlClient;
  config: AdapterConfig;
  logger: Logger;
  metrics: Metrics;
  /** Listeners called with each batch of newly stored events (profiles, popularity, co-occurrence...). */
  hooks: IngestHooks;
  rateLimiter: RateLimiter;
  /**
   * Registers what a router opened for the whole process (a Redis connection, timers) to be closed by the handler's
   * `close()` (and so by `adapter.close()`): without it, a process that closes the adapter never exits.
   */
  onClose(close: () => Promise<void> | void): void;
  auth: {
    /** Middleware: 401 unless `X-Focal-Site-Key` (or `?siteKey=`) names a known site; 403 for a foreign Origin. Sets `c.get('site')`. */
    requireSiteKey: MiddlewareHandler<AppEnv>;
    /** Middleware: 401 unless `Authorization: Bearer <admin key>`; 429 after too many wrong keys from the address. */
    requireAdmin: MiddlewareHandler<AppEnv>;
    /**
     * Checks an admin key presented some other way than `requireAdmin` reads it: 401 when wrong (counted per client
     * address), 429 while the address has sent too many wrong keys. @throws HttpError 401/403/429.
     */
    checkAdminKey(c: FocalContext, presented: string): void;
    /** Wrong admin keys per client address, shared by `requireAdmin`, `checkAdminKey` and the dashboard login. */
    wrongAdminKeys: WrongKeys;
    /**
     * The shopper of a request: a verified user token (`Authorization: Bearer <JWT>` or `X-Focal-User-Token`) or the
     * anonymous id (`X-Focal-Anonymous-Id` header or `?anonymousId=`). @throws HttpError 400/401.
     */
    resolveShopper(c: FocalContext): Promise<Shopper>;
    /** Forgets cached sites (after changing a site's origins). */
    invalidateSites(): void;
  };
}
