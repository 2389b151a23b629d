import { Hono } from 'hono';
import type { AppContext, AppEnv } from '../http/context.js';

/** `GET /healthz` (200 when the store answers, 503 otherwise) and `GET /metrics` (Prometheus text). */
export function healthRoutes(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/healthz', async (c) => {
    const start = performance.now();
    try {
      await ctx.store.ping();
      return c.json({ status: 'ok', store: ctx.sql.kind, storeMs: Math.round((performance.now() - start) * 100) / 100 });
    } catch (error) {
      ctx.logger.error('health check failed', { error: (error as Error).message });
      return c.json({ status: 'unavailable', store: ctx.sql.kind, error: { code: 'store_unreachable', message: 'the store does not answer' } }, 503);
    }
  });
  app.get('/metrics', async (c) => {
    const text = await ctx.metrics.registry.metrics();
    return c.body(text, 200, { 'content-type': ctx.metrics.registry.contentType });
  });
  return app;
}
