import { Hono } from 'hono';
import { EventBatchResult } from '@focal/sdk-core/contracts';
import type { AppContext, AppEnv } from '../http/context.js';
import { readJson } from '../http/body.js';
import { LATE, within } from '../http/deadline.js';
import { HttpError } from '../http/errors.js';
import { healthCounts, healthField, healthReason, recordHealth, type HealthCount } from '../ingest/health.js';
import { ingestBatch } from '../ingest/ingest.js';

const JSON_TYPES = /^(application\/json|text\/plain)\b/i;

/**
 * Milliseconds an ingest answer waits, once its events are stored, for the work that follows from them (pipeline
 * health counters, `hooks.onEvents` listeners: profiles, recommendation indexes). Past it the answer goes out and the
 * work goes on; the device's own request gives up after 10 s (`leaseMs`) and would send the stored events again.
 */
export const DERIVED_WAIT_MS = 3000;

/** Why a whole request was refused, in a few words (the message of an `invalid_batch` without its values). */
function batchReason(error: HttpError): HealthCount {
  const reason = error.code === 'invalid_json' ? 'body is not JSON'
    : error.code === 'payload_too_large' ? 'body over the size limit'
    : error.code === 'unsupported_media_type' ? 'content type not accepted'
    : `not an event batch: ${healthReason(error.message.split('; send ')[0]!, error.field)}`;
  return { kind: 'batch_rejected', reason, field: healthField(error.field), n: 1 };
}

/**
 * `POST /v1/events`: an `EventBatch` as JSON, or as `text/plain` JSON from `sendBeacon`. Stores the good events before
 * answering and answers an `EventBatchResult` (200) per event. Rejections (with their reason and field, never the
 * payload), duplicates and the SDK's `deadLettered` count go to the pipeline health counters (`src/ingest/health.ts`).
 */
export function eventRoutes(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const record = async (siteKey: string, at: Date, counts: HealthCount[]) => {
    try {
      await recordHealth(ctx.store.sql, siteKey, at, counts);
    } catch (error) {
      // The events are stored: a failed counter must not make the SDK send them again.
      ctx.logger.error('pipeline health counters not recorded', { siteKey, error: (error as Error).message });
    }
  };
  app.post('/v1/events', ctx.auth.requireSiteKey, async (c) => {
    const receivedAt = new Date();
    const site = c.get('site');
    let outcome;
    try {
      const type = c.req.header('content-type');
      if (type && !JSON_TYPES.test(type)) {
        throw new HttpError(415, 'unsupported_media_type', `content type ${type.slice(0, 100)} is not accepted; send application/json (or text/plain JSON from sendBeacon)`);
      }
      const body = await readJson(c.req.raw, ctx.config.maxBodyBytes);
      outcome = await ingestBatch(ctx.store, site.siteKey, body, receivedAt);
    } catch (error) {
      if (error instanceof HttpError && error.status < 500) await record(site.siteKey, receivedAt, [batchReason(error)]);
      throw error;
    }
    const { result, stored, resent, rejections, deadLettered } = outcome;
    ctx.metrics.eventsIngested.inc({ status: 'accepted' }, result.accepted);
    ctx.metrics.eventsIngested.inc({ status: 'duplicate' }, result.duplicates);
    ctx.metrics.eventsIngested.inc({ status: 'rejected' }, result.rejected);
    // The events are stored: what follows from them (health counters, profiles, indexes) is waited for a few seconds at
    // most, so a store that stalls now does not hold the answer until the device gives up and sends them again.
    // Tracked: the adapter's close() waits for it (within its grace period) before it closes the store.
    const derived = ctx.hooks.track((async () => {
      await record(site.siteKey, receivedAt, healthCounts(rejections, result.duplicates, deadLettered));
      await ctx.hooks.emit(stored, resent);
    })());
    if (await within(derived, DERIVED_WAIT_MS) === LATE) {
      ctx.logger.error(`events stored; their profile and index updates still wait for the store after ${DERIVED_WAIT_MS} ms: answered without them`, { siteKey: site.siteKey, events: stored.length });
    }
    return c.json(EventBatchResult.parse(result), 200);
  });
  return app;
}
