import { createClient } from 'redis';
import type { Candidate } from '@focal/sdk-core/contracts';
import type { AnswerCache } from './answer-cache.js';

/** Options of the shared cache. */
export interface RedisCacheOptions {
  /** `redis://` URL, e.g. `process.env.REDIS_URL`. */
  url: string;
  /** Seconds an answer is served. @default 300 */
  ttlSeconds?: number;
  /** Key prefix, so several adapters can share a Redis. @default `focal:rec:` */
  prefix?: string;
  /** Called when Redis fails; the request is then answered without the cache. */
  onError?: (error: Error) => void;
}

/**
 * A cache shared by every adapter process (node-redis). Keys carry the catalog's content version, which is the
 * same in every process, so a catalog or stock change invalidates everywhere at once; old keys expire by TTL.
 * A Redis error never fails a request: it counts as a miss.
 */
export async function redisAnswerCache(options: RedisCacheOptions): Promise<AnswerCache> {
  const prefix = options.prefix ?? 'focal:rec:';
  const ttl = options.ttlSeconds ?? 300;
  const onError = options.onError ?? (() => {});
  const client = createClient({ url: options.url, socket: { connectTimeout: 2000, reconnectStrategy: (n) => Math.min(n * 200, 2000) } });
  client.on('error', onError);
  await client.connect();
  return {
    name: 'redis',
    async get(key) {
      try {
        const text = await client.get(prefix + key);
        return text ? (JSON.parse(text) as Candidate[]) : undefined;
      } catch (error) {
        onError(error as Error);
        return undefined;
      }
    },
    async set(key, value) {
      try {
        await client.set(prefix + key, JSON.stringify(value), { expiration: { type: 'EX', value: ttl } });
      } catch (error) {
        onError(error as Error);
      }
    },
    clear() {
      // Keys hold the catalog version: nothing to delete; stale entries expire.
    },
    async close() {
      await client.close();
    },
  };
}
