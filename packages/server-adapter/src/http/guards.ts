import type { MiddlewareHandler } from 'hono';
import { OpaqueId } from '@focal/sdk-core/contracts';
import { bearerToken, secretMatches } from '../auth/admin.js';
import type { UserTokenVerifier } from '../auth/jwt.js';
import type { AdapterConfig } from '../config/schema.js';
import type { Metrics } from '../observability/metrics.js';
import type { WrongKeys } from './login-guard.js';
import type { AppEnv, FocalContext, Shopper } from './context.js';
import { HttpError } from './errors.js';
import { headerOf, queryOf } from './request-parts.js';
import type { SitesCache } from './sites-cache.js';
import { SITE_KEY } from './site-key-param.js';


/** The site key of a request: the `X-Focal-Site-Key` header, else the `siteKey` query parameter (beacons). */
export function siteKeyOf(request: Request): string | undefined {
  return headerOf(request, 'x-focal-site-key') ?? queryOf(request).get('siteKey') ?? undefined;
}

/** Middleware resolving the site key; refuses unknown keys (401) and origins the site does not allow (403). */
export function requireSiteKey(sites: SitesCache): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = siteKeyOf(c.req.raw);
    if (!key) throw new HttpError(401, 'missing_site_key', 'send your publishable site key in the X-Focal-Site-Key header (or the siteKey query parameter for beacons)');
    const site = SITE_KEY.test(key) ? await sites.get(key) : undefined;
    if (!site) throw new HttpError(401, 'unknown_site_key', `site key "${key.slice(0, 80)}" is not known to this adapter; check the key or create the site (focal-adapter seed)`);
    const origin = headerOf(c.req.raw, 'origin');
    if (origin && !site.allowedOrigins.includes(origin)) {
      throw new HttpError(403, 'origin_not_allowed', `origin ${origin.slice(0, 200)} is not in the allowed origins of site ${site.siteKey}; add it to the site's allowedOrigins`);
    }
    c.set('site', site);
    await next();
  };
}

/**
 * Checks a presented admin key for the client address of `c`: 403 when admin routes are off, 429 (with `Retry-After`)
 * while the address has sent too many wrong keys (here or to the dashboard login), 401 for a wrong key (counted).
 */
export function adminKeyChecker(config: AdapterConfig, keys: WrongKeys, metrics: Metrics) {
  return (c: FocalContext, presented: string): void => {
    if (!config.adminKey) throw new HttpError(403, 'admin_disabled', 'admin routes are off: set FOCAL_ADMIN_KEY (or adminKey in the config file)');
    const ip = c.get('clientIp') ?? 'unknown';
    const retryAfter = keys.retryAfter(ip);
    if (retryAfter !== undefined) {
      metrics.rateLimited.inc({ route: c.req.path.split('/').slice(0, 3).join('/') });
      throw new HttpError(429, 'too_many_wrong_keys', `too many wrong admin keys from your address; retry after ${retryAfter} s`, undefined, { 'retry-after': String(retryAfter) });
    }
    if (!secretMatches(presented, config.adminKey)) {
      keys.fail(ip);
      throw new HttpError(401, 'invalid_admin_key', 'the admin key is wrong');
    }
    keys.clear(ip);
  };
}

/** Middleware requiring the admin key as `Authorization: Bearer <key>` (checked by `check`, see {@link adminKeyChecker}). */
export function requireAdmin(config: AdapterConfig, check: (c: FocalContext, presented: string) => void): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!config.adminKey) throw new HttpError(403, 'admin_disabled', 'admin routes are off: set FOCAL_ADMIN_KEY (or adminKey in the config file)');
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw new HttpError(401, 'missing_admin_key', 'send the admin key as Authorization: Bearer <key>');
    check(c, token);
    await next();
  };
}

/** Builds `resolveShopper` (see `AppContext.auth`). */
export function shopperResolver(config: AdapterConfig, verify: UserTokenVerifier | undefined) {
  return async (c: FocalContext): Promise<Shopper> => {
    const bearer = bearerToken(headerOf(c.req.raw, 'authorization'));
    const token = headerOf(c.req.raw, 'x-focal-user-token') ?? (bearer && !(config.adminKey && secretMatches(bearer, config.adminKey)) ? bearer : undefined);
    const anonymousId = headerOf(c.req.raw, 'x-focal-anonymous-id') ?? queryOf(c.req.raw).get('anonymousId') ?? undefined;
    if (anonymousId !== undefined && !OpaqueId.safeParse(anonymousId).success) {
      throw new HttpError(400, 'invalid_anonymous_id', 'X-Focal-Anonymous-Id must be 1-128 printable characters (no control characters)', 'anonymousId');
    }
    if (token) {
      if (!verify) throw new HttpError(401, 'user_tokens_disabled', 'this adapter is not configured to verify user tokens (set jwt in the config)');
      const user = await verify(token);
      return { kind: 'user', userId: user.userId, claims: user.claims as Record<string, unknown>, ...(anonymousId ? { anonymousId } : {}) };
    }
    if (anonymousId) return { kind: 'anonymous', anonymousId };
    throw new HttpError(400, 'missing_shopper', 'say who is asking: send X-Focal-Anonymous-Id (anonymous shopper) or a user token as X-Focal-User-Token: <JWT> (what the SDK sends; Authorization: Bearer <JWT> works too)');
  };
}
