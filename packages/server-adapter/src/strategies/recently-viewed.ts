import type { Strategy } from './types.js';
import { collect } from './collect.js';
import type { StrategyIndex } from './strategy-index.js';

/**
 * `recently-viewed`: the shopper's own recent product views, newest first, scored `2^(-hours since / 24)`.
 * Reason: "You viewed this recently".
 */
export const recentlyViewed: Strategy<StrategyIndex> = {
  name: 'recently-viewed',
  shopper: 'always',
  recommend(index, input) {
    const ranked = input.shopper.recentViews.map((v) => ({
      productId: v.productId,
      score: Math.pow(2, -Math.max(0, input.now - v.at) / 86_400_000),
    }));
    return collect(index, input, ranked, () => 'You viewed this recently');
  },
};
