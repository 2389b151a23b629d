import { createClient } from 'redis';
import type { RateLimiter } from './rate-limit.js';
import { deadline } from './deadline.js';

/**
 * A fixed-window limiter shared by every adapter process through Redis: one counter per key and window
 * (`<prefix><windowStart>:<key>`; the adapter's prefix is `focal:rl:<namespace>:`, default `focal:rl:`), INCR + PEXPIRE in one MULTI. Windows are aligned to the epoch so all processes agree.
 * Connecting fails loudly at start; later Redis errors make `hit` reject (the middleware then lets requests through),
 * and so does a Redis that does not answer within `commandTimeoutMs` (default 250): a silent Redis never holds requests.
 */
export async function createRedisRateLimiter(url: string, max: number, windowSeconds: number, options: { prefix?: string; now?: () => number; commandTimeoutMs?: number } = {}): Promise<RateLimiter> {
  const client = createClient({
    url,
    socket: { connectTimeout: 3000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 3000) },
    disableOfflineQueue: true,
  });
  client.on('error', () => { /* reported through rejected commands */ });
  const redacted = url.replace(/\/\/[^@/]*@/, '//***@');
  await Promise.race([
    client.connect(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 4000).unref()),
  ]).catch(async (error: Error) => {
    await client.destroy();
    throw new Error(`cannot connect to Redis at ${redacted} for rate limiting: ${error.message}`);
  });
  const windowMs = windowSeconds * 1000;
  const prefix = options.prefix ?? 'focal:rl:';
  const now = options.now ?? Date.now;
  return {
    async hit(key) {
      const t = now();
      const start = Math.floor(t / windowMs) * windowMs;
      const redisKey = `${prefix}${start}:${key}`;
      const [count] = await deadline(client.multi().incr(redisKey).pExpire(redisKey, windowMs * 2).exec(), options.commandTimeoutMs ?? 250, 'redis rate limit') as unknown as [number, number];
      return { allowed: Number(count) <= max, remaining: Math.max(0, max - Number(count)), retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - t) / 1000)) };
    },
    async close() {
      await deadline(client.close(), 1000, 'redis rate limiter close').catch(() => client.destroy());
    },
  };
}
