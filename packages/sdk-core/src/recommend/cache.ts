import { done, objectStore, openDb, request } from '../storage/idb.js';
import type { RecommendationResponse } from '../contracts/index.js';

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

const STORE = 'responses';

/**
 * A cache in IndexedDB (database `focal-recs`), so a returning shopper sees last-good items at once.
 * Falls back to memory when IndexedDB is unavailable or any call throws (private modes, quota).
 */
export function idbCache<T = RecommendationResponse>(name = 'focal-recs'): RecCache<T> {
  const memory = memoryCache<T>();
  let db: Promise<IDBDatabase | undefined> | undefined;
  const open = () => (db ??= openDb(name, (d) => { d.createObjectStore(STORE); }).catch(() => undefined));
  async function guard<R>(use: (d: IDBDatabase) => Promise<R>, fallback: () => Promise<R>): Promise<R> {
    try {
      const d = typeof indexedDB === 'undefined' ? undefined : await open();
      return d ? await use(d) : await fallback();
    } catch {
      return fallback();
    }
  }
  return {
    get: (key) => guard(async (d) => (await request(objectStore(d, STORE).get(key))) as CacheEntry<T> | undefined ?? memory.get(key), () => memory.get(key)),
    set: async (key, entry) => {
      await memory.set(key, entry);
      await guard(async (d) => { const store = objectStore(d, STORE, 'readwrite'); store.put(entry, key); await done(store.transaction); }, async () => undefined);
    },
  };
}
