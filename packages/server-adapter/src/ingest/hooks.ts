import type { FocalEvent } from '@focal/sdk-core/contracts';
import type { StoredEvent } from '../store/events-repo.js';
import { LATE, within } from '../http/deadline.js';
import type { Logger } from '../observability/logger.js';

/**
 * Called with the events a request stored (never duplicates), and with those it sent again (duplicates of events
 * stored by an earlier request, which may have failed or died before what follows from them was done: the device
 * got no answer; handle them only to catch up, idempotently; usually empty), after they are durable and before the answer (which
 * waits for the listeners 3 s at most: a store that stalls does not hold it; see `DERIVED_WAIT_MS`).
 */
export type IngestListener = (events: StoredEvent[], resent: ResentEvent[]) => Promise<void> | void;

/** An event a request sent again (stored by an earlier one), as sent now, with the site it was sent to. */
export interface ResentEvent {
  siteKey: string;
  event: FocalEvent;
}

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
  /**
   * Counts `work` (what follows from ingested events and goes on after the answer) as in flight until it settles, so
   * {@link settled} can wait for it before the store closes. @returns `work`.
   */
  track<T>(work: Promise<T>): Promise<T>;
  /** Resolves once the work in flight (see {@link track}) has settled, or after `ms`: true when it all settled. */
  settled(ms: number): Promise<boolean>;
  /** Runs every listener; a failing listener is logged and never fails the ingest (the events are stored). */
  emit(events: StoredEvent[], resent?: ResentEvent[]): Promise<void>;
}

export function createIngestHooks(logger: Logger): IngestHooks {
  const listeners = new Set<IngestListener>();
  const forgetters = new Set<ForgetListener>();
  const inFlight = new Set<Promise<unknown>>();
  return {
    track(work) {
      const settledWork = work.then(() => undefined, () => undefined);
      inFlight.add(settledWork);
      void settledWork.then(() => inFlight.delete(settledWork));
      return work;
    },
    async settled(ms) {
      const end = Date.now() + Math.max(0, ms);
      // work started while waiting (a listener's own follow-up) is waited for too, within the same time
      while (inFlight.size) {
        if (await within(Promise.all(inFlight), end - Date.now()) === LATE) return false;
      }
      return true;
    },
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
    async emit(events, resent = []) {
      if (!events.length && !resent.length) return;
      for (const listener of listeners) {
        try {
          await listener(events, resent);
        } catch (error) {
          logger.error('ingest listener failed', { error: (error as Error).message });
        }
      }
    },
  };
}
