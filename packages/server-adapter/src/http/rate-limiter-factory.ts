import type { AdapterConfig } from '../config/schema.js';
import type { Store } from '../store/store.js';
import { createMemoryRateLimiter, type RateLimiter } from './rate-limit.js';
import { createRedisRateLimiter } from './redis-rate-limit.js';

/**
 * The limiter a configuration asks for: shared through Redis when `redisUrl` is set, else in-process. Its Redis keys
 * are namespaced as the answer cache's (`focal:rl:<cacheNamespace or store.identity()>:`), so adapters on different
 * databases sharing one Redis and a site key each have their own budget, and the processes of one database share theirs.
 */
export async function createRateLimiter(config: AdapterConfig, store: Pick<Store, 'identity'>): Promise<RateLimiter> {
  const max = config.rateLimit.max || Number.MAX_SAFE_INTEGER;
  if (config.redisUrl && config.rateLimit.max > 0) {
    const namespace = config.cacheNamespace ?? await store.identity();
    return createRedisRateLimiter(config.redisUrl, max, config.rateLimit.windowSeconds, { prefix: `focal:rl:${namespace}:` });
  }
  return createMemoryRateLimiter(max, config.rateLimit.windowSeconds);
}
