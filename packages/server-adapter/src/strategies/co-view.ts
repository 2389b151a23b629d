import type { Strategy } from './types.js';
import { knownItems } from './collect.js';
import { itemToItem } from './item-to-item.js';
import type { StrategyIndex } from './strategy-index.js';

/**
 * `co-view`: products viewed in the same sessions as the context items, ranked by smoothed lift (not raw counts,
 * so a bestseller seen in every session does not crowd out a true companion). Without context items, the shopper's
 * five most recent views are the context. Reasons: "Viewed together with X" / "Because you viewed X".
 */
export const coView: Strategy<StrategyIndex> = {
  name: 'co-view',
  shopper: 'no-items',
  recommend(index, input) {
    const items = knownItems(index, input.items);
    if (items.length) return itemToItem(index, index.coView, 'co-view', input, items, (t) => `Viewed together with ${t}`);
    const recent = knownItems(index, input.shopper.recentViews.map((v) => v.productId), 5);
    return itemToItem(index, index.coView, 'co-view', input, recent, (t) => `Because you viewed ${t}`);
  },
};
