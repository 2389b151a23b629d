import type { Product } from '@focal/sdk-core/contracts';
import { DAY_MS, type ShopperState } from './types.js';

/** How much each kind of interaction adds to a shopper's affinities. */
export const AFFINITY_WEIGHTS = { view: 1, cart: 3, purchase: 5 } as const;

interface Decayed { value: number; at: number }

interface Tracked {
  recentViews: Array<{ productId: string; at: number }>;
  cart: Map<string, number>;
  purchases: ShopperState['purchases'];
  category: Map<string, Decayed>;
  brand: Map<string, Decayed>;
  /** Grows with every change: part of cache keys for personal answers. */
  version: number;
  /** What readers derived from this shopper (see {@link ShopperHandle}); created on first use. */
  memo?: WeakMap<object, unknown>;
}

/**
 * A known shopper as readers see it: the state's `version` (it grows with each of the shopper's events) and a place
 * to keep what they derived from the state, keyed by an object of theirs and checked against `version` by them.
 */
export interface ShopperHandle {
  readonly version: number;
  /** Weak: keys that readers drop (e.g. a site's re-read placement config) do not pile up here. */
  readonly memo: WeakMap<object, unknown>;
}

/** Limits of what is kept per shopper. */
export interface ShopperTrackerOptions {
  maxRecentViews?: number;
  maxPurchases?: number;
  /** Most shoppers kept; the least recently changed are forgotten first. */
  maxShoppers?: number;
  /** Half-life of affinities. */
  affinityHalfLifeDays?: number;
}

/**
 * Per-shopper state derived from events: recent views, cart, purchases and time-decayed affinities
 * (by top-level category and by brand). Keyed by anonymous id; a user id points at the last anonymous id seen with it.
 */
export class ShopperTracker {
  private readonly shoppers = new Map<string, Tracked>();
  private readonly users = new Map<string, string>();
  private readonly maxViews: number;
  private readonly maxPurchases: number;
  private readonly maxShoppers: number;
  private readonly halfLife: number;

  constructor(options: ShopperTrackerOptions = {}) {
    this.maxViews = options.maxRecentViews ?? 30;
    this.maxPurchases = options.maxPurchases ?? 50;
    this.maxShoppers = options.maxShoppers ?? 200_000;
    this.halfLife = (options.affinityHalfLifeDays ?? 30) * DAY_MS;
  }

  /** Links a user id to an anonymous id (identify, or any event carrying both). */
  link(anonymousId: string, userId: string | undefined): void {
    if (userId) this.users.set(userId, anonymousId);
  }

  /**
   * Forgets a shopper (consent to personalisation withdrawn): their state, and the user id's link to them. The
   * emptied state keeps counting versions, so an answer cached before cannot meet a later state of the same version.
   */
  forget(anonymousId: string, userId: string | undefined): void {
    const s = this.shoppers.get(anonymousId);
    if (s && (s.recentViews.length || s.cart.size || s.purchases.length || s.category.size || s.brand.size)) {
      this.shoppers.set(anonymousId, { recentViews: [], cart: new Map(), purchases: [], category: new Map(), brand: new Map(), version: s.version + 1 });
    }
    if (userId && this.users.get(userId) === anonymousId) this.users.delete(userId);
  }

  /**
   * Erasures applied so far (set by the owner, the same in every process that applied the same erasures): part of
   * the cache keys of personal answers, since a forgotten shopper's versions start again from 1.
   */
  epoch = 0;

  /** Forgets an erased shopper (GDPR): the states of their anonymous ids and of the one their user id points at. */
  erase(who: { userId?: string; anonymousIds?: string[] }): void {
    for (const id of who.anonymousIds ?? []) this.shoppers.delete(id);
    if (who.userId) {
      const linked = this.users.get(who.userId);
      if (linked !== undefined) this.shoppers.delete(linked);
      this.users.delete(who.userId);
    }
  }

  view(anonymousId: string, productId: string, at: number, product: Product | undefined): void {
    const s = this.get(anonymousId);
    const views = s.recentViews.filter((v) => v.productId !== productId);
    views.unshift({ productId, at });
    views.sort((a, b) => b.at - a.at);
    s.recentViews = views.slice(0, this.maxViews);
    this.affinity(s, product, at, AFFINITY_WEIGHTS.view);
  }

  addToCart(anonymousId: string, productId: string, quantity: number, at: number, product: Product | undefined): void {
    const s = this.get(anonymousId);
    s.cart.set(productId, (s.cart.get(productId) ?? 0) + quantity);
    this.affinity(s, product, at, AFFINITY_WEIGHTS.cart);
  }

  removeFromCart(anonymousId: string, productId: string, quantity: number): void {
    const s = this.get(anonymousId);
    const left = (s.cart.get(productId) ?? 0) - quantity;
    if (left > 0) s.cart.set(productId, left);
    else s.cart.delete(productId);
  }

  purchase(anonymousId: string, orderId: string, lines: Array<{ productId: string; quantity: number; product?: Product }>, at: number): void {
    const s = this.get(anonymousId);
    for (const line of lines) {
      if (s.purchases.some((p) => p.orderId === orderId && p.productId === line.productId)) continue;
      s.purchases.push({ productId: line.productId, at, quantity: line.quantity, orderId });
      s.cart.delete(line.productId);
      this.affinity(s, line.product, at, AFFINITY_WEIGHTS.purchase);
    }
    s.purchases.sort((a, b) => b.at - a.at);
    if (s.purchases.length > this.maxPurchases) s.purchases.length = this.maxPurchases;
  }

  /** Purchases of a shopper, newest first (for co-purchase across orders). */
  purchasesOf(anonymousId: string): ShopperState['purchases'] {
    return this.shoppers.get(anonymousId)?.purchases ?? [];
  }

  /** The state strategies read, or undefined for a shopper never seen. `now` decays the affinities. */
  state(who: { anonymousId?: string; userId?: string }, now: number): ShopperState | undefined {
    const key = this.resolve(who);
    const s = key ? this.shoppers.get(key) : undefined;
    if (!s) return undefined;
    let affinities: ShopperState['affinities'] | undefined;
    const normalise = () => (affinities ??= { category: this.normalise(s.category, now), brand: this.normalise(s.brand, now) });
    return {
      recentViews: s.recentViews.slice(),
      cart: [...s.cart].map(([productId, quantity]) => ({ productId, quantity })),
      purchases: s.purchases.slice(),
      // Computed on first read: most answers (cached, or without a personalised strategy) never need them.
      get affinities() {
        return normalise();
      },
    };
  }

  /** A number that changes whenever the shopper's state does (0 for an unknown shopper). */
  version(who: { anonymousId?: string; userId?: string }): number {
    const key = this.resolve(who);
    return (key && this.shoppers.get(key)?.version) || 0;
  }

  /** The handle of a known shopper (undefined for a shopper never seen). */
  handle(who: { anonymousId?: string; userId?: string }): ShopperHandle | undefined {
    const key = this.resolve(who);
    const s = key ? this.shoppers.get(key) : undefined;
    if (!s) return undefined;
    s.memo ??= new WeakMap();
    return s as ShopperHandle;
  }

  private resolve(who: { anonymousId?: string; userId?: string }): string | undefined {
    if (who.userId && this.users.has(who.userId)) return this.users.get(who.userId);
    return who.anonymousId;
  }

  private get(anonymousId: string): Tracked {
    let s = this.shoppers.get(anonymousId);
    if (s) {
      this.shoppers.delete(anonymousId);
    } else {
      s = { recentViews: [], cart: new Map(), purchases: [], category: new Map(), brand: new Map(), version: 0 };
      if (this.shoppers.size >= this.maxShoppers) {
        const oldest = this.shoppers.keys().next().value;
        if (oldest !== undefined) this.shoppers.delete(oldest);
      }
    }
    this.shoppers.set(anonymousId, s);
    s.version++;
    return s;
  }

  private affinity(s: Tracked, product: Product | undefined, at: number, weight: number): void {
    if (!product) return;
    this.bump(s.category, product.categoryPath[0], at, weight);
    if (product.brand) this.bump(s.brand, product.brand, at, weight);
  }

  private bump(map: Map<string, Decayed>, key: string, at: number, weight: number): void {
    const d = map.get(key);
    if (!d) map.set(key, { value: weight, at });
    else if (at >= d.at) {
      d.value = d.value * Math.pow(2, -(at - d.at) / this.halfLife) + weight;
      d.at = at;
    } else d.value += weight * Math.pow(2, -(d.at - at) / this.halfLife);
  }

  private normalise(map: Map<string, Decayed>, now: number): Record<string, number> {
    const out: Record<string, number> = {};
    let total = 0;
    for (const [key, d] of map) {
      const v = d.value * Math.pow(2, -Math.max(0, now - d.at) / this.halfLife);
      out[key] = v;
      total += v;
    }
    if (total > 0) for (const key of Object.keys(out)) out[key] /= total;
    return out;
  }
}
