import { done, objectStore, openDb, request } from '../storage/idb.js';
import type { RecommendationResponse } from '../contracts/index.js';

/** A cached answer for one placement request and when it was stored (epoch ms). */
export interface CacheEntry {
  response: RecommendationResponse;
  storedAt: number;
}

/** Last-good answers by request key. Implementations never throw: failures read as misses. */
export interface RecCache {
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): Promise<void>;
}

/** An in-memory cache (the fallback where IndexedDB is missing or refuses to open). */
export function memoryCache(): RecCache {
  const map = new Map<string, CacheEntry>();
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
export function idbCache(name = 'focal-recs'): RecCache {
  const memory = memoryCache();
  let db: Promise<IDBDatabase | undefined> | undefined;
  const open = () => (db ??= openDb(name, (d) => { d.createObjectStore(STORE); }).catch(() => undefined));
  async function guard<T>(use: (d: IDBDatabase) => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    try {
      const d = typeof indexedDB === 'undefined' ? undefined : await open();
      return d ? await use(d) : await fallback();
    } catch {
      return fallback();
    }
  }
  return {
    get: (key) => guard(async (d) => (await request(objectStore(d, STORE).get(key))) as CacheEntry | undefined ?? memory.get(key), () => memory.get(key)),
    set: async (key, entry) => {
      await memory.set(key, entry);
      await guard(async (d) => { const store = objectStore(d, STORE, 'readwrite'); store.put(entry, key); await done(store.transaction); }, async () => undefined);
    },
  };
}
