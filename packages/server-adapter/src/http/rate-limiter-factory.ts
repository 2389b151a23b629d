import type { AdapterConfig } from '../config/schema.js';
import { createMemoryRateLimiter, type RateLimiter } from './rate-limit.js';

/** The limiter for a configuration: in-process (shared Redis limiter arrives with `REDIS_URL` support). */
export async function createRateLimiter(config: AdapterConfig): Promise<RateLimiter> {
  const max = config.rateLimit.max || Number.MAX_SAFE_INTEGER;
  return createMemoryRateLimiter(max, config.rateLimit.windowSeconds);
}
