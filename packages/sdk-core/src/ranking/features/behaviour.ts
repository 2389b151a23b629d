/**
 * In-session behaviour towards the candidate itself and its category/brand. Pure functions of
 * (candidate, session state, now) returning finite numbers.
 */
import type { SessionState } from '../session-state.js';
import { candidateMeta, sessionContext, type RankCandidate } from '../session-context.js';

/** `log(1 + views of this product in the session)`. */
export const itemViews = (c: RankCandidate, state: SessionState): number => Math.log1p(state.itemViews[c.id] ?? 0);

/**
 * How recently the product was viewed, in views: 1 when it is the last product viewed, 1/2 when one other view came
 * after it, …; 0 when not viewed (in the last 50 views).
 */
export function itemViewRecency(c: RankCandidate, state: SessionState): number {
  const steps = sessionContext(state).stepsAgo.get(c.id);
  return steps === undefined ? 0 : 1 / (1 + steps);
}

/** Share of the session's product views that were in the candidate's category (0 without views or category). */
export function categoryViewShare(c: RankCandidate, state: SessionState): number {
  const key = candidateMeta(c, state).category;
  if (!state.totalViews || key === undefined) return 0;
  return (state.categoryViews[key] ?? 0) / state.totalViews;
}

/** Share of the session's product views that were of the candidate's brand (0 without views or brand). */
export function brandViewShare(c: RankCandidate, state: SessionState): number {
  const key = candidateMeta(c, state).brand;
  if (!state.totalViews || key === undefined) return 0;
  return (state.brandViews[key] ?? 0) / state.totalViews;
}

/** `log(1 + impressions since the last click or view)`: shown again and again but ignored pushes an item down. */
export const impressionsWithoutClick = (c: RankCandidate, state: SessionState): number => Math.log1p(state.impressions[c.id] ?? 0);

/** `log(1 + seconds spent on the product's page)` in this session. */
export const dwellSeconds = (c: RankCandidate, state: SessionState): number => Math.log1p((state.dwellMs[c.id] ?? 0) / 1000);

/** 1 when the product is in the cart, else 0. */
export const inCart = (c: RankCandidate, state: SessionState): number => ((state.cart[c.id] ?? 0) > 0 ? 1 : 0);

/** 1 when the product was bought in this session, else 0. */
export const purchased = (c: RankCandidate, state: SessionState): number => (state.purchased[c.id] ? 1 : 0);
