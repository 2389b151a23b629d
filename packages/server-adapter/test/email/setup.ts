/** A real adapter with an optical catalog and a purchase history for the email tests. */
import { uuidv7 } from 'uuidv7';
import type { FocalEvent, Product } from '@focal/sdk-core/contracts';
import type { AdapterConfigInput } from '@focal/server-adapter';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';

/** The secret the tests sign with (set before the adapter starts). */
export const LINK_SECRET = 'test-link-secret-0123456789abcdef-0123456789';
export const SHOP = 'https://shop.example';

/** P1..P8 (P5 out of stock); P8 has a relative URL and image, as the demo catalog does. */
export function products(): Product[] {
  return Array.from({ length: 8 }, (_, i) => {
    const id = `P${i + 1}`;
    return {
      id, title: `Frame ${id}`, url: i === 7 ? `/products/${id}` : `${SHOP}/products/${id}`,
      image: i === 7 ? `/img/${id}.svg` : `${SHOP}/img/${id}.jpg`, price: 100 + i, currency: 'EUR',
      categoryPath: ['Frames', 'Optical frames'], brand: 'Lumen', inStock: id !== 'P5',
    };
  });
}

/** A purchase event of `units` of one product by a shopper. */
export function purchase(productId: string, units: number, who: { anonymousId: string; userId?: string }): FocalEvent {
  return {
    id: uuidv7(), type: 'purchase', createdAt: new Date().toISOString(), anonymousId: who.anonymousId,
    ...(who.userId ? { userId: who.userId } : {}), sessionId: `s-${who.anonymousId}`,
    consent: { analytics: true, personalization: true }, page: { url: `${SHOP}/checkout/done`, type: 'confirmation' },
    properties: { orderId: `o-${uuidv7()}`, lineItems: [{ productId, quantity: units, price: 100 }], revenue: 100 * units, currency: 'EUR' },
  };
}

/** Best sellers by units: P3 (5), P5 (4, out of stock), P1 (3), P2 (2), P4 (1); `cust-warm` bought P3. */
export function history(): FocalEvent[] {
  const buyers = (n: number) => ({ anonymousId: `buyer-${n}` });
  return [
    purchase('P3', 4, buyers(1)), purchase('P5', 4, buyers(2)), purchase('P1', 3, buyers(3)),
    purchase('P2', 2, buyers(4)), purchase('P4', 1, buyers(5)),
    purchase('P3', 1, { anonymousId: 'anon-warm', userId: 'cust-warm' }),
  ];
}

/**
 * The stores the email tests run on: in-memory PGlite always, and PostgreSQL (a random schema, dropped after) when
 * `DATABASE_URL` is set; an unreachable `DATABASE_URL` fails the tests.
 */
export const BACKENDS: { name: string; databaseUrl?: string }[] = [
  { name: 'PGlite' },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', databaseUrl: process.env.DATABASE_URL }] : []),
];

/** Starts the adapter with the catalog and the history above (and extra configuration, if any). */
export async function startEmailAdapter(databaseUrl?: string, config?: AdapterConfigInput): Promise<TestAdapter> {
  process.env.FOCAL_LINK_SECRET = LINK_SECRET;
  const adapter = await startTestAdapter({ allowedOrigins: [SHOP], products: products(), ...(databaseUrl ? { databaseUrl } : {}), ...(config ? { config } : {}) });
  const response = await fetch(`${adapter.url}/v1/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': adapter.siteKey },
    body: JSON.stringify({ events: history() }),
  });
  const result = await response.json() as { accepted: number };
  if (result.accepted !== history().length) throw new Error(`history not stored: ${JSON.stringify(result)}`);
  return adapter;
}

/** `GET` with the admin key. */
export function asAdmin(adapter: TestAdapter, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${adapter.url}${path}`, { ...init, redirect: 'manual', headers: { authorization: `Bearer ${adapter.adminKey}`, ...init.headers } });
}

/** Product ids in the order the HTML shows them (from the image alt texts, `Frame P1`). */
export function shownIds(html: string): string[] {
  return [...html.matchAll(/<img [^>]*alt="Frame (P\d+)"/g)].map((m) => m[1]);
}

/** Every `href` of the markup, including the Outlook-only ones in conditional comments. */
export function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
}
