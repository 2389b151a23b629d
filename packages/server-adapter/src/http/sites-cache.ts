import { LRUCache } from 'lru-cache';
import type { Site, SitesRepo } from '../store/sites-repo.js';

/** Sites are read on every request: kept for a few seconds so several processes converge quickly after a change. */
export interface SitesCache {
  get(siteKey: string): Promise<Site | undefined>;
  /** Every origin allowed by any site (answers preflights that carry no site key). */
  allOrigins(): Promise<Set<string>>;
  clear(): void;
}

const MISSING = Symbol('missing');

export function createSitesCache(sites: SitesRepo, ttlMs = 5000): SitesCache {
  const cache = new LRUCache<string, Site | typeof MISSING>({ max: 1000, ttl: ttlMs });
  let origins: { at: number; value: Set<string> } | undefined;
  return {
    async get(siteKey) {
      const hit = cache.get(siteKey);
      if (hit !== undefined) return hit === MISSING ? undefined : hit;
      const site = await sites.get(siteKey);
      cache.set(siteKey, site ?? MISSING);
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
