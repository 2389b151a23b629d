import type { Site, SitesRepo } from '../store/sites-repo.js';

/** Sites are read on every request: kept for a few seconds so several processes converge quickly after a change. */
export interface SitesCache {
  get(siteKey: string): Promise<Site | undefined>;
  /** Every origin allowed by any site (answers preflights that carry no site key). */
  allOrigins(): Promise<Set<string>>;
  clear(): void;
}

/** At most this many site keys are remembered (unknown keys too, so a flood of bad keys does not reach the store). */
const MAX_SITES = 1000;

export function createSitesCache(sites: SitesRepo, ttlMs = 5000): SitesCache {
  const cache = new Map<string, { site: Site | undefined; until: number }>();
  let origins: { at: number; value: Set<string> } | undefined;
  return {
    async get(siteKey) {
      const hit = cache.get(siteKey);
      if (hit && hit.until > Date.now()) return hit.site;
      const site = await sites.get(siteKey);
      cache.delete(siteKey);
      if (cache.size >= MAX_SITES) cache.delete(cache.keys().next().value!);
      cache.set(siteKey, { site, until: Date.now() + ttlMs });
      return site;
    },
    async allOrigins() {
      if (origins && Date.now() - origins.at < ttlMs) return origins.value;
      const value = new Set((await sites.list()).flatMap((s) => s.allowedOrigins));
      origins = { at: Date.now(), value };
      return value;
    },
    clear() {
      cache.clear();
      origins = undefined;
    },
  };
}
