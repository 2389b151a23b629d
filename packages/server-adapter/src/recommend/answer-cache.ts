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
  /** Seconds an answer is served before it is recomputed with the newest events. @default 300 */
  ttlSeconds?: number;
}

/** The default cache: an in-process LRU with a time to live. */
export function memoryAnswerCache(options: MemoryCacheOptions = {}): AnswerCache {
  const lru = new LRUCache<string, Candidate[]>({ max: options.max ?? 20_000, ttl: (options.ttlSeconds ?? 300) * 1000 });
  return {
    name: 'memory',
    get: (key) => lru.get(key),
    set: (key, value) => void lru.set(key, value),
    clear: () => lru.clear(),
  };
}
