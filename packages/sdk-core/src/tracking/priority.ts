import type { EventType } from '../contracts/events.js';

/**
 * How much an event is worth keeping when the queue is full: lower is evicted first.
 * Impressions, then page views, then browsing, then clicks and carts; purchases are never evicted.
 */
const VALUE: Record<EventType, number> = {
  rec_impression: 0, promo_impression: 0,
  page_view: 1,
  product_view: 2, search: 2, custom: 2,
  rec_click: 3, promo_click: 3, remove_from_cart: 3,
  identify: 4, add_to_cart: 4,
  purchase: Infinity,
};

interface Sized { id: string; bytes: number; createdMs: number; type: EventType }

/**
 * Chooses which events to evict so that `items` fits the caps (`maxEvents` events, `maxBytes` serialised bytes):
 * least valuable first, oldest first within a value; purchases are never chosen (the queue may then exceed its
 * caps rather than lose a sale), nor items `keep` protects (events in a request).
 * Pure: returns the ids to evict.
 */
export function pickEvictions(items: Sized[], maxEvents: number, maxBytes: number, keep: (id: string) => boolean = () => false): string[] {
  let count = items.length;
  let bytes = items.reduce((sum, r) => sum + r.bytes, 0);
  const out: string[] = [];
  const fits = () => count <= maxEvents && bytes <= maxBytes;
  if (fits()) return out; // the usual case: no sorting
  for (const r of items.filter((r) => VALUE[r.type] < Infinity && !keep(r.id)).sort((a, b) => VALUE[a.type] - VALUE[b.type] || a.createdMs - b.createdMs)) {
    if (fits()) break;
    out.push(r.id);
    count--;
    bytes -= r.bytes;
  }
  return out;
}
