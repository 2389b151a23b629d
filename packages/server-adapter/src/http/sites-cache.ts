import type { Site, SitesRepo } from '../store/sites-repo.js';
import { isStoreUnavailable } from '../store/unavailable.js';
import { LATE, within } from './deadline.js';

/** Sites are read on every request: kept for a few seconds so several processes converge quickly after a change. */
export interface SitesCache {
  get(siteKey: string): Promise<Site | undefined>;
  /** Every origin allowed by any site (answers preflights that carry no site key). */
  allOrigins(): Promise<Set<string>>;
  clear(): void;
}

/** At most this many site keys are remembered (unknown keys too, so a flood of bad keys does not reach the store). */
const MAX_SITES = 1000;

/** Milliseconds a store found unreachable for a site never read is not asked again for one (see `first`). */
const UNREACHABLE_MS = 1000;

/** Options of {@link createSitesCache}. */
export interface SitesCacheOptions {
  /** Milliseconds a site read from the store is used without asking again. @default 5000 */
  ttlMs?: number;
  /**
   * Milliseconds requests wait for the store to confirm a site known from before; past that (or when the store cannot
   * be reached) it is served as last read. Short: a recommendation request gives up after 800 ms. @default 300
   */
  staleWaitMs?: number;
  /** Told when a site (or the origin list) is served as last read because the store did not answer. */
  onStale?: (what: string, error: Error) => void;
}

interface Entry<T> {
  value: T;
  until: number;
  /** The store's answer being awaited, and until when (`performance.now()`) requests wait for it. */
  refreshing?: { answer: Promise<T>; waitUntil: number; told?: boolean };
}

/**
 * A cache of the sites table that outlives a store outage: a site known from before (read by its key, or listed by
 * `allOrigins`) is served as last read while the store cannot be reached or is slow to answer, so the routes that need
 * no store (recommendations from memory, preflights, the CORS headers of a 503) keep working. Only a site never read
 * in this process needs the store. The store is asked again after `ttlMs`, one request at a time per key.
 */
export function createSitesCache(sites: SitesRepo, options: SitesCacheOptions = {}): SitesCache {
  const { ttlMs = 5000, staleWaitMs = 300, onStale } = options;
  const cache = new Map<string, Entry<Site | undefined>>();
  /** The sites of the last list, by key (what `get` falls back to for a key it has not read itself). */
  let listed = new Map<string, Site>();
  let origins: Entry<Set<string>> | undefined;

  /**
   * The fresh value when the store gives it within `staleWaitMs`, else `stale` (the store is down: tried again after
   * `ttlMs`; it is slow: the answer, when it comes, fills the cache). Errors other than an unreachable store are thrown.
   */
  async function refresh<T>(entry: Entry<T>, load: () => Promise<T>, what: string): Promise<T> {
    entry.refreshing ??= {
      answer: load().then((value) => {
        entry.value = value;
        entry.until = Date.now() + ttlMs;
        return value;
      }, (error: unknown) => {
        if (isStoreUnavailable(error)) {
          entry.until = Date.now() + ttlMs; // not asked again by every request while the store is out
          onStale?.(what, error as Error);
        }
        throw error;
      }).finally(() => {
        entry.refreshing = undefined;
      }),
      waitUntil: performance.now() + staleWaitMs,
    };
    const { answer, waitUntil } = entry.refreshing;
    try {
      // every request waits for the same answer until the same time: three lookups of one request do not wait thrice
      const value = await within(answer, waitUntil - performance.now());
      if (value !== LATE) return value;
      if (entry.refreshing && !entry.refreshing.told) {
        entry.refreshing.told = true;
        onStale?.(what, new Error(`no answer within ${staleWaitMs} ms`));
      }
      return entry.value;
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      return entry.value;
    }
  }

  /** The last time the store could not be reached for something never read, and why. */
  let unreachable: { error: unknown; until: number } | undefined;
  /**
   * A first read (nothing to fall back to): while the store was just found unreachable, fails at once instead of
   * waiting for it again, so the several lookups of one request (CORS, rate limit, site key) do not wait in turn.
   */
  async function first<T>(load: () => Promise<T>): Promise<T> {
    if (unreachable && unreachable.until > Date.now()) throw unreachable.error;
    try {
      return await load();
    } catch (error) {
      if (isStoreUnavailable(error)) unreachable = { error, until: Date.now() + UNREACHABLE_MS };
      throw error;
    }
  }

  const remember = (siteKey: string, entry: Entry<Site | undefined>) => {
    cache.delete(siteKey);
    if (cache.size >= MAX_SITES) cache.delete(cache.keys().next().value!);
    cache.set(siteKey, entry);
  };

  return {
    async get(siteKey) {
      let entry = cache.get(siteKey);
      if (entry && entry.until > Date.now()) return entry.value;
      if (!entry) {
        const known = listed.get(siteKey);
        if (!known) {
          const site = await first(() => sites.get(siteKey));
          remember(siteKey, { value: site, until: Date.now() + ttlMs });
          return site;
        }
        entry = { value: known, until: 0 };
        remember(siteKey, entry);
      }
      return refresh(entry, () => sites.get(siteKey), `site ${siteKey}`);
    },
    async allOrigins() {
      if (origins && origins.until > Date.now()) return origins.value;
      const loadList = async () => {
        const all = await sites.list();
        listed = new Map(all.map((s) => [s.siteKey, s]));
        return new Set(all.flatMap((s) => s.allowedOrigins));
      };
      if (!origins) {
        const value = await first(loadList);
        origins = { value, until: Date.now() + ttlMs };
        return value;
      }
      return refresh(origins, loadList, 'allowed origins');
    },
    clear() {
      cache.clear();
      listed = new Map();
      origins = undefined;
      unreachable = undefined;
    },
  };
}
