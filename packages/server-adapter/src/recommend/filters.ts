import { boughtApart, dueForRestock, type ShopperState, type StrategyIndex } from '../strategies/index.js';
import type { PlacementFilters } from './placement-schema.js';

/**
 * Products a placement may show whoever asks: in stock, in the allowed categories, not in excluded ones, and
 * (with `excludeContextCategory`) not in a context item's top-level category, (with `excludeContextLeafCategory`)
 * not in a context item's own most specific category, (with `excludeApartCategories`) not in a category the shop's
 * orders say is bought without every context item (frames, or solution, for daily contact lenses).
 */
export function catalogFilter(index: StrategyIndex, filters: PlacementFilters, items: readonly string[]): (id: string) => boolean {
  const contextTops = filters.excludeContextCategory
    ? new Set(items.flatMap((id) => index.product(id)?.categoryPath[0].toLowerCase() ?? []))
    : undefined;
  const contextLeaves = filters.excludeContextLeafCategory
    ? new Set(items.flatMap((id) => index.product(id)?.categoryPath.join(' > ').toLowerCase() ?? []))
    : undefined;
  const only = filters.categories?.map((c) => c.trim().toLowerCase());
  const never = filters.excludeCategories?.map((c) => c.trim().toLowerCase());
  return (id) => {
    const p = index.product(id);
    if (!p) return false;
    if (filters.inStock && !p.inStock) return false;
    if (only && !only.some((c) => index.catalog.hasCategory(id, c))) return false;
    if (never?.some((c) => index.catalog.hasCategory(id, c))) return false;
    if (contextTops?.has(p.categoryPath[0].toLowerCase())) return false;
    if (contextLeaves?.has(p.categoryPath.join(' > ').toLowerCase())) return false;
    if (filters.excludeApartCategories && items.length && items.every((c) => boughtApart(index, c, id))) return false;
    return true;
  };
}

/**
 * Products this shopper must not be shown: what is in the cart (`excludeInCart`) and what they bought
 * (`excludePurchased`), except consumables that are due for a restock (so "buy again" still works while a
 * just-bought box of lenses is never proposed).
 */
export function shopperFilter(index: StrategyIndex, filters: PlacementFilters, shopper: ShopperState, now: number): (id: string) => boolean {
  const blocked = new Set<string>();
  if (filters.excludeInCart) for (const c of shopper.cart) blocked.add(c.productId);
  if (filters.excludePurchased && shopper.purchases.length) {
    const due = dueForRestock(index, shopper.purchases, now);
    for (const p of shopper.purchases) if (!due.has(p.productId)) blocked.add(p.productId);
  }
  return blocked.size ? (id) => !blocked.has(id) : () => true;
}
