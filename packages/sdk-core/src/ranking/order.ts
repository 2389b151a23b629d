/** From scores to the list a widget shows: sort, exclusions, diversity, pins. Pure. */
import { applyRules, type BusinessRules } from './rules.js';
import { diversify, type DiversityOptions } from './diversity.js';
import type { RankCandidate } from './session-context.js';

export interface OrderOptions {
  rules?: BusinessRules;
  /** Diversity caps, or `false` to keep the scored order. @default DEFAULT_DIVERSITY */
  diversity?: DiversityOptions | false;
}

/**
 * Orders `candidates` by `scores` (descending; ties by server rank, then input order), removes excluded ids, applies
 * the diversity pass and finally moves pinned items to their positions. Returns the items with their scores.
 */
export function orderCandidates<T extends RankCandidate & { categoryPath?: readonly string[]; brand?: string }>(
  candidates: readonly T[],
  scores: ArrayLike<number>,
  options: OrderOptions = {},
): { items: T[]; scores: number[] } {
  const index = candidates.map((_, i) => i);
  const score = (i: number) => (Number.isFinite(scores[i]) ? scores[i] : -Infinity);
  index.sort((a, b) => score(b) - score(a) || candidates[a].features.rank - candidates[b].features.rank || a - b);
  const scoreOf = new Map<T, number>();
  index.forEach((i) => scoreOf.set(candidates[i], scores[i]));
  let items = index.map((i) => candidates[i]);
  if (options.rules?.exclude?.length) items = applyRules(items, { exclude: options.rules.exclude });
  if (options.diversity !== false) items = diversify(items, options.diversity ?? {});
  if (options.rules?.pinned?.length) items = applyRules(items, { pinned: options.rules.pinned });
  return { items, scores: items.map((it) => scoreOf.get(it) as number) };
}
