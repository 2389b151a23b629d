import { productMeta, type ProductMeta, type SessionState } from './session-state.js';
import type { ServerFeatures } from '../contracts/recommendation.js';

/**
 * What a ranking feature reads about a candidate: its id, the product fields used for similarity (all optional, so
 * session logs without a catalog work too) and the server features. A contract `Candidate` is one.
 */
export interface RankCandidate {
  id: string;
  price?: number;
  categoryPath?: readonly string[];
  brand?: string;
  attributes?: Record<string, unknown>;
  features: ServerFeatures;
}

/** Derived, read-only summaries of a session that several features share. Computed once per state object. */
export interface SessionContext {
  /** Metadata of the most recent view, if any. */
  last: ProductMeta | undefined;
  lastId: string | undefined;
  /** The last {@link RECENT} views (most recent first) with their metadata. */
  recent: { id: string; meta: ProductMeta | undefined; at: number }[];
  /** For each viewed product: how many views happened after its last view (0 = it is the last one). */
  stepsAgo: Map<string, number>;
  /** Mean and standard deviation of the session's log prices, when at least one is known. */
  priceMean: number | undefined;
  priceStd: number;
}

/** How many recent views the session-similarity feature looks at. */
export const RECENT = 10;
/** Floor of the price band's standard deviation in log units (±25 %), so one viewed price gives a usable band. */
export const MIN_PRICE_STD = 0.25;

const cache = new WeakMap<SessionState, SessionContext>();

/** The {@link SessionContext} of a state (memoised per state object; the state must not be mutated). */
export function sessionContext(state: SessionState): SessionContext {
  let ctx = cache.get(state);
  if (ctx) return ctx;
  const stepsAgo = new Map<string, number>();
  const recent: SessionContext['recent'] = [];
  const views = state.views;
  for (let i = views.length - 1; i >= 0; i--) {
    const v = views[i];
    if (!stepsAgo.has(v.productId)) stepsAgo.set(v.productId, views.length - 1 - i);
    if (recent.length < RECENT) recent.push({ id: v.productId, meta: state.catalog[v.productId], at: v.at });
  }
  const { n, sumLog, sumLogSq } = state.priceBand;
  const priceMean = n > 0 ? sumLog / n : undefined;
  const variance = n > 1 ? Math.max(0, sumLogSq / n - (sumLog / n) ** 2) : 0;
  ctx = {
    last: recent[0]?.meta, lastId: recent[0]?.id, recent, stepsAgo,
    priceMean, priceStd: Math.max(MIN_PRICE_STD, Math.sqrt(variance)),
  };
  cache.set(state, ctx);
  return ctx;
}

const metaCache = new WeakMap<RankCandidate, ProductMeta>();

/** The candidate's metadata: from the session's catalog when known, else from its own fields (memoised per object). */
export function candidateMeta(candidate: RankCandidate, state: SessionState): ProductMeta {
  const known = state.catalog[candidate.id];
  if (known) return known;
  let meta = metaCache.get(candidate);
  if (!meta) metaCache.set(candidate, (meta = productMeta(candidate)));
  return meta;
}

/**
 * Similarity of two products in [0, 1]: 0.5 for the same category, 0.25 for the same brand and 0.25 × the Jaccard
 * overlap of their text attributes. Unknown fields count as different.
 */
export function similarity(a: ProductMeta | undefined, b: ProductMeta | undefined): number {
  if (!a || !b) return 0;
  let s = 0;
  if (a.category !== undefined && a.category === b.category) s += 0.5;
  if (a.brand !== undefined && a.brand === b.brand) s += 0.25;
  const aa = a.attrs ?? [];
  const bb = b.attrs ?? [];
  if (aa.length && bb.length) {
    let both = 0;
    for (const x of aa) if (bb.includes(x)) both++;
    s += (0.25 * both) / (aa.length + bb.length - both);
  }
  return s;
}
