/**
 * On-device co-occurrence signals: how much a candidate resembles what the shopper just looked at, and whether its
 * price sits in the session's price band. Pure functions of (candidate, session state, now).
 */
import type { SessionState } from '../session-state.js';
import { candidateMeta, sessionContext, similarity, type RankCandidate } from '../session-context.js';

/** Half-life, in minutes, of a view's weight in {@link sessionSimilarity}. */
export const SESSION_HALF_LIFE_MIN = 30;

/** Similarity (same category, brand, attributes; see `similarity`) to the most recently viewed product; 0 before any view. */
export function lastViewSimilarity(c: RankCandidate, state: SessionState): number {
  const ctx = sessionContext(state);
  if (ctx.lastId === undefined || ctx.lastId === c.id) return ctx.lastId === c.id ? 1 : 0;
  return similarity(candidateMeta(c, state), ctx.last);
}

/**
 * Similarity to the whole recent session: the average similarity to the last 10 viewed products, each weighted by
 * a time decay (half-life {@link SESSION_HALF_LIFE_MIN} minutes). 0 before any view.
 */
export function sessionSimilarity(c: RankCandidate, state: SessionState, now: number): number {
  const ctx = sessionContext(state);
  if (ctx.recent.length === 0) return 0;
  const meta = candidateMeta(c, state);
  let sum = 0;
  let weights = 0;
  for (const v of ctx.recent) {
    const minutes = Math.max(0, now - v.at) / 60_000;
    const w = Math.pow(0.5, minutes / SESSION_HALF_LIFE_MIN);
    sum += w * (v.id === c.id ? 1 : similarity(meta, v.meta));
    weights += w;
  }
  return weights > 0 ? sum / weights : 0;
}

/**
 * How well the candidate's price fits the session's price band: `exp(-z²/2)` with `z` the distance of its log price
 * from the band's mean in band standard deviations (at least ±25 %). 1 at the centre; 0.5 when either price is unknown.
 */
export function priceFit(c: RankCandidate, state: SessionState): number {
  const ctx = sessionContext(state);
  const price = candidateMeta(c, state).price;
  if (ctx.priceMean === undefined || price === undefined) return 0.5;
  const z = (Math.log(price) - ctx.priceMean) / ctx.priceStd;
  return Math.exp(-(z * z) / 2);
}
