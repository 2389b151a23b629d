import { Hono } from 'hono';
import { EventBatchResult } from '@focal/sdk-core/contracts';
import type { AppContext, AppEnv } from '../http/context.js';
import { readJson } from '../http/body.js';
import { HttpError } from '../http/errors.js';
import { ingestBatch } from '../ingest/ingest.js';

const JSON_TYPES = /^(application\/json|text\/plain)\b/i;

/**
 * `POST /v1/events`: an `EventBatch` as JSON, or as `text/plain` JSON from `sendBeacon`. Stores the good events before
 * answering and answers an `EventBatchResult` (200) per event.
 */
export function eventRoutes(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/v1/events', ctx.auth.requireSiteKey, async (c) => {
    const receivedAt = new Date();
    const type = c.req.header('content-type');
    if (type && !JSON_TYPES.test(type)) {
      throw new HttpError(415, 'unsupported_media_type', `content type ${type.slice(0, 100)} is not accepted; send application/json (or text/plain JSON from sendBeacon)`);
    }
    const body = await readJson(c.req.raw, ctx.config.maxBodyBytes);
    const site = c.get('site');
    const { result, stored } = await ingestBatch(ctx.store, site.siteKey, body, receivedAt);
    ctx.metrics.eventsIngested.inc({ status: 'accepted' }, result.accepted);
    ctx.metrics.eventsIngested.inc({ status: 'duplicate' }, result.duplicates);
    ctx.metrics.eventsIngested.inc({ status: 'rejected' }, result.rejected);
    await ctx.hooks.emit(stored);
    return c.json(EventBatchResult.parse(result), 200);
  });
  return app;
}
