import type { FocalEvent } from '../../src/contracts/index.js';

const base = {
  createdAt: '2026-11-24T10:00:00.000Z',
  anonymousId: 'anon-7f3a',
  sessionId: 'sess-1',
  page: { url: 'https://shop.example/frames/aria', type: 'product' as const },
  consent: { analytics: true, personalization: true },
};
let n = 0;
const id = () => `0190f5d2-6b1c-7a00-8000-${String(++n).padStart(12, '0')}`;
const rec = { requestId: 'req-1', placement: 'pdp-similar', productId: 'FR-1001', position: 2 };

/** One valid example of every event type. */
export const validExamples: FocalEvent[] = [
  { ...base, id: id(), type: 'page_view', properties: { title: 'Home' } },
  { ...base, id: id(), type: 'product_view', properties: { productId: 'FR-1001' } },
  { ...base, id: id(), type: 'search', properties: { query: 'round frames', resultCount: 42 } },
  { ...base, id: id(), type: 'add_to_cart', properties: { quantity: 1, price: 129, currency: 'EUR', ...rec } },
  { ...base, id: id(), type: 'remove_from_cart', properties: { productId: 'FR-1001', quantity: 1 } },
  {
    ...base, id: id(), type: 'purchase', userId: 'u-42',
    properties: { orderId: 'ord-1', currency: 'EUR', revenue: 158.9, lineItems: [{ productId: 'FR-1001', quantity: 1, price: 129 }, { productId: 'AC-7', quantity: 1, price: 29.9 }] },
  },
  { ...base, id: id(), type: 'rec_impression', properties: { ...rec, variant: 'A', strategy: 'similar', modelVersion: '2026.11.24-1' } },
  { ...base, id: id(), type: 'rec_click', properties: { ...rec, channel: 'email' } },
  { ...base, id: id(), type: 'promo_impression', properties: { promotionId: 'promo-student', slot: 'home-hero' } },
  { ...base, id: id(), type: 'promo_click', properties: { promotionId: 'promo-student', slot: 'home-hero', position: 0 } },
  { ...base, id: id(), type: 'identify', userId: 'u-42', properties: { previousAnonymousId: 'anon-7f3a', traits: { student: true } } },
  { ...base, id: id(), type: 'custom', properties: { name: 'eye_test_booked', properties: { store: 'Leeds', slot: { day: 'Mon', hour: 10 } } } },
];
