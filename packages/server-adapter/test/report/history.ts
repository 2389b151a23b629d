/**
 * Hand-built event histories for the report tests: events at minute offsets from T0, stored with the event time
 * equal to `createdAt` (as the demo seeding does).
 */
import { randomBytes } from 'node:crypto';
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { bulkInsertEvents } from '../../src/seed/bulk-events.js';
import type { Store } from '../../src/store/store.js';

/** A UUIDv7 with the given millisecond timestamp. */
export function uuidAt(ms: number): string {
  const time = ms.toString(16).padStart(12, '0');
  const r = randomBytes(10).toString('hex');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${r.slice(0, 3)}-${'89ab'[parseInt(r[3], 16) & 3]}${r.slice(4, 7)}-${r.slice(7, 19)}`;
}

export const T0 = Date.parse('2026-11-10T10:00:00.000Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;

export interface Who {
  anon: string;
  user?: string;
  session?: string;
}

/** Collects events; `store()` writes them into a store under `siteKey`. */
export class History {
  readonly events: FocalEvent[] = [];

  private add(type: FocalEvent['type'], atMs: number, who: Who, properties: Record<string, unknown>, pageType = 'product'): this {
    this.events.push({
      id: uuidAt(atMs), type, createdAt: new Date(atMs).toISOString(), anonymousId: who.anon,
      ...(who.user ? { userId: who.user } : {}), sessionId: who.session ?? `s-${who.anon}`,
      page: { url: `https://shop.example/${type}`, type: pageType as never }, consent: { analytics: true, personalization: true }, properties,
    } as FocalEvent);
    return this;
  }

  impression(atMs: number, who: Who, p: { placement: string; productId: string; position?: number; strategy?: string; variant?: string; modelVersion?: string; requestId?: string }): this {
    return this.add('rec_impression', atMs, who, { requestId: p.requestId ?? 'req-1', position: 0, ...p });
  }

  click(atMs: number, who: Who, p: { placement: string; productId: string; position?: number; strategy?: string; variant?: string; modelVersion?: string; channel?: 'web' | 'email'; requestId?: string }): this {
    return this.add('rec_click', atMs, who, { requestId: p.requestId ?? 'req-1', position: 0, ...p }, p.channel === 'email' ? 'email' : 'product');
  }

  view(atMs: number, who: Who, productId = 'X'): this {
    return this.add('product_view', atMs, who, { productId });
  }

  cart(atMs: number, who: Who, productId: string, price = 10, quantity = 1): this {
    return this.add('add_to_cart', atMs, who, { productId, quantity, price, currency: 'EUR' }, 'cart');
  }

  /** Signs in: `identify` as `who.user`, keeping the anonymous id (`previousAnonymousId`), as the browser SDK sends it. */
  identify(atMs: number, who: Who & { user: string }): this {
    return this.add('identify', atMs, who, { previousAnonymousId: who.anon }, 'account');
  }

  purchase(atMs: number, who: Who, orderId: string, lines: { productId: string; quantity?: number; price: number }[]): this {
    const lineItems = lines.map((l) => ({ productId: l.productId, quantity: l.quantity ?? 1, price: l.price }));
    const revenue = lineItems.reduce((s, l) => s + l.quantity * l.price, 0);
    return this.add('purchase', atMs, who, { orderId, lineItems, revenue, currency: 'EUR' }, 'confirmation');
  }

  async store(store: Store, siteKey: string): Promise<void> {
    await store.sites.upsert({ siteKey, name: 'Report test', allowedOrigins: [], settings: {} });
    const sorted = [...this.events].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    await bulkInsertEvents(store, siteKey, sorted);
  }
}
