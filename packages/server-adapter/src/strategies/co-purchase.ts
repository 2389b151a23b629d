import type { Strategy } from './types.js';
import { knownItems } from './collect.js';
import { itemToItem } from './item-to-item.js';
import type { StrategyIndex } from './strategy-index.js';

/**
 * `co-purchase`: "frequently bought together" — products bought in the same order as the context items, or by the
 * same shopper within `copurchaseDays`, ranked by smoothed lift. Without context items, the shopper's cart, then
 * their latest purchases, are the context. Reason: "Bought together with X".
 */
export const coPurchase: Strategy<StrategyIndex> = {
  name: 'co-purchase',
  shopper: 'no-items',
  recommend(index, input) {
    let context = knownItems(index, input.items);
    if (!context.length) context = knownItems(index, input.shopper.cart.map((c) => c.productId), 10);
    if (!context.length) context = knownItems(index, input.shopper.purchases.map((p) => p.productId), 5);
    return itemToItem(index, index.coPurchase, 'co-purchase', input, context, (t) => `Bought together with ${t}`);
  },
};
