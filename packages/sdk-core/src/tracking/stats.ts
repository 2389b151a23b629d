import { signal, type ReadonlySignal, type Signal } from '@preact/signals-core';

/** Counters of the tracking pipeline, as one signal. */
export interface TrackingStats {
  /** Events stored and waiting to be sent (not in flight). */
  queued: number;
  /** Events in a request (or a page-exit beacon) not yet acknowledged. */
  inFlight: number;
  /** Events the server acknowledged (accepted or duplicate) since the page loaded. */
  sent: number;
  /** Events in the dead-letter store (given up on, with the reason). */
  deadLettered: number;
  /** Events dropped on purpose: evicted by the queue caps, or buffered and purged when consent was refused. */
  dropped: number;
}

export type StatsSignal = ReadonlySignal<TrackingStats>;

/** A writable stats signal and a helper that patches it. */
export function createStats(): { signal: Signal<TrackingStats>; patch(change: Partial<TrackingStats>): void; add(field: keyof TrackingStats, n: number): void } {
  const s = signal<TrackingStats>({ queued: 0, inFlight: 0, sent: 0, deadLettered: 0, dropped: 0 });
  return {
    signal: s,
    patch(change) {
      const next = { ...s.peek(), ...change };
      const prev = s.peek();
      if ((Object.keys(next) as (keyof TrackingStats)[]).some((k) => next[k] !== prev[k])) s.value = next;
    },
    add(field, n) {
      if (n) s.value = { ...s.peek(), [field]: s.peek()[field] + n };
    },
  };
}
