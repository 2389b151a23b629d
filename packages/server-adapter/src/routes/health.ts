import { Hono } from 'hono';
import { Gauge } from 'prom-client';
import { createClient } from 'redis';
import type { AppContext, AppEnv } from '../http/context.js';
import { deadline } from '../http/deadline.js';

/** Milliseconds /healthz waits for Redis's PING (and, the first time, for the connection). */
const REDIS_PING_MS = 1000;

/**
 * With `redisUrl`: a probe of Redis for /healthz, on its own connection (the rate limiter's and the answer cache's
 * fail open on their own), opened at the first check and closed with the handler. Never waits longer than
 * `REDIS_PING_MS`: commands are not queued while disconnected, and the client reconnects in the background.
 */
function redisProbe(ctx: AppContext, url: string): () => Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: REDIS_PING_MS, reconnectStrategy: (n: number) => Math.min(100 * 2 ** n, 2000) }, disableOfflineQueue: true });
  client.on('error', () => { /* reported by the health answer */ });
  let connecting: Promise<unknown> | undefined;
  ctx.onClose(async () => {
    if (!connecting) return;
    await deadline(client.close(), 1000, 'redis health close').catch(() => client.destroy());
  });
  const up = (ctx.metrics.registry.getSingleMetric('focal_redis_up') as Gauge | undefined)
    ?? new Gauge({ name: 'focal_redis_up', help: '1 when Redis answered the last /healthz probe, else 0 (only with REDIS_URL)', registers: [ctx.metrics.registry] });
  return async () => {
    try {
      connecting ??= client.connect().catch(() => undefined);
      await deadline(connecting, REDIS_PING_MS, 'redis connect');
      await deadline(client.ping(), REDIS_PING_MS, 'redis ping');
      up.set(1);
      return true;
    } catch (error) {
      up.set(0);
      ctx.logger.error('health check: redis does not answer', { error: (error as Error).message });
      return false;
    }
  };
}

/**
 * `GET /healthz` (200 when the store answers within 2 s, 503 otherwise: a connection that went silent must not leave the
 * health check hanging until TCP gives up; with `redisUrl`, Redis is reported too: `"status":"degraded"` but still 200
 * when it does not answer within 1 s, as the adapter serves without it) and `GET /metrics` (Prometheus text).
 */
export function healthRoutes(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const redisUp = ctx.config.redisUrl ? redisProbe(ctx, ctx.config.redisUrl) : undefined;
  app.get('/healthz', async (c) => {
    const start = performance.now();
    const redis = redisUp?.().then((ok) => ({ redis: ok ? 'ok' : 'unavailable' }));
    try {
      await deadline(ctx.store.ping(), 2000, 'store ping');
      const storeMs = Math.round((performance.now() - start) * 100) / 100;
      const redisPart = await redis;
      const status = redisPart?.redis === 'unavailable' ? 'degraded' : 'ok';
      return c.json({ status, store: ctx.sql.kind, storeMs, ...redisPart });
    } catch (error) {
      ctx.logger.error('health check failed', { error: (error as Error).message });
      return c.json({ status: 'unavailable', store: ctx.sql.kind, ...(await redis), error: { code: 'store_unreachable', message: 'the store does not answer' } }, 503);
    }
  });
  app.get('/metrics', async (c) => {
    const text = await ctx.metrics.registry.metrics();
    return c.body(text, 200, { 'content-type': ctx.metrics.registry.contentType });
  });
  return app;
}
