import type { Product } from '@focal/sdk-core/contracts';
import { DAY_MS, type ShopperState, type Strategy } from './types.js';
import { collect } from './collect.js';
import type { StrategyIndex } from './strategy-index.js';

/** Days before the pack runs out when a restock is first suggested. */
export const REPLENISH_LEAD_DAYS = 7;
/** Days after the pack ran out during which a restock is still suggested. */
export const REPLENISH_GRACE_DAYS = 45;

/** Days one unit of the product lasts (`attributes.packDays`), or undefined for a product that is not consumable. */
export function packDays(product: Product | undefined): number | undefined {
  const value = product?.attributes?.packDays;
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/**
 * Days until a consumable bought last at `at` (epoch ms, `quantity` units) runs out, when a restock is due at `now`
 * (from {@link REPLENISH_LEAD_DAYS} before to {@link REPLENISH_GRACE_DAYS} after; negative: ran out that long ago);
 * undefined when it is not due or the product is not consumable.
 */
export function restockDue(product: Product | undefined, last: { at: number; quantity: number }, now: number): number | undefined {
  const days = packDays(product);
  if (!days) return undefined;
  const daysToDue = (last.at + days * last.quantity * DAY_MS - now) / DAY_MS;
  return daysToDue > REPLENISH_LEAD_DAYS || daysToDue < -REPLENISH_GRACE_DAYS ? undefined : daysToDue;
}

/**
 * Consumables among `purchases` that are due for a restock at `now` (from {@link REPLENISH_LEAD_DAYS} before they run
 * out to {@link REPLENISH_GRACE_DAYS} after), with the days until they run out (negative: ran out that long ago).
 */
export function dueForRestock(index: StrategyIndex, purchases: ShopperState['purchases'], now: number): Map<string, number> {
  const latest = new Map<string, { at: number; quantity: number }>();
  for (const p of purchases) {
    const seen = latest.get(p.productId);
    if (!seen || p.at > seen.at) latest.set(p.productId, { at: p.at, quantity: p.quantity });
  }
  const due = new Map<string, number>();
  for (const [id, last] of latest) {
    const daysToDue = restockDue(index.product(id), last, now);
    if (daysToDue !== undefined) due.set(id, daysToDue);
  }
  return due;
}

/**
 * `replenishment` (buy again): consumables (contact lenses, solutions: products with `attributes.packDays`)
 * whose last purchase runs out soon. Due date = purchase time + packDays × quantity. Suggested from
 * {@link REPLENISH_LEAD_DAYS} before to {@link REPLENISH_GRACE_DAYS} after; score `1 / (1 + |days to due| / 7)`.
 * Reason: "Time to restock: Daily lenses 30-pack (runs out in 3 days)".
 */
export const replenishment: Strategy<StrategyIndex> = {
  name: 'replenishment',
  shopper: 'always',
  recommend(index, input) {
    const due = dueForRestock(index, input.shopper.purchases, input.now);
    const ranked = [...due].map(([productId, daysToDue]) => ({ productId, score: 1 / (1 + Math.abs(daysToDue) / 7) }));
    ranked.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));
    return collect(index, input, ranked, (id) => {
      const d = Math.round(due.get(id)!);
      const when = d > 0 ? `runs out in ${d} day${d === 1 ? '' : 's'}` : d === 0 ? 'runs out today' : `ran out ${-d} day${d === -1 ? '' : 's'} ago`;
      return `Time to restock: ${index.product(id)!.title} (${when})`;
    });
  },
};
