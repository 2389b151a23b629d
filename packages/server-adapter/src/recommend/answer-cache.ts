import { LRUCache } from 'lru-cache';
import type { Candidate } from '@focal/sdk-core/contracts';

/**
 * A cached answer: the first candidates of a placement's list in its final server order (frozen, shared by every
 * answer served from it) and how many candidates the computed list had. `items` is only the head of the list when
 * `depth` is larger: requests read the first `limit` candidates, a few more when the shopper's filters or earlier
 * placements of the page drop some; a request that needs more computes the list again, and the key then keeps it whole.
 */
export interface CachedAnswer {
  readonly items: readonly Candidate[];
  /** Candidates in the computed list (≥ `items.length`). */
  readonly depth: number;
}

/** Where hot answers are kept: keys already hold the catalog version, so a catalog or stock change misses. */
export interface AnswerCache {
  readonly name: string;
  get(key: string): Promise<CachedAnswer | undefined> | CachedAnswer | undefined;
  set(key: string, value: CachedAnswer): Promise<void> | void;
  /** Drops everything this process can (called when the catalog changes). */
  clear(): Promise<void> | void;
  close?(): Promise<void>;
}

/** Options of the in-process cache. */
export interface MemoryCacheOptions {
  /** Most answers kept. @default 20000 */
  max?: number;
  /**
   * Most memory the kept answers take, estimated from their JSON size (an answer costs about twice its JSON text:
   * the candidate objects plus the UTF-8 bytes the serializer keeps beside them). @default 64 MiB
   */
  maxBytes?: number;
  /** Seconds an answer is served before it is recomputed with the newest events. @default 300 */
  ttlSeconds?: number;
}

/** Default memory bound of the in-process cache. */
// 64 MiB: a cached answer keeps the first limit + 12 candidates of its list, however deep the list was computed (a
// diversified one is limit + 12 + 4 × window deep). The ~1,600 distinct answers of `npm run bench -- recommendations`
// take ~46 MiB by this estimate (~29 KiB each; they took 64.0 MiB, ~41 KiB each, when the whole diversified lists were
// kept, and the LRU thrashed), and product and home pages asking their two placements in one batch ~61 MiB.
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/** A memory budget as given (default {@link DEFAULT_CACHE_BYTES}); @throws TypeError naming `name` unless a positive whole number. */
export function cacheBudget(bytes: number | undefined, name: string): number {
  if (bytes === undefined) return DEFAULT_CACHE_BYTES;
  if (!(Number.isSafeInteger(bytes) && bytes > 0)) throw new TypeError(`${name} must be a positive whole number of bytes; got ${String(bytes)}`);
  return bytes;
}

/** Estimated bytes an answer holds while cached: its candidate objects and their serialized bytes, ~2× their JSON. */
export const answerBytes = (value: CachedAnswer): number => 2 * JSON.stringify(value.items).length + 64;

/** The default cache: an in-process LRU with a time to live, bounded by count and by estimated memory. */
export function memoryAnswerCache(options: MemoryCacheOptions = {}): AnswerCache {
  const maxSize = cacheBudget(options.maxBytes, 'maxBytes');
  const lru = new LRUCache<string, CachedAnswer>({
    max: options.max ?? 20_000, maxSize, ttl: (options.ttlSeconds ?? 300) * 1000,
    // An answer larger than the whole budget is not kept (lru-cache refuses it) and is computed each time.
    sizeCalculation: answerBytes,
  });
  return {
    name: 'memory',
    get: (key) => lru.get(key),
    set: (key, value) => void lru.set(key, value),
    clear: () => lru.clear(),
  };
}
