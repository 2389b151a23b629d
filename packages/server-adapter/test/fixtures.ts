/** Hand-made events and products for the adapter's tests. */
import { uuidv7 } from 'uuidv7';
import type { FocalEvent, Product } from '@focal/sdk-core/contracts';

const CONSENT = { analytics: true, personalization: true };

/** A valid event of the given type with sensible properties; override any field. */
export function makeEvent(type: FocalEvent['type'] = 'page_view', overrides: Record<string, unknown> = {}): FocalEvent {
  const props: Record<FocalEvent['type'], unknown> = {
    page_view: { title: 'Home' },
    product_view: { productId: 'FR-001' },
    search: { query: 'round frames' },
    add_to_cart: { productId: 'FR-001', quantity: 1, price: 129, currency: 'EUR' },
    remove_from_cart: { productId: 'FR-001', quantity: 1 },
    purchase: { orderId: 'o-1', lineItems: [{ productId: 'FR-001', quantity: 1, price: 129 }], revenue: 129, currency: 'EUR' },
    rec_impression: { requestId: 'r1', placement: 'pdp-similar', productId: 'FR-002', position: 0 },
    rec_click: { requestId: 'r1', placement: 'pdp-similar', productId: 'FR-002', position: 0 },
    promo_impression: { promotionId: 'p1', slot: 'home-hero' },
    promo_click: { promotionId: 'p1', slot: 'home-hero' },
    identify: { traits: { student: true } },
    custom: { name: 'newsletter_signup' },
  };
  return {
    id: uuidv7(), type, createdAt: new Date().toISOString(), anonymousId: 'anon-1', sessionId: 'sess-1',
    consent: CONSENT, page: { url: 'https://shop.example/' }, properties: props[type], ...overrides,
  } as FocalEvent;
}

/** A valid product. */
export function makeProduct(id: string, overrides: Partial<Product> = {}): Product {
  return {
    id, title: `Frame ${id}`, url: `https://shop.example/p/${id}`, price: 99, currency: 'EUR',
    categoryPath: ['Frames', 'Optical frames'], brand: 'Lumen', inStock: true, ...overrides,
  };
}
