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
