import type { Strategy } from './types.js';
import { collect, topCategory } from './collect.js';
import type { StrategyIndex } from './strategy-index.js';

/**
 * `trending`: products ranked by time-decayed interactions (views 1, add-to-cart 3, purchase 5, halving every
 * `trendingHalfLifeHours`), so what rose in the last days beats what was popular a month ago.
 * Reason: "Trending in Sunglasses".
 */
export const trending: Strategy<StrategyIndex> = {
  name: 'trending',
  shopper: 'never',
  recommend(index, input) {
    const hour = Math.floor(input.now / 3_600_000);
    const ranked = index.memo(`trending:${hour}`, () => {
      const out: Array<{ productId: string; score: number }> = [];
      for (const id of index.trending.keys()) {
        if (!index.product(id)) continue;
        const score = index.trending.score(id, hour * 3_600_000);
        if (score > 0) out.push({ productId: id, score });
      }
      return out.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));
    });
    return collect(index, input, ranked, (id) => `Trending in ${topCategory(index, id)}`);
  },
};
