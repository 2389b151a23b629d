/**
 * The model's input: {@link FEATURES} in order, one row per candidate. The browser reranker and the trainer both call
 * {@link computeFeatures}, so training and serving cannot drift.
 */
import type { SessionState } from './session-state.js';
import type { RankCandidate } from './session-context.js';
import { logAgeDays, logCooccurrence, logPopularity, serverRankReciprocal, serverScore } from './features/server.js';
import { lastViewSimilarity, priceFit, sessionSimilarity } from './features/similarity.js';
import {
  brandViewShare, categoryViewShare, dwellSeconds, impressionsWithoutClick, inCart, itemViewRecency, itemViews, purchased,
} from './features/behaviour.js';

/** A ranking feature: a pure function of the candidate, the session and the time (epoch ms). */
export type FeatureFn = (candidate: RankCandidate, state: SessionState, now: number) => number;

/** Every feature by name, in the model's input order. */
export const FEATURES: ReadonlyArray<readonly [name: string, fn: FeatureFn]> = [
  ['server_score', serverScore],
  ['server_rank_reciprocal', serverRankReciprocal],
  ['log_popularity', logPopularity],
  ['log_cooccurrence', logCooccurrence],
  ['log_age_days', logAgeDays],
  ['last_view_similarity', lastViewSimilarity],
  ['session_similarity', sessionSimilarity],
  ['item_views', itemViews],
  ['item_view_recency', itemViewRecency],
  ['category_view_share', categoryViewShare],
  ['brand_view_share', brandViewShare],
  ['price_fit', priceFit],
  ['impressions_without_click', impressionsWithoutClick],
  ['dwell_seconds', dwellSeconds],
  ['in_cart', inCart],
  ['purchased', purchased],
];

/** Feature names in input order (the manifest's `featureNames` must equal this list). */
export const FEATURE_NAMES: readonly string[] = FEATURES.map(([name]) => name);
export const FEATURE_COUNT = FEATURES.length;

/**
 * The feature matrix of a candidate list, row-major `[candidates.length × FEATURE_COUNT]`.
 * Values that are not finite, or too large for float32 (a served score of 1e39 would be Infinity in the model), become 0.
 */
export function computeFeatures(candidates: readonly RankCandidate[], state: SessionState, now: number): Float32Array {
  const out = new Float32Array(candidates.length * FEATURE_COUNT);
  for (let i = 0; i < candidates.length; i++) {
    const row = i * FEATURE_COUNT;
    for (let j = 0; j < FEATURE_COUNT; j++) {
      const v = FEATURES[j][1](candidates[i], state, now);
      out[row + j] = Math.abs(v) < 3e38 ? v : 0;
    }
  }
  return out;
}
