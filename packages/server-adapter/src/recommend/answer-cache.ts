import { LRUCache } from 'lru-cache';
import type { Candidate } from '@focal/sdk-core/contracts';

/** Where hot answers are kept: keys already hold the catalog version, so a catalog or stock change misses. */
export interface AnswerCache {
  readonly name: string;
  get(key: string): Promise<Candidate[] | undefined> | Candidate[] | undefined;
  set(key: string, value: Candidate[]): Promise<void> | void;
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
   * the candidate objects plus the UTF-8 bytes the serializer keeps beside them). @default 256 MiB
   */
  maxBytes?: number;
  /** Seconds an answer is served before it is recomputed with the newest events. @default 300 */
  ttlSeconds?: number;
}

/** Default memory bound of the in-process cache. */
// 256 MiB: with server-side diversity a cached list is up to limit + 12 + 4 × window candidates deep (56 for a
// 12-item placement, was 24), and the demo's ~2,900 distinct answers no longer fit in 64 MiB: the LRU evicted
// answers still in use, the hit rate fell from 99.7 % to 74 % and `npm run bench -- recommendations` from ~30,000
// to ~4,500 req/s (10 % of bare node:http against the ≥ 50 % target).
export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

/** A memory budget as given (default {@link DEFAULT_CACHE_BYTES}); @throws TypeError naming `name` unless a positive whole number. */
export function cacheBudget(bytes: number | undefined, name: string): number {
  if (bytes === undefined) return DEFAULT_CACHE_BYTES;
  if (!(Number.isSafeInteger(bytes) && bytes > 0)) throw new TypeError(`${name} must be a positive whole number of bytes; got ${String(bytes)}`);
  return bytes;
}

/** Estimated bytes an answer holds while cached: its candidate objects and its serialized bytes, ~2× its JSON. */
export const answerBytes = (value: Candidate[]): number => 2 * JSON.stringify(value).length + 64;

/** The default cache: an in-process LRU with a time to live, bounded by count and by estimated memory. */
export function memoryAnswerCache(options: MemoryCacheOptions = {}): AnswerCache {
  const maxSize = cacheBudget(options.maxBytes, 'maxBytes');
  const lru = new LRUCache<string, Candidate[]>({
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
