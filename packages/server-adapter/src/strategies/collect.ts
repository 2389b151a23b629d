import type { Product } from '@focal/sdk-core/contracts';
import type { StrategyIndex } from './strategy-index.js';
import { compare, topK } from './top-k.js';
import type { ScoredItem, StrategyInput } from './types.js';

/**
 * Walks a ranked list of `{ productId, score }` (best first) and keeps up to `input.depth` items that are in the
 * catalog, accepted by the placement and not context items; `reason` is only built for kept items.
 */
export function collect(
  index: StrategyIndex,
  input: StrategyInput,
  ranked: Iterable<{ productId: string; score: number }>,
  reason: (productId: string) => string,
): ScoredItem[] {
  const out: ScoredItem[] = [];
  if (input.depth <= 0) return out;
  const context = new Set(input.items);
  for (const { productId, score } of ranked) {
    if (context.has(productId) || !index.product(productId)) continue;
    if (input.accept && !input.accept(productId)) continue;
    out.push({ productId, score, reason: reason(productId) });
    if (out.length >= input.depth) break;
  }
  return out;
}

/**
 * {@link collect} over an unsorted list: selects the best `2 × depth + 10` first (no full sort), and sorts everything
 * only when filters rejected too many of those.
 */
export function collectBest(
  index: StrategyIndex,
  input: StrategyInput,
  items: Array<{ productId: string; score: number }>,
  reason: (productId: string) => string,
): ScoredItem[] {
  const k = input.depth * 2 + 10;
  if (k < items.length) {
    const first = collect(index, input, topK(items, k), reason);
    if (first.length >= input.depth) return first;
  }
  return collect(index, input, items.sort(compare), reason);
}

/** Context products that are in the catalog, in order, without duplicates. */
export function knownItems(index: StrategyIndex, ids: readonly string[], max = Infinity): string[] {
  const out: string[] = [];
  for (const id of ids) {
    if (out.length >= max) break;
    if (index.product(id) && !out.includes(id)) out.push(id);
  }
  return out;
}

/** The top-level category name of a product, for reasons ("Popular in Sunglasses"). */
export function topCategory(index: StrategyIndex, id: string): string {
  return index.product(id)?.categoryPath[0] ?? 'our range';
}

/** A product's title for reasons, or its id when unknown. */
export function titleOf(index: StrategyIndex, id: string): string {
  return index.product(id)?.title ?? id;
}

/**
 * Attributes that say who a product is for (the names of Google's product feed, in camel case): the value assumed
 * when a product has none (`ageGroup`: adult; no `gender`: fits anyone) and the values that fit everyone.
 */
export const AUDIENCE_ATTRIBUTES: Readonly<Record<string, { absent?: string; everyone: readonly string[] }>> = {
  gender: { everyone: ['unisex', 'all'] },
  ageGroup: { absent: 'adult', everyone: ['all'] },
};

const audienceValues = (product: Product, key: string): string[] | undefined => {
  const value = product.attributes?.[key];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const found = list.map((v) => v.trim().toLowerCase()).filter(Boolean);
  return found.length ? found : AUDIENCE_ATTRIBUTES[key]!.absent ? [AUDIENCE_ATTRIBUTES[key]!.absent!] : undefined;
};

/**
 * Whether `b` is for the same shoppers as `a` by {@link AUDIENCE_ATTRIBUTES}: no men's frame on a women's frame's
 * "similar", no kids' frame on an adult's. Unisex products fit either gender; a product without `gender` fits anyone.
 */
export function sameAudience(a: Product, b: Product): boolean {
  for (const [key, { everyone }] of Object.entries(AUDIENCE_ATTRIBUTES)) {
    const x = audienceValues(a, key);
    const y = audienceValues(b, key);
    if (!x || !y || x.some((v) => everyone.includes(v) || y.includes(v)) || y.some((v) => everyone.includes(v))) continue;
    return false;
  }
  return true;
}
