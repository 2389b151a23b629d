import type { Strategy } from './types.js';
import { collect, topCategory } from './collect.js';
import type { StrategyIndex } from './strategy-index.js';

/**
 * `new-arrivals`: every catalog product, newest (smallest `ageDays`) first, scored `1 / (1 + ageDays)`. It covers
 * the whole catalog, so as the last fallback it guarantees a placement is never empty while any product passes
 * its filters. Reason: "New in Sunglasses".
 */
export const newArrivals: Strategy<StrategyIndex> = {
  name: 'new-arrivals',
  shopper: 'never',
  recommend(index, input) {
    const day = Math.floor(input.now / 86_400_000);
    const ranked = index.memo(`new-arrivals:${day}`, () =>
      [...index.catalog.products.keys()]
        .map((id) => ({ productId: id, score: 1 / (1 + index.ageDays(id, input.now)) }))
        .sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1)));
    return collect(index, input, ranked, (id) => `New in ${topCategory(index, id)}`);
  },
};
