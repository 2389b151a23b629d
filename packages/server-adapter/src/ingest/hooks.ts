import type { StoredEvent } from '../store/events-repo.js';
import type { Logger } from '../observability/logger.js';

/** Called with the events a request stored (never duplicates), after they are durable and before the answer. */
export type IngestListener = (events: StoredEvent[]) => Promise<void> | void;

/** Where feature modules subscribe to newly ingested events. */
export interface IngestHooks {
  /** Adds a listener; returns a function that removes it. */
  onEvents(listener: IngestListener): () => void;
  /** Runs every listener; a failing listener is logged and never fails the ingest (the events are stored). */
  emit(events: StoredEvent[]): Promise<void>;
}

export function createIngestHooks(logger: Logger): IngestHooks {
  const listeners = new Set<IngestListener>();
  return {
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
