import type { FocalEvent, Product, Profile } from '@focal/sdk-core/contracts';

/** Half-life of category/brand affinities: an interest halves every 14 days without new signals. */
export const AFFINITY_HALF_LIFE_DAYS = 14;
const HALF_LIFE_MS = AFFINITY_HALF_LIFE_DAYS * 24 * 3600 * 1000;
const MAX_RECENT = 20;
const MAX_PURCHASES = 100;
const MAX_PRICES = 50;

/** How much each kind of signal says about an interest. */
export const SIGNAL_WEIGHTS: Partial<Record<FocalEvent['type'], number>> = {
  product_view: 1, rec_click: 1.5, add_to_cart: 3, purchase: 5,
};

/** What the profile keeps to update itself (stored with it, never served). */
export interface ProfileState {
  /** Un-normalised decayed weights as of `decayedAt`. */
  category: Record<string, number>;
  brand: Record<string, number>;
  decayedAt: number;
  /** Recent prices looked at or bought. */
  prices: number[];
  /** Anonymous ids already merged into this (user) profile. */
  absorbed?: string[];
}

/** A stored profile: the public `Profile` plus its update state. */
export interface ProfileDocument {
  profile: Profile;
  state: ProfileState;
}

/** An empty profile for a shopper. */
export function emptyProfile(who: { userId?: string; anonymousId?: string }, at = new Date(0)): ProfileDocument {
  return {
    profile: {
      ...(who.anonymousId ? { anonymousId: who.anonymousId } : {}), ...(who.userId ? { userId: who.userId } : {}),
      recentViews: [], cart: [], purchases: [], affinities: { category: {}, brand: {} }, traits: {}, updatedAt: at.toISOString(),
    },
    state: { category: {}, brand: {}, decayedAt: at.getTime(), prices: [] },
  };
}

function decayAll(weights: Record<string, number>, factor: number): void {
  for (const key of Object.keys(weights)) {
    weights[key] = weights[key]! * factor;
    if (weights[key]! < 1e-4) delete weights[key];
  }
}

function normalise(weights: Record<string, number>): Record<string, number> {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  if (!total) return {};
  return Object.fromEntries(Object.entries(weights).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / total) * 1e6) / 1e6]));
}

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/** Adds an interest signal at time `t`, decaying older weights to `t` (a late, older signal is decayed instead). */
function addSignal(state: ProfileState, product: Product | undefined, weight: number, t: number): void {
  if (!product) return;
  if (t > state.decayedAt) {
    const factor = 0.5 ** ((t - state.decayedAt) / HALF_LIFE_MS);
    decayAll(state.category, factor);
    decayAll(state.brand, factor);
    state.decayedAt = t;
  }
  const w = weight * 0.5 ** (Math.max(0, state.decayedAt - t) / HALF_LIFE_MS);
  const category = product.categoryPath[0]!;
  state.category[category] = (state.category[category] ?? 0) + w;
  if (product.brand) state.brand[product.brand] = (state.brand[product.brand] ?? 0) + w;
  state.prices = [...state.prices, product.price].slice(-MAX_PRICES);
}

/**
 * Folds one event into a profile (pure: returns a new document). Product facts (category, brand, price) come from
 * `products`; signals about unknown products still update recent views, cart and purchases.
 */
export function applyEvent(doc: ProfileDocument, event: FocalEvent, eventTime: string, products: Map<string, Product>): ProfileDocument {
  const profile: Profile = structuredClone(doc.profile);
  const state: ProfileState = structuredClone(doc.state);
  const t = Date.parse(eventTime);
  const weight = SIGNAL_WEIGHTS[event.type];
  switch (event.type) {
    case 'product_view':
    case 'rec_click': {
      const id = event.properties.productId;
      // Most recent first by event time, whatever order the events arrive in; a product appears once.
      const previous = profile.recentViews.find((v) => v.productId === id);
      const at = previous && previous.at > eventTime ? previous.at : eventTime;
      profile.recentViews = [{ productId: id, at }, ...profile.recentViews.filter((v) => v.productId !== id)]
        .sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_RECENT);
      addSignal(state, products.get(id), weight!, t);
      break;
    }
    case 'add_to_cart': {
      const { productId, quantity } = event.properties;
      const line = profile.cart.find((l) => l.productId === productId);
      if (line) { line.quantity += quantity; line.at = eventTime; } else profile.cart.push({ productId, quantity, at: eventTime });
      addSignal(state, products.get(productId), weight!, t);
      break;
    }
    case 'remove_from_cart': {
      const { productId, quantity } = event.properties;
      profile.cart = profile.cart.flatMap((l) => (l.productId !== productId ? [l] : l.quantity > quantity ? [{ ...l, quantity: l.quantity - quantity, at: eventTime }] : []));
      break;
    }
    case 'purchase': {
      const { orderId, lineItems } = event.properties;
      for (const item of lineItems) {
        profile.purchases.push({ productId: item.productId, at: eventTime, orderId, quantity: item.quantity });
        addSignal(state, products.get(item.productId), weight!, t);
      }
      profile.purchases = profile.purchases.slice(-MAX_PURCHASES);
      const bought = new Set(lineItems.map((i) => i.productId));
      profile.cart = profile.cart.filter((l) => !bought.has(l.productId));
      break;
    }
    case 'identify':
      if (event.properties.traits) profile.traits = { ...profile.traits, ...event.properties.traits };
      if (event.userId) profile.userId = event.userId;
      break;
    default:
      break;
  }
  const sorted = [...state.prices].sort((a, b) => a - b);
  profile.affinities = {
    category: normalise(state.category),
    brand: normalise(state.brand),
    ...(sorted.length ? { price: { low: quantile(sorted, 0.1), median: quantile(sorted, 0.5), high: quantile(sorted, 0.9) } } : {}),
  };
  if (t > Date.parse(profile.updatedAt)) profile.updatedAt = new Date(t).toISOString();
  return { profile, state };
}

/** The product ids an event is about (to look their facts up once per batch). */
export function productIdsOf(event: FocalEvent): string[] {
  switch (event.type) {
    case 'product_view': case 'rec_click': case 'rec_impression': case 'add_to_cart': case 'remove_from_cart':
      return [event.properties.productId];
    case 'purchase':
      return event.properties.lineItems.map((i) => i.productId);
    default:
      return [];
  }
}

/**
 * Merges an anonymous profile into a user's (on `identify`): interests added at a common time, recent views and
 * carts united (most recent first), purchases and traits kept (the user's traits win).
 */
export function mergeProfiles(user: ProfileDocument, anonymous: ProfileDocument): ProfileDocument {
  const at = Math.max(user.state.decayedAt, anonymous.state.decayedAt);
  const decayed = (doc: ProfileDocument, kind: 'category' | 'brand') => {
    const factor = 0.5 ** ((at - doc.state.decayedAt) / HALF_LIFE_MS);
    return Object.entries(doc.state[kind]).map(([k, v]) => [k, v * factor] as const);
  };
  const state: ProfileState = { category: {}, brand: {}, decayedAt: at, prices: [...anonymous.state.prices, ...user.state.prices].slice(-MAX_PRICES) };
  for (const kind of ['category', 'brand'] as const) {
    for (const [k, v] of [...decayed(user, kind), ...decayed(anonymous, kind)]) state[kind][k] = (state[kind][k] ?? 0) + v;
  }
  const byTimeDesc = <T extends { at: string }>(a: T, b: T) => Date.parse(b.at) - Date.parse(a.at);
  const seen = new Set<string>();
  const recentViews = [...user.profile.recentViews, ...anonymous.profile.recentViews].sort(byTimeDesc)
    .filter((v) => !seen.has(v.productId) && seen.add(v.productId)).slice(0, MAX_RECENT);
  const cartIds = new Set(user.profile.cart.map((l) => l.productId));
  const sorted = [...state.prices].sort((a, b) => a - b);
  const profile: Profile = {
    ...user.profile,
    recentViews,
    cart: [...user.profile.cart, ...anonymous.profile.cart.filter((l) => !cartIds.has(l.productId))],
    purchases: [...anonymous.profile.purchases, ...user.profile.purchases].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(-MAX_PURCHASES),
    traits: { ...anonymous.profile.traits, ...user.profile.traits },
    affinities: {
      category: normalise(state.category), brand: normalise(state.brand),
      ...(sorted.length ? { price: { low: quantile(sorted, 0.1), median: quantile(sorted, 0.5), high: quantile(sorted, 0.9) } } : {}),
    },
    updatedAt: new Date(Math.max(Date.parse(user.profile.updatedAt), Date.parse(anonymous.profile.updatedAt))).toISOString(),
  };
  return { profile, state };
}
