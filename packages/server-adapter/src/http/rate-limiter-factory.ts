import type { AdapterConfig } from '../config/schema.js';
import { createMemoryRateLimiter, type RateLimiter } from './rate-limit.js';
import { createRedisRateLimiter } from './redis-rate-limit.js';

/** The limiter a configuration asks for: shared through Redis when `redisUrl` is set, else in-process. */
export async function createRateLimiter(config: AdapterConfig): Promise<RateLimiter> {
  const max = config.rateLimit.max || Number.MAX_SAFE_INTEGER;
  if (config.redisUrl && config.rateLimit.max > 0) return createRedisRateLimiter(config.redisUrl, max, config.rateLimit.windowSeconds);
  return createMemoryRateLimiter(max, config.rateLimit.windowSeconds);
}
