import type { StoredEvent } from '../store/events-repo.js';
import type { Logger } from '../observability/logger.js';

/**
 * Called with the events a request stored (never duplicates), after they are durable and before the answer (which
 * waits for the listeners 3 s at most: a store that stalls does not hold it; see `DERIVED_WAIT_MS`).
 */
export type IngestListener = (events: StoredEvent[]) => Promise<void> | void;

/** A shopper whose data was erased (GDPR Art. 17): drop anything kept about them in memory. */
export interface ForgottenShopper {
  siteKey: string;
  userId?: string;
  anonymousIds?: string[];
}
export type ForgetListener = (who: ForgottenShopper) => Promise<void> | void;

/** Where feature modules subscribe to newly ingested events and to erasures. */
export interface IngestHooks {
  /** Adds a listener called after a shopper's profile and events were deleted; returns a remover. */
  onForget(listener: ForgetListener): () => void;
  /** Runs every forget listener (failures are logged). */
  forget(who: ForgottenShopper): Promise<void>;
  /** Adds a listener; returns a function that removes it. */
  onEvents(listener: IngestListener): () => void;
  /** Runs every listener; a failing listener is logged and never fails the ingest (the events are stored). */
  emit(events: StoredEvent[]): Promise<void>;
}

export function createIngestHooks(logger: Logger): IngestHooks {
  const listeners = new Set<IngestListener>();
  const forgetters = new Set<ForgetListener>();
  return {
    onForget(listener) {
      forgetters.add(listener);
      return () => forgetters.delete(listener);
    },
    async forget(who) {
      for (const listener of forgetters) {
        try {
          await listener(who);
        } catch (error) {
          logger.error('forget listener failed', { error: (error as Error).message });
        }
      }
    },
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async emit(events) {
      if (!events.length) return;
      for (const listener of listeners) {
        try {
          await listener(events);
        } catch (error) {
          logger.error('ingest listener failed', { error: (error as Error).message });
        }
      }
    },
  };
}
