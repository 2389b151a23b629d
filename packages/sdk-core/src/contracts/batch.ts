import * as z from 'zod/mini';
import { MAX_BATCH_EVENTS } from './limits.js';
import { Timestamp } from './common.js';

/**
 * The body of `POST /v1/events`. Events are typed `unknown` here on purpose: each one is validated on its
 * own (see `validateEvent`) so that one bad event never makes the good ones in its batch fail. Unlike the other
 * request bodies (`requestObject`), the batch ignores fields it does not know: refusing them would refuse every event
 * in it, and a device whose SDK is newer than the adapter would dead-letter its shoppers' events.
 */
export const EventBatch = z.object({
  events: z.array(z.unknown()).check(z.minLength(1), z.maxLength(MAX_BATCH_EVENTS)),
  sentAt: z.optional(Timestamp),
  /**
   * How many events this device moved to its dead-letter store (gave up delivering) since its last batch that
   * reported a count; the adapter adds it to the pipeline's health figures. Absent means none to report.
   */
  deadLettered: z.optional(z.int().check(z.gte(0), z.lte(1_000_000))),
});
export type EventBatch = z.infer<typeof EventBatch>;

/** What the adapter did with one event of a batch. */
export const EventResult = z.object({
  /** Position of the event in the batch. */
  index: z.int().check(z.gte(0)),
  /** The event's id, when it had a readable one. */
  id: z.optional(z.string()),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  /** Why it was rejected, naming the field. */
  reason: z.optional(z.string()),
  field: z.optional(z.string()),
});
export type EventResult = z.infer<typeof EventResult>;

/** The answer to `POST /v1/events`: one result per event, plus counts. */
export const EventBatchResult = z.object({
  accepted: z.int().check(z.gte(0)),
  duplicates: z.int().check(z.gte(0)),
  rejected: z.int().check(z.gte(0)),
  results: z.array(EventResult),
});
export type EventBatchResult = z.infer<typeof EventBatchResult>;
