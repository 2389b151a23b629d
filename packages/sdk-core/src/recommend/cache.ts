import { openDB, type IDBPDatabase } from 'idb';
import type { ConsentState } from '../contracts/events.js';
import { checkConsent } from '../consent/consent.js';
import type { RecommendationResponse } from '../contracts/index.js';
import { SCRIPT_TAG } from '../tracking/build.js';

/** A cached answer (a placement's, or a promo slot's promotions), when it was stored (epoch ms) and for whom. */
export interface CacheEntry<T = RecommendationResponse> {
  response: T;
  storedAt: number;
  /**
   * The shopper it was for (`shopperKey(shopperOf(options))`: a hash of their anonymous id and user token, never either
   * itself). A client reads an entry stored for another shopper as a miss.
   */
  shopper?: number;
}

/** Last-good answers by key. Implementations never throw: failures read as misses. */
export interface RecCache<T = RecommendationResponse> {
  get(key: string): Promise<CacheEntry<T> | undefined>;
  set(key: string, entry: CacheEntry<T>): Promise<void>;
}

/**
 * Answers a memory cache keeps, the last stored: a long single-page session (a shopper going through hundreds of
 * product pages) would otherwise keep every answer of the page's life in memory.
 */
export const MAX_MEMORY_ANSWERS = 100;

/**
 * Answers an IndexedDB cache keeps at most, the most recently stored (of every store and placement on the origin:
 * promotions too): a shopper who browses many product pages would otherwise leave one per page, for ever. Once there
 * are more, the oldest go, down to three quarters of this (so the store is sorted once per 50 answers, not at each).
 */
export const MAX_STORED_ANSWERS = 200;

/** An in-memory cache of the last {@link MAX_MEMORY_ANSWERS} answers (the fallback where IndexedDB is missing or refuses to open). */
export function memoryCache<T = RecommendationResponse>(): RecCache<T> {
  const map = new Map<string, CacheEntry<T>>();
  return {
    get: async (key) => map.get(key),
    set: async (key, entry) => {
      map.delete(key); // stored again: the latest
      if (map.set(key, entry).size > MAX_MEMORY_ANSWERS) map.delete(map.keys().next().value!);
    },
  };
}

/**
 * The page's connection to each cache database, shared by every `idbCache` of that name (so by all clients, whatever
 * their store): opened at first use; closed when the last cache using it is closed and no read or write is under way,
 * and when another page asks to upgrade or delete the database (opened again when next needed).
 */
const connections: Record<string, { db?: Promise<IDBPDatabase | undefined>; users: number; busy: number }> = {};

/** The page's consent lets answers be kept in IndexedDB (see {@link cacheConsent}). */
let keep = true;

/**
 * Follows the tracker's consent (it calls this when it starts and at each choice, this tab's or another's). An answer's
 * key names the products the shopper viewed and its value was personalised for them, stored with a hash of their ids:
 * IndexedDB is used only while analytics AND personalisation are granted (memory meanwhile, also while undecided). A
 * refusal of either deletes `focal-recs` and every cache database this page used (this page's connection gives way).
 */
export function cacheConsent(state: ConsentState | null): void {
  if (state) state = checkConsent(state); // a page's own call with a malformed choice: an error naming the field
  keep = !!state?.analytics && state.personalization;
  if (state && !keep) {
    for (const name of ['focal-recs', ...Object.keys(connections)]) {
      try { indexedDB.deleteDatabase(name); } catch { /* no IndexedDB */ }
    }
  }
}

/**
 * A cache in IndexedDB (database `focal-recs`), so a returning shopper sees last-good items at once.
 * Falls back to memory when IndexedDB is unavailable or any call throws (private modes, quota).
 * `close()` gives up this cache's share of the page's connection to the database: reads and writes already called
 * finish first, later ones use memory only. A client closes the cache it created itself when it is disposed.
 */
export function idbCache<T = RecommendationResponse>(name = 'focal-recs'): RecCache<T> & { close(): void } {
  const memory = memoryCache<T>();
  const shared = connections[name] ??= { users: 0, busy: 0 };
  let open = true;
  // (the script tag never closes its cache: only a page that goes away or another that needs the database does)
  if (!SCRIPT_TAG) shared.users++;
  const idle = () => {
    if (!shared.users && !shared.busy) {
      void shared.db?.then((d) => d?.close());
      shared.db = undefined;
    }
  };
  const connect = () => {
    const db: Promise<IDBPDatabase | undefined> = openDB(name, 1, {
      upgrade: (d) => { d.createObjectStore('responses'); },
      // another page upgrades or deletes the database: this page's connection does not block it
      blocking: (_version, _next, event) => {
        (event.target as IDBDatabase).close();
        if (shared.db === db) shared.db = undefined;
      },
    }).catch(() => undefined);
    return db;
  };
  /**
   * `use` with the database, else `fallback` (also when any IndexedDB call throws, and once closed). Under way from
   * the call on: a close right after it waits for it.
   */
  const guard = async <R>(use: (d: IDBPDatabase) => Promise<R>, fallback: () => Promise<R>): Promise<R> => {
    if ((!SCRIPT_TAG && !open) || !keep || typeof indexedDB === 'undefined') return fallback();
    if (!SCRIPT_TAG) shared.busy++;
    try {
      const d = await (shared.db ??= connect());
      return d ? await use(d) : await fallback();
    } catch {
      return fallback();
    } finally {
      if (!SCRIPT_TAG) {
        shared.busy--;
        idle();
      }
    }
  };
  return {
    get: (key) => guard(async (d) => (await d.get('responses', key)) as CacheEntry<T> | undefined ?? memory.get(key), () => memory.get(key)),
    set: (key, entry) => {
      void memory.set(key, entry);
      return guard(async (d) => {
        // one transaction: its keys and values in key order, and another tab's answer stored after it counted; every
        // promise awaited, so a write refused (quota) is a fallback, never an unhandled rejection
        const t = d.transaction('responses', 'readwrite');
        const store = t.store;
        await Promise.all([t.done, store.put(entry, key), store.getAllKeys().then(async (keys) => {
          if (keys[MAX_STORED_ANSWERS]) {
            const all = await store.getAll() as Array<CacheEntry<T>>;
            const oldest = all.map((e) => e.storedAt).sort((a, b) => b - a)[MAX_STORED_ANSWERS * 3 / 4];
            keys.map((k, i) => all[i].storedAt <= oldest && store.delete(k));
          }
        })]);
      }, async () => undefined);
    },
    close: SCRIPT_TAG ? undefined as never : () => {
      if (!open) return;
      open = false;
      shared.users--;
      idle();
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

/** The shopper as a client's requests name them: their anonymous id and user token, a line each. */
export const shopperOf = (options: { anonymousId?: () => string | undefined; userToken?: () => string | undefined }): string =>
  `${options.anonymousId?.() ?? ''}\n${options.userToken?.() ?? ''}`;

/** How the shopper an answer is for is stored with it: a 32-bit hash of `shopperOf` (never the token itself). */
export function shopperKey(shopper: string): number {
  let h = 0;
  for (let i = 0; i < shopper.length; i++) h = Math.imul(h, 31) + shopper.charCodeAt(i) | 0;
  return h;
}

/**
 * A client's cache, as it uses it: `get` resolves with the answer stored for this shopper (`shopperOf`) when it is
 * fresh enough to show (else `undefined`, also on any failure), `set` stores one for them now: a shopper who signs in
 * or out, or the next one on a shared device, is never shown another's cached answers. Keys start with the client's
 * endpoint and site key, so one store's answers are never shown for another's (two sites on one origin, an app that
 * switches store). The script tag always has `idbCache()` and 7 days (and never closes it).
 */
export function freshCache<T>(options: CacheOptions<T> & { endpoint: string; siteKey: string }) {
  const own = SCRIPT_TAG || options.cache === undefined ? idbCache<T>() : undefined;
  const cache = SCRIPT_TAG ? own : own ?? (options.cache || undefined);
  const maxAgeMs = (SCRIPT_TAG ? undefined : options.maxAgeMs) ?? 6048e5;
  const scope = `${options.endpoint}|${options.siteKey}|`;
  return {
    get: async (key: string, shopper: string) => {
      try {
        const hit = await cache?.get(scope + key);
        return hit && hit.shopper === shopperKey(shopper) && Date.now() - hit.storedAt <= maxAgeMs ? hit.response : undefined;
      } catch {
        return undefined;
      }
    },
    set: (key: string, response: T, shopper: string) => { void cache?.set(scope + key, { response, storedAt: Date.now(), shopper: shopperKey(shopper) }); },
    /** Closes the cache the client created (never one it was given). */
    close: SCRIPT_TAG ? undefined as never : () => own?.close(),
  };
}
