import * as z from 'zod/mini';
import { MAX_CONTEXT_ITEMS, MAX_PLACEMENTS_PER_REQUEST, MAX_RECOMMENDATIONS } from './limits.js';
import { OpaqueId, PlacementId, ProductId, requestObject } from './common.js';
import { Product } from './product.js';

/** One placement asked for: which placement, which products are in context (the product page's, the cart's), how many. */
export const RecommendationRequest = requestObject({
  placement: PlacementId,
  items: z.optional(z.array(ProductId).check(z.maxLength(MAX_CONTEXT_ITEMS))),
  limit: z.optional(z.int().check(z.gte(1), z.lte(MAX_RECOMMENDATIONS))),
});
export type RecommendationRequest = z.infer<typeof RecommendationRequest>;

/** All placements of one page in one request (`POST /v1/recommendations`). */
export const RecommendationBatchRequest = requestObject({
  placements: z.array(RecommendationRequest).check(z.minLength(1), z.maxLength(MAX_PLACEMENTS_PER_REQUEST)),
  /** Allow the same product in several placements of this page (default false: each product shows once). */
  allowDuplicates: z.optional(z.boolean()),
});
export type RecommendationBatchRequest = z.infer<typeof RecommendationBatchRequest>;

/**
 * Server-side features of a candidate that the device reranker reads. All are plain numbers so the
 * ranking features (`@focal/sdk-core/ranking`) can be computed identically in the browser and the trainer.
 */
export const ServerFeatures = z.object({
  /** The blended server score (higher is better). */
  score: z.number(),
  /** 0-based rank in the server's order. */
  rank: z.int().check(z.gte(0)),
  /** Interactions with the product over the popularity window (raw count, not logged). */
  popularity: z.number().check(z.gte(0)),
  /** Co-occurrence strength (lift) with the context items; 0 when none. */
  cooccurrence: z.number().check(z.gte(0)),
  /**
   * Days since the product first appeared (listed in the catalog, or named by an event if that came earlier) or last
   * came back in stock, whichever is later, as the store records them; smaller is newer.
   */
  ageDays: z.number().check(z.gte(0)),
  /** Score of each strategy that proposed it, by strategy name. */
  strategyScores: z.record(z.string(), z.number()),
});
export type ServerFeatures = z.infer<typeof ServerFeatures>;

/** A recommended product: the fields a widget shows, why it is here, and the server features. */
export const Candidate = z.object({
  ...Product.shape,
  /** A short explanation a widget may show: "Bought together with Aria Round", "Because you viewed …". */
  reason: z.optional(z.string().check(z.maxLength(200))),
  /** The strategy that contributed most. */
  strategy: z.string(),
  features: ServerFeatures,
});
export type Candidate = z.infer<typeof Candidate>;

/** The answer for one placement. */
export const RecommendationResponse = z.object({
  requestId: OpaqueId,
  placement: PlacementId,
  /** The placement's blend, e.g. `blend:co-view+similar`, or a fallback's name. */
  strategy: z.string(),
  /** A/B variant or `holdout`, when the placement is split. */
  variant: z.optional(z.string()),
  /** Reranker model version the device should use for this placement, if any. */
  modelVersion: z.optional(z.string()),
  items: z.array(Candidate).check(z.maxLength(MAX_RECOMMENDATIONS)),
});
export type RecommendationResponse = z.infer<typeof RecommendationResponse>;

/** The answer to a multi-placement request, one entry per placement asked for, in order. */
export const RecommendationBatchResponse = z.object({
  results: z.array(RecommendationResponse),
});
export type RecommendationBatchResponse = z.infer<typeof RecommendationBatchResponse>;
