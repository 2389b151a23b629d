import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { HttpError } from './errors.js';
import { setResponseHeader } from './light-response.js';
import { headerOf } from './request-parts.js';
import { siteKeyOf } from './guards.js';
import type { SitesCache } from './sites-cache.js';
import { SITE_KEY } from './site-key-param.js';
import { isStoreUnavailable } from '../store/unavailable.js';

const ALLOWED_HEADERS = ['content-type', 'x-focal-site-key', 'x-focal-anonymous-id', 'x-focal-user-token', 'authorization', 'x-request-id'];

/**
 * Whether a browser origin may read an answer: the request's site allows it, or, when the request names no site (no
 * key, or a key no site has: a typo, a deleted site), any site does. The answer to an unknown key is then its 401,
 * which the developer's page can read, instead of a CORS failure hiding the message.
 */
async function originAllowed(sites: SitesCache, request: Request, origin: string): Promise<boolean> {
  const key = siteKeyOf(request);
  const site = key && SITE_KEY.test(key) ? await sites.get(key) : undefined;
  if (site) return site.allowedOrigins.includes(origin);
  return (await sites.allOrigins()).has(origin);
}

/** The dashboard (`/admin`, cookie session): never readable by another origin, not even a site's own shop. */
const ADMIN_PAGES = /^\/admin(\/|$)/;

/**
 * Per-site CORS. An allowed origin is echoed (never `*`) with credentials allowed and `Vary: Origin`; preflights are
 * answered here (204, or 403 for an origin no site allows). Error answers (4xx, 5xx) carry the headers for any origin
 * some site allows, so a page calling with the wrong site key, or with a key whose site lists other origins, reads the
 * adapter's message (`unknown_site_key`, `origin_not_allowed`...) rather than a bare CORS failure; an error holds no
 * site's data. An origin no site allows never gets them, except a 503 while the store cannot be reached to say whether a
 * site allows it (sites read before are used as last read: see `createSitesCache`). Paths under `/assets/` are public
 * and skipped here; the dashboard's `/admin` pages get no CORS headers at all (its cookie would go along with a
 * same-site shop's fetch).
 */
export function corsMiddleware(sites: SitesCache): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = headerOf(c.req.raw, 'origin');
    if (!origin || c.req.path.startsWith('/assets/') || ADMIN_PAGES.test(c.req.path)) return next();
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      // A preflight lets the browser send the request; whether the page may read the answer is decided on the answer.
      // A header's site key is not in a preflight: any site's origin passes (so does one with a key in the query).
      if (!(await sites.allOrigins()).has(origin)) throw new HttpError(403, 'origin_not_allowed', `origin ${origin.slice(0, 200)} is not in any site's allowed origins; add it to the site's allowedOrigins`);
      const requested = (c.req.header('access-control-request-headers') ?? '').toLowerCase().split(',').map((h) => h.trim()).filter(Boolean);
      return new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          vary: 'Origin',
          'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
          'access-control-allow-headers': requested.filter((h) => ALLOWED_HEADERS.includes(h)).join(', ') || ALLOWED_HEADERS.join(', '),
          'access-control-max-age': '600',
        },
      });
    }
    let allowed: boolean | undefined;
    try {
      allowed = await originAllowed(sites, c.req.raw, origin);
    } catch (error) {
      // the store is down and this process has not read the site yet: the route answers (a 503, mostly) all the same
      if (!isStoreUnavailable(error)) throw error;
    }
    await next();
    let readable = allowed === true;
    // An unreachable store's 503 (Retry-After) is readable when the store could not say whether the origin is allowed:
    // it holds nothing but "retry later", and behind a CORS failure the page could not tell it from a dead network.
    if (allowed === undefined) readable = c.res.status === 503;
    else if (!readable && c.res.status >= 400) readable = await sites.allOrigins().then((origins) => origins.has(origin), () => false);
    const headers: Record<string, string> = readable
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin', 'access-control-expose-headers': 'x-request-id, retry-after' }
      : { vary: 'Origin' };
    for (const [name, value] of Object.entries(headers)) setResponseHeader(c, name, value);
  };
}
