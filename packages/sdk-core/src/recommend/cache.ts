import { openDB, type IDBPDatabase } from 'idb';
import type { RecommendationResponse } from '../contracts/index.js';
import { SCRIPT_TAG } from '../tracking/build.js';

/** A cached answer (a placement's, or a promo slot's promotions) and when it was stored (epoch ms). */
export interface CacheEntry<T = RecommendationResponse> {
  response: T;
  storedAt: number;
}

/** Last-good answers by key. Implementations never throw: failures read as misses. */
export interface RecCache<T = RecommendationResponse> {
  get(key: string): Promise<CacheEntry<T> | undefined>;
  set(key: string, entry: CacheEntry<T>): Promise<void>;
}

/** An in-memory cache (the fallback where IndexedDB is missing or refuses to open). */
export function memoryCache<T = RecommendationResponse>(): RecCache<T> {
  const map = new Map<string, CacheEntry<T>>();
  return {
    get: async (key) => map.get(key),
    set: async (key, entry) => { map.set(key, entry); },
  };
}

/**
 * A cache in IndexedDB (database `focal-recs`), so a returning shopper sees last-good items at once.
 * Falls back to memory when IndexedDB is unavailable or any call throws (private modes, quota).
 */
export function idbCache<T = RecommendationResponse>(name = 'focal-recs'): RecCache<T> {
  const memory = memoryCache<T>();
  let db: Promise<IDBPDatabase | undefined> | undefined;
  /** `use` with the database, else `fallback` (also when any IndexedDB call throws). */
  const guard = async <R>(use: (d: IDBPDatabase) => Promise<R>, fallback: () => Promise<R>): Promise<R> => {
    try {
      const d = typeof indexedDB === 'undefined' ? undefined
        : await (db ??= openDB(name, 1, { upgrade: (d) => { d.createObjectStore('responses'); } }).catch(() => undefined));
      return d ? await use(d) : await fallback();
    } catch {
      return fallback();
    }
  };
  return {
    get: (key) => guard(async (d) => (await d.get('responses', key)) as CacheEntry<T> | undefined ?? memory.get(key), () => memory.get(key)),
    set: async (key, entry) => {
      await memory.set(key, entry);
      await guard(async (d) => { await d.put('responses', entry, key); }, async () => undefined);
    },
  };
}

/** The cache options both clients take. */
export interface CacheOptions<T> {
  /** Last-good answers; `false` disables caching. @default idbCache() (IndexedDB, memory fallback) */
  cache?: RecCache<T> | false;
  /** Cached answers older than this are not shown. @default 7 days */
  maxAgeMs?: number;
}

/**
 * A client's cache, as it uses it: `get` resolves with the stored answer when it is fresh enough to show (else
 * `undefined`, also on any failure), `set` stores an answer now. Keys start with the client's endpoint and site key,
 * so one store's answers are never shown for another's (two sites on one origin, an app that switches store). The
 * script tag always has `idbCache()` and 7 days.
 */
export function freshCache<T>(options: CacheOptions<T> & { endpoint: string; siteKey: string }) {
  const cache = SCRIPT_TAG ? idbCache<T>() : options.cache === false ? undefined : options.cache ?? idbCache<T>();
  const maxAgeMs = (SCRIPT_TAG ? undefined : options.maxAgeMs) ?? 6048e5;
  const scope = `${options.endpoint}|${options.siteKey}|`;
  return {
    get: async (key: string) => {
      try {
        const hit = await cache?.get(scope + key);
        return hit && Date.now() - hit.storedAt <= maxAgeMs ? hit.response : undefined;
      } catch {
        return undefined;
      }
    },
    set: (key: string, response: T) => { void cache?.set(scope + key, { response, storedAt: Date.now() }); },
  };
}
