import type { FocalEvent, Product } from '@focal/sdk-core/contracts';

/** 2026-11-01T00:00:00Z: the reference clock of every hand-built history. */
export const T0 = Date.parse('2026-11-01T00:00:00.000Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

let counter = 0;

/** A small valid product; override any field. */
export function product(id: string, over: Partial<Product> = {}): Product {
  return {
    id, title: `Product ${id}`, url: `https://shop.example/p/${id}`, price: 100, currency: 'EUR',
    categoryPath: ['Frames'], inStock: true, ...over,
  };
}

function uuid(): string {
  counter++;
  const hex = counter.toString(16).padStart(12, '0');
  return `0190a000-0000-7000-8000-${hex}`;
}

const envelope = (at: number, anonymousId: string, sessionId: string) => ({
  id: uuid(), createdAt: new Date(at).toISOString(), anonymousId, sessionId, consent: { analytics: true, personalization: true },
});

/** A product view by `who` in `session` at `at`. */
export function view(productId: string, session: string, at = T0, who = `anon-${session}`): FocalEvent {
  return { ...envelope(at, who, session), type: 'product_view', properties: { productId } };
}

/** An add-to-cart. */
export function addToCart(productId: string, who: string, at = T0, quantity = 1): FocalEvent {
  return { ...envelope(at, who, `s-${who}`), type: 'add_to_cart', properties: { productId, quantity } };
}

/** A purchase of `items` (ids, or [id, quantity]) in one order. */
export function purchase(orderId: string, who: string, items: Array<string | [string, number]>, at = T0): FocalEvent {
  const lineItems = items.map((i) => (typeof i === 'string' ? { productId: i, quantity: 1, price: 10 } : { productId: i[0], quantity: i[1], price: 10 }));
  return { ...envelope(at, who, `s-${who}`), type: 'purchase', properties: { orderId, lineItems, revenue: 10 * lineItems.length, currency: 'EUR' } };
}

/** One session per entry, each viewing its products in order (one minute apart). */
export function sessions(baskets: string[][], at = T0): FocalEvent[] {
  return baskets.flatMap((basket, s) => basket.map((id, i) => view(id, `s${s}`, at + i * 60_000)));
}
