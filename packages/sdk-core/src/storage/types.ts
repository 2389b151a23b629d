import type { EventType, FocalEvent } from '../contracts/events.js';

/**
 * One event waiting in the durable queue, kept as its JSON text (cheap for IndexedDB to copy, and spliced into
 * request bodies as is). It never carries `sentAt`: that is set on every attempt.
 */
export interface QueuedEvent {
  /** The event's UUIDv7: the queue key and the server's idempotency key. */
  id: string;
  type: EventType;
  /** `JSON.stringify(event)`. */
  json: string;
  /** UTF-8 bytes of the serialised event. */
  bytes: number;
  /** Client clock (ms) when `track()` was called. */
  createdMs: number;
  /** Failed send attempts so far (offline time does not count). */
  attempts: number;
  /** Earliest time (ms) of the next attempt. */
  nextAt: number;
  /** Last failure, for the dead-letter reason. */
  lastError?: string;
  /** Site key of the SDK that queued it (set by the queue; missing in events older SDKs queued). */
  site?: string;
}

/** An event the SDK gave up on, with why. Kept for inspection; never silently dropped. */
export interface DeadLetter {
  id: string;
  event: FocalEvent;
  reason: string;
  /** Client clock (ms) when it was dead-lettered. */
  at: number;
  /** Set once the adapter has been told about it (counted in a batch's `deadLettered`), so it is counted once. */
  reported?: boolean;
  /** Site key of the SDK that gave up on it (set by the queue). */
  site?: string;
}
