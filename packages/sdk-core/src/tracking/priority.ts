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

/** The eviction value of an event type; `Infinity` means never evicted. */
export function eventValue(type: EventType): number {
  return VALUE[type] ?? 2;
}

export interface Caps {
  /** Most queued events. @default 1000 */
  maxEvents: number;
  /** Most queued bytes (serialised events). @default 2 MB */
  maxBytes: number;
}

interface Sized { id: string; bytes: number; createdMs: number; type: EventType }

/**
 * Chooses which events to evict so that `items` fits the caps: least valuable first, oldest first within
 * a value; purchases are never chosen (the queue may then exceed its caps rather than lose a sale), nor
 * items `keep` protects (events in a request).
 * Pure: returns the ids to evict.
 */
export function pickEvictions(items: Iterable<Sized>, caps: Caps, keep: (id: string) => boolean = () => false): string[] {
  const all = [...items];
  let count = all.length;
  let bytes = all.reduce((sum, r) => sum + r.bytes, 0);
  if (count <= caps.maxEvents && bytes <= caps.maxBytes) return [];
  const candidates = all
    .filter((r) => eventValue(r.type) !== Infinity && !keep(r.id))
    .sort((a, b) => eventValue(a.type) - eventValue(b.type) || a.createdMs - b.createdMs);
  const out: string[] = [];
  for (const r of candidates) {
    if (count <= caps.maxEvents && bytes <= caps.maxBytes) break;
    out.push(r.id);
    count--;
    bytes -= r.bytes;
  }
  return out;
}
