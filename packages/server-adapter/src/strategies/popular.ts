import { DAY_MS, type Strategy } from './types.js';
import { collect, topCategory } from './collect.js';
import type { StrategyIndex } from './strategy-index.js';

/**
 * Catalog products ranked by raw interaction count over the popularity window ending on `now`'s day, best first.
 * Memoised per day until events arrive.
 */
export function popularRanking(index: StrategyIndex, now: number): Array<{ productId: string; score: number }> {
  const day = Math.floor(now / DAY_MS);
  return index.memo(`popular:${day}`, () => {
    const out: Array<{ productId: string; score: number }> = [];
    for (const id of index.catalog.products.keys()) {
      const score = index.popularityOf(id, now);
      if (score > 0) out.push({ productId: id, score });
    }
    return out.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));
  });
}

/** Interaction counts over the window ending on `now`'s day, by product id (memoised with the ranking). */
export function popularityMap(index: StrategyIndex, now: number): ReadonlyMap<string, number> {
  const day = Math.floor(now / DAY_MS);
  return index.memo(`popularity-map:${day}`, () => new Map(popularRanking(index, now).map((r) => [r.productId, r.score])));
}

/** `popular`: the most interacted-with products over the window. Reason: "Popular in Sunglasses". */
export const popular: Strategy<StrategyIndex> = {
  name: 'popular',
  shopper: 'never',
  recommend(index, input) {
    return collect(index, input, popularRanking(index, input.now), (id) => `Popular in ${topCategory(index, id)}`);
  },
};
