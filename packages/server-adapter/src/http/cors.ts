import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { HttpError } from './errors.js';
import { setResponseHeader } from './light-response.js';
import { headerOf } from './request-parts.js';
import { siteKeyOf } from './guards.js';
import type { SitesCache } from './sites-cache.js';
import { SITE_KEY } from './site-key-param.js';

const ALLOWED_HEADERS = ['content-type', 'x-focal-site-key', 'x-focal-anonymous-id', 'x-focal-user-token', 'authorization', 'x-request-id'];

/** Whether a browser origin may call the adapter: the request's site allows it, or (no site key) any site does. */
async function originAllowed(sites: SitesCache, request: Request, origin: string): Promise<boolean> {
  const key = siteKeyOf(request);
  if (key && SITE_KEY.test(key)) return (await sites.get(key))?.allowedOrigins.includes(origin) ?? false;
  return (await sites.allOrigins()).has(origin);
}

/** The dashboard (`/admin`, cookie session): never readable by another origin, not even a site's own shop. */
const ADMIN_PAGES = /^\/admin(\/|$)/;

/**
 * Per-site CORS. An allowed origin is echoed (never `*`) with credentials allowed and `Vary: Origin`; preflights are
 * answered here (204, or 403 for an origin no site allows). Paths under `/assets/` are public and skipped here; the
 * dashboard's `/admin` pages get no CORS headers at all (its cookie would go along with a same-site shop's fetch).
 */
export function corsMiddleware(sites: SitesCache): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = headerOf(c.req.raw, 'origin');
    if (!origin || c.req.path.startsWith('/assets/') || ADMIN_PAGES.test(c.req.path)) return next();
    const allowed = await originAllowed(sites, c.req.raw, origin);
    const base: Record<string, string> = allowed
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : { vary: 'Origin' };
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      if (!allowed) throw new HttpError(403, 'origin_not_allowed', `origin ${origin.slice(0, 200)} is not in any site's allowed origins; add it to the site's allowedOrigins`);
      const requested = (c.req.header('access-control-request-headers') ?? '').toLowerCase().split(',').map((h) => h.trim()).filter(Boolean);
      return new Response(null, {
        status: 204,
        headers: {
          ...base,
          'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
          'access-control-allow-headers': requested.filter((h) => ALLOWED_HEADERS.includes(h)).join(', ') || ALLOWED_HEADERS.join(', '),
          'access-control-max-age': '600',
        },
      });
    }
    await next();
    for (const [name, value] of Object.entries({ ...base, 'access-control-expose-headers': 'x-request-id, retry-after' })) {
      if (!allowed && name.startsWith('access-control')) continue;
      setResponseHeader(c, name, value);
    }
  };
}
