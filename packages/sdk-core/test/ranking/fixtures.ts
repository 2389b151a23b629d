/** Small hand-built candidates and events for the ranking tests. */
import type { Candidate, FocalEvent } from '../../src/contracts/index.js';

let seq = 0;
const T0 = Date.parse('2026-11-24T10:00:00.000Z');
export const at = (minutes: number): number => T0 + minutes * 60_000;

const envelope = (minutes: number) => ({
  id: `0190a000-0000-7000-8000-${String(++seq).padStart(12, '0')}`,
  createdAt: new Date(at(minutes)).toISOString(),
  anonymousId: 'anon-1', sessionId: 'sess-1', consent: { analytics: true, personalization: true },
});

export const view = (productId: string, minutes = 0): FocalEvent =>
  ({ ...envelope(minutes), type: 'product_view', properties: { productId } });
export const impression = (productId: string, minutes = 0): FocalEvent =>
  ({ ...envelope(minutes), type: 'rec_impression', properties: { requestId: 'r1', placement: 'pdp-similar', productId, position: 0 } });
export const click = (productId: string, minutes = 0): FocalEvent =>
  ({ ...envelope(minutes), type: 'rec_click', properties: { requestId: 'r1', placement: 'pdp-similar', productId, position: 0 } });
export const addToCart = (productId: string, quantity = 1, price?: number): FocalEvent =>
  ({ ...envelope(0), type: 'add_to_cart', properties: { productId, quantity, ...(price ? { price } : {}) } });
export const removeFromCart = (productId: string, quantity = 1): FocalEvent =>
  ({ ...envelope(0), type: 'remove_from_cart', properties: { productId, quantity } });
export const purchase = (...ids: string[]): FocalEvent =>
  ({ ...envelope(0), type: 'purchase', properties: { orderId: 'o1', revenue: 10, currency: 'EUR', lineItems: ids.map((productId) => ({ productId, quantity: 1, price: 10 })) } });

export function candidate(id: string, over: Partial<Candidate> = {}, features: Partial<Candidate['features']> = {}): Candidate {
  return {
    id, title: `Product ${id}`, url: `/p/${id}`, price: 100, currency: 'EUR', categoryPath: ['Frames', 'Optical frames'],
    brand: 'Lumen', inStock: true, strategy: 'co-view',
    features: { score: 1, rank: 0, popularity: 10, cooccurrence: 0, ageDays: 30, strategyScores: {}, ...features },
    ...over,
  };
}
