import type { FocalEvent } from '../contracts/events.js';
import { addPrice, emptySession, MAX_CATALOG, MAX_VIEWS, type DwellSignal, type ProductMeta, type SessionState } from './session-state.js';

/** Anything {@link observe} understands: a contract event or a measured dwell time. */
export type SessionSignal = FocalEvent | DwellSignal;

const bump = (map: Record<string, number>, key: string | undefined, by = 1): Record<string, number> =>
  key === undefined ? map : { ...map, [key]: (map[key] ?? 0) + by };

function withMeta(state: SessionState, productId: string, meta: ProductMeta | undefined): SessionState {
  if (!meta || state.catalog[productId]) return state;
  if (Object.keys(state.catalog).length >= MAX_CATALOG) return state;
  return { ...state, catalog: { ...state.catalog, [productId]: meta } };
}

function timeOf(signal: SessionSignal, fallback: number): number {
  if (signal.type === 'dwell') return fallback;
  const t = Date.parse(signal.createdAt);
  return Number.isFinite(t) ? t : fallback;
}

/**
 * The session reducer: returns the state after `signal` (pure; `state` is not changed; unknown event types return
 * `state` itself). An event of another tracker session (its `sessionId` differs from `state.sessionId`: the tracker
 * starts one after 30 min idle or 24 h) first empties the state, as the trainer counts per `sessionId`; only the
 * product metadata (`catalog`) is kept. An event of a shopper who refused personalisation (`consent.personalization`
 * false) empties it too and counts for nothing: withdrawing consent forgets the session, and the trainer, which runs
 * this reducer, learns no session signal of such a shopper either. `meta` describes the viewed or carted product when the state has not learned
 * it from a candidate (a product page knows its own product).
 *
 * - `product_view`: appends a view, counts it for the item, its category and brand, adds its price to the price
 *   band, and clears the item's impressions-without-click count.
 * - `rec_impression`: one more impression without a click for the product; `rec_click` clears it.
 * - `add_to_cart` / `remove_from_cart`: cart quantities (the cart price also joins the price band).
 * - `purchase`: the line items are bought and leave the cart.
 * - `dwell`: adds the time spent on the product's page.
 *
 * @example
 * let s = emptySession();
 * s = observe(s, productViewEvent, { category: 'Frames/Sunglasses', brand: 'lumen', price: 129 });
 */
export function observe(state: SessionState, signal: SessionSignal, meta?: ProductMeta, now = Date.now()): SessionState {
  const { sessionId, consent } = signal as { sessionId?: string; consent?: { personalization?: boolean } };
  const refused = consent?.personalization === false;
  if (refused || (sessionId && sessionId !== state.sessionId)) state = { ...emptySession(), catalog: state.catalog, sessionId };
  if (refused) return state;
  switch (signal.type) {
    case 'product_view': {
      const id = signal.properties.productId;
      const s = withMeta(state, id, meta);
      const m = s.catalog[id] ?? meta;
      const views = [...s.views, { productId: id, at: timeOf(signal, now) }];
      if (views.length > MAX_VIEWS) views.splice(0, views.length - MAX_VIEWS);
      const impressions = s.impressions[id] ? { ...s.impressions, [id]: 0 } : s.impressions;
      return {
        ...s, views, impressions, totalViews: s.totalViews + 1,
        itemViews: bump(s.itemViews, id),
        categoryViews: bump(s.categoryViews, m?.category),
        brandViews: bump(s.brandViews, m?.brand),
        priceBand: addPrice(s.priceBand, m?.price),
      };
    }
    case 'rec_impression':
      return { ...state, impressions: bump(state.impressions, signal.properties.productId) };
    case 'rec_click': {
      const id = signal.properties.productId;
      return state.impressions[id] ? { ...state, impressions: { ...state.impressions, [id]: 0 } } : state;
    }
    case 'add_to_cart': {
      const { productId, quantity, price } = signal.properties;
      const s = withMeta(state, productId, meta);
      return { ...s, cart: bump(s.cart, productId, quantity), priceBand: addPrice(s.priceBand, price ?? s.catalog[productId]?.price) };
    }
    case 'remove_from_cart': {
      const { productId, quantity } = signal.properties;
      const left = (state.cart[productId] ?? 0) - quantity;
      const cart = { ...state.cart };
      if (left > 0) cart[productId] = left;
      else delete cart[productId];
      return { ...state, cart };
    }
    case 'purchase': {
      const purchased = { ...state.purchased };
      const cart = { ...state.cart };
      for (const line of signal.properties.lineItems) {
        purchased[line.productId] = true;
        delete cart[line.productId];
      }
      return { ...state, purchased, cart };
    }
    case 'dwell':
      if (!(signal.ms > 0) || !Number.isFinite(signal.ms)) return state;
      return { ...state, dwellMs: bump(state.dwellMs, signal.productId, signal.ms) };
    default:
      return state;
  }
}
