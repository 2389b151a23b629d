import type { ReadonlySignal } from '@preact/signals-core';

/** Counters of the tracking pipeline, as one signal. */
export interface TrackingStats {
  /** Events stored and waiting to be sent (not in flight). */
  queued: number;
  /** Events in a request (or a page-exit beacon) not yet acknowledged. */
  inFlight: number;
  /** Events the server acknowledged (accepted or duplicate) since the page loaded. */
  sent: number;
  /** Events in the dead-letter store (given up on, with the reason): this site's last 100 at most. */
  deadLettered: number;
  /**
   * Events dropped on purpose: evicted by the queue caps, buffered and purged when consent was refused, or dead letters
   * past the last 100 (the earliest dead-lettered go first).
   */
  dropped: number;
}

export type StatsSignal = ReadonlySignal<TrackingStats>;
