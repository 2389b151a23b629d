import type { Strategy } from './types.js';
import { categoryOf, complementCategories } from './bought-with-category.js';
import { knownItems } from './collect.js';
import { itemToItem } from './item-to-item.js';
import type { StrategyIndex } from './strategy-index.js';

/**
 * `co-purchase`: "frequently bought together" — products bought in the same order as the context items, or by the
 * same shopper within `copurchaseDays`, ranked by smoothed lift; from another category than the context items' only
 * when that category is a complement of theirs (`complementCategories`: their buyers buy it no less than others do). Without context items,
 * the shopper's cart, then their latest purchases, are the context. Reason: "Bought together with X".
 */
export const coPurchase: Strategy<StrategyIndex> = {
  name: 'co-purchase',
  shopper: 'no-items',
  recommend(index, input) {
    let context = knownItems(index, input.items);
    if (!context.length) context = knownItems(index, input.shopper.cart.map((c) => c.productId), 10);
    if (!context.length) context = knownItems(index, input.shopper.purchases.map((p) => p.productId), 5);
    // a partner from another category only when their buyers buy it at least as often as other shoppers (a complement):
    // one contact-lens wearer's frame order the same week does not make frames a complement of contact lenses
    const own = [...new Set(context.map((id) => categoryOf(index, id)))];
    const fits = (id: string) => {
      const category = categoryOf(index, id);
      return own.some((c) => c === category || complementCategories(index, c).has(category));
    };
    const accept = input.accept;
    return itemToItem(index, index.coPurchase, 'co-purchase', { ...input, accept: (id) => fits(id) && (!accept || accept(id)) }, context,
      (t) => `Bought together with ${t}`);
  },
};
