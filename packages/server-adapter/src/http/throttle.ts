import type { MiddlewareHandler } from 'hono';
import type { Metrics } from '../observability/metrics.js';
import type { AppEnv } from './context.js';
import { HttpError } from './errors.js';
import { siteKeyOf } from './guards.js';
import { addressGroup } from './login-guard.js';
import { headerOf } from './request-parts.js';
import type { RateLimiter } from './rate-limit.js';
import type { SitesCache } from './sites-cache.js';
import { SITE_KEY } from './site-key-param.js';

/**
 * Rate limiting per key (the site of a known site key, `admin` for bearer requests without one, else `none`) and
 * client: its address as the admin key lockout counts it ({@link addressGroup}): an IPv6 address by its /64, which one
 * subscriber holds whole and could otherwise spend as 2^64 allowances, an IPv4 one however written. Past the limit,
 * 429 with `Retry-After` in seconds. A key that names no site counts as no key, so a caller cannot get a fresh
 * allowance per request by making up `?siteKey=` values. A limiter that fails (e.g. Redis down) lets requests through.
 */
export function throttleMiddleware(limiter: RateLimiter, metrics: Metrics, onError: (error: Error) => void, sites: SitesCache): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const presented = siteKeyOf(c.req.raw);
    const site = presented && SITE_KEY.test(presented) ? await sites.get(presented) : undefined;
    const key = site?.siteKey ?? (headerOf(c.req.raw, 'authorization') ? 'admin' : 'none');
    let decision;
    try {
      decision = await limiter.hit(`${key}|${addressGroup(c.get('clientIp') ?? 'unknown')}`);
    } catch (error) {
      onError(error as Error);
      return next();
    }
    if (!decision.allowed) {
      metrics.rateLimited.inc({ route: c.req.path.split('/').slice(0, 3).join('/') });
      throw new HttpError(429, 'rate_limited', `too many requests for this key from your address; retry after ${decision.retryAfterSeconds} s`,
        undefined, { 'retry-after': String(decision.retryAfterSeconds) });
    }
    await next();
  };
}
