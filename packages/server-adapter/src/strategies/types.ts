import type { Product } from '@focal/sdk-core/contracts';

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** What a strategy knows about the shopper: recent behaviour and affinities (times in epoch ms). */
export interface ShopperState {
  /** Newest first. */
  recentViews: Array<{ productId: string; at: number }>;
  cart: Array<{ productId: string; quantity: number }>;
  /** Newest first. */
  purchases: Array<{ productId: string; at: number; quantity: number; orderId: string }>;
  /** Affinity weights by category (any level name or `A > B` path) and by brand. */
  affinities: { category: Record<string, number>; brand: Record<string, number> };
}

/** A shopper with no history: what strategies see for a first visit. */
export const COLD_SHOPPER: ShopperState = Object.freeze({
  recentViews: [], cart: [], purchases: [], affinities: { category: {}, brand: {} },
}) as ShopperState;

/** A neighbour from a k-nearest-neighbour search. */
export interface Neighbour {
  productId: string;
  /** Cosine similarity in [-1, 1]. */
  similarity: number;
}

/** Everything a strategy reads for one placement. */
export interface StrategyInput {
  /** Context product ids (the product page's, the cart's). Unknown ids are ignored. */
  items: string[];
  shopper: ShopperState;
  /** Reference time in epoch ms (the request's, or the test event's in offline evaluation). */
  now: number;
  /** How many items the strategy should return at most. */
  depth: number;
  /**
   * Nearest neighbours of context items found by an external vector search (pgvector); when absent the
   * `similar` strategy uses the index's in-process kNN.
   */
  neighbours?: ReadonlyMap<string, Neighbour[]>;
  /**
   * Products the placement may show (stock, category constraints, exclusions). Strategies skip the others
   * before counting towards `depth`, so a strict filter still gets `depth` items when enough exist.
   */
  accept?: (productId: string) => boolean;
}

/** One item proposed by a strategy, best first. */
export interface ScoredItem {
  productId: string;
  /** Strategy-specific score, higher is better (lift, count, cosine, ...). */
  score: number;
  /** Why: "Bought together with Aria Round". */
  reason: string;
}

/** A candidate strategy: a pure function of the index and the input. */
export interface Strategy<I = unknown> {
  /** Stable name used in configuration, features and tracking, e.g. `co-view`. */
  readonly name: string;
  /**
   * When the answer depends on the shopper (decides how answers are cached): `always`, only when the request has
   * no context items (`no-items`: it falls back on recent views or affinities), or `never`.
   */
  readonly shopper: 'always' | 'no-items' | 'never';
  recommend(index: I, input: StrategyInput): ScoredItem[];
}

/** A product plus what the index derived from the catalog. */
export type CatalogProduct = Product;
