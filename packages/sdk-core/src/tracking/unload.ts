import type { DurableQueue } from '../storage/queue.js';
import type { ResolvedOptions } from './options.js';
import { batchBody, chunk } from './batch.js';
import { beaconSend } from './transport.js';

/**
 * Page-exit delivery: on `visibilitychange` → hidden and on `pagehide` (never `unload`, which breaks the
 * back/forward cache) every queued event not already beaconed goes out with `sendBeacon` in chunks of at most
 * `beaconBytes`. The events stay queued, marked in flight for `leaseMs`: if the page lives on they are resent
 * (the server answers `duplicate` and they are deleted); if it dies, the next load resends them with the same ids.
 * `beforeSend` lets the SDK first turn calls made in this task into queued events. Returns a remover.
 */
export function onPageExit(
  queue: DurableQueue, inFlight: Map<string, number>, opts: ResolvedOptions, beforeSend: () => void, changed: () => void,
): () => void {
  if (typeof addEventListener !== 'function' || typeof document === 'undefined') return () => {};
  const beaconed = new Map<string, number>();
  const send = () => {
    beforeSend();
    const now = Date.now();
    for (const [id, until] of beaconed) if (until <= now || !queue.records.has(id)) beaconed.delete(id);
    const items = [...queue.records.values()]
      .filter((r) => (beaconed.get(r.id) ?? 0) <= now)
      .sort((a, b) => a.createdMs - b.createdMs);
    if (!items.length) return;
    const chunks = chunk(items, 500, opts.beaconBytes);
    beaconSend(opts.endpoint, opts.siteKey, chunks, (part) => batchBody(part.map((r) => r.json), new Date().toISOString()));
    for (const r of items) {
      beaconed.set(r.id, now + opts.leaseMs);
      inFlight.set(r.id, Math.max(inFlight.get(r.id) ?? 0, now + opts.leaseMs));
    }
    changed();
  };
  const onVisibility = () => { if (document.visibilityState === 'hidden') send(); };
  addEventListener('pagehide', send);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    removeEventListener('pagehide', send);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
