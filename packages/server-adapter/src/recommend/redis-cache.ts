import { createClient } from 'redis';
import type { Candidate } from '@focal/sdk-core/contracts';
import type { AnswerCache, CachedAnswer } from './answer-cache.js';
import { deadline } from '../http/deadline.js';

/** Options of the shared cache. */
export interface RedisCacheOptions {
  /** `redis://` URL, e.g. `process.env.REDIS_URL`. */
  url: string;
  /** Seconds an answer is served. @default 300 */
  ttlSeconds?: number;
  /**
   * Key prefix. Keys hold the site key and catalog version, not the store: adapters on different stores sharing a
   * Redis need different prefixes (the adapter uses `focal:rec:<cacheNamespace or store.identity()>:`). @default `focal:rec:`
   */
  prefix?: string;
  /** Called when Redis fails; the request is then answered without the cache. */
  onError?: (error: Error) => void;
  /** Milliseconds a request waits for Redis before answering without the cache. @default 250 */
  commandTimeoutMs?: number;
}

/**
 * The format of the values, in their keys: `{"items":[…],"depth":n}` (a cached answer's head and the depth of its
 * list). Earlier adapters wrote the whole list as a bare array under the key without this tag, so processes of both
 * kinds sharing one Redis during a rolling deploy never read each other's entries.
 */
const FORMAT = 'h1:';

/** A stored value as the service uses it, or undefined when it is not one (counted as a miss). */
function decode(text: string): CachedAnswer | undefined {
  const value = JSON.parse(text) as Partial<CachedAnswer> | null;
  if (!value || !Array.isArray(value.items) || !Number.isSafeInteger(value.depth) || value.depth! < value.items.length) return undefined;
  return { items: value.items as Candidate[], depth: value.depth! };
}

/**
 * A cache shared by every adapter process (node-redis). Keys carry the catalog's content version, which is the
 * same in every process, so a catalog or stock change invalidates everywhere at once; old keys expire by TTL.
 * A Redis error never fails a request: it counts as a miss. Nor does a Redis that stops answering hold one: commands
 * are not queued while disconnected, and a request waits at most `commandTimeoutMs` for an answer.
 */
export async function redisAnswerCache(options: RedisCacheOptions): Promise<AnswerCache> {
  const prefix = options.prefix ?? 'focal:rec:';
  const ttl = options.ttlSeconds ?? 300;
  const onError = options.onError ?? (() => {});
  const wait = options.commandTimeoutMs ?? 250;
  const client = createClient({ url: options.url, socket: { connectTimeout: 2000, reconnectStrategy: (n) => Math.min(n * 200, 2000) }, disableOfflineQueue: true });
  client.on('error', onError);
  // the first connection: a refused or silent Redis is retried forever by the reconnect strategy, and the requests
  // waiting for the cache with it; past the connect timeout the adapter goes on with its in-process cache instead
  try {
    await deadline(client.connect(), 2500, `redis at ${new URL(options.url).host}: connect`);
  } catch (error) {
    client.destroy();
    throw error;
  }
  return {
    name: 'redis',
    async get(key) {
      try {
        const text = await deadline(client.get(prefix + FORMAT + key), wait, 'redis cache GET');
        return text ? decode(text) : undefined;
      } catch (error) {
        onError(error as Error);
        return undefined;
      }
    },
    async set(key, value) {
      try {
        await deadline(client.set(prefix + FORMAT + key, JSON.stringify(value), { expiration: { type: 'EX', value: ttl } }), wait, 'redis cache SET');
      } catch (error) {
        onError(error as Error);
      }
    },
    clear() {
      // Keys hold the catalog version: nothing to delete; stale entries expire.
    },
    async close() {
      // close() waits for the answers of commands sent; a silent Redis would never give them
      await deadline(client.close(), 1000, 'redis cache close').catch(() => client.destroy());
    },
  };
}
