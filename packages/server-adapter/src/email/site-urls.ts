import type { Site } from '../store/sites-repo.js';

/**
 * The base URL that relative catalog URLs (`/products/…`) resolve against in an email: the site's
 * `settings.shopUrl` when set, else its first allowed origin.
 */
export function shopBase(site: Site): string | undefined {
  const configured = site.settings.shopUrl;
  if (typeof configured === 'string' && /^https?:\/\//.test(configured) && URL.canParse(configured)) return configured;
  return site.allowedOrigins[0];
}

/** The origins a link destination may have: the allowed origins plus the shop URL's. Empty: any http(s) origin. */
export function allowedDestinationOrigins(site: Site): Set<string> {
  const origins = new Set(site.allowedOrigins);
  const base = shopBase(site);
  if (base) origins.add(new URL(base).origin);
  return origins;
}

/** An absolute http(s) URL for a catalog URL, or `undefined` when it cannot be made absolute. */
export function absoluteUrl(url: string, base: string | undefined): string | undefined {
  try {
    const resolved = base ? new URL(url, base) : new URL(url);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a destination is a URL the site's links may point to (see {@link allowedDestinationOrigins}). */
export function isAllowedDestination(url: string, site: Site): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
  const origins = allowedDestinationOrigins(site);
  return origins.size === 0 || origins.has(target.origin);
}
