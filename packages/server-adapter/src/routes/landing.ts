import { Hono } from 'hono';
import type { AppContext, AppEnv } from '../http/context.js';

/** `GET /`: a small page saying what is running, with links to the health check, metrics and assets. */
export function landingRoutes(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Focal adapter</title>
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; line-height: 1.5">
<h1>Focal adapter is running</h1>
<p>Store: <strong>${ctx.sql.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)'}</strong>.</p>
<ul>
<li><a href="/healthz">/healthz</a> — store reachable</li>
<li><a href="/metrics">/metrics</a> — Prometheus metrics</li>
<li><a href="/assets/manifest.json">/assets/manifest.json</a> — the script-tag bundle, the reranker model and its runtime, by hashed URL</li>
</ul>
<p>Events go to <code>POST /v1/events</code> with your site key in <code>X-Focal-Site-Key</code>.</p>
</body></html>`));
  return app;
}
