import type { PairCounter } from './pair-counter.js';
import type { StrategyIndex } from './strategy-index.js';
import type { ScoredItem, StrategyInput } from './types.js';
import { collectBest, titleOf } from './collect.js';

/** Partners of `item` ranked by smoothed lift, best first (memoised until events arrive). */
export function liftRanking(index: StrategyIndex, pairs: PairCounter, name: string, item: string): Array<{ productId: string; score: number }> {
  return index.memo(`${name}:${item}`, () => {
    const out: Array<{ productId: string; score: number }> = [];
    for (const other of pairs.partners(item).keys()) out.push({ productId: other, score: pairs.smoothedLift(item, other) });
    return out.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));
  });
}

/**
 * Item-to-item recommendations for several context items: a candidate's score is the sum of its smoothed lifts
 * with the context items; its reason names the context item it is most strongly tied to.
 */
export function itemToItem(
  index: StrategyIndex,
  pairs: PairCounter,
  name: string,
  input: StrategyInput,
  context: readonly string[],
  reason: (contextTitle: string) => string,
): ScoredItem[] {
  const total = new Map<string, { score: number; best: number; from: string }>();
  // Each context item contributes its best partners only: enough for `depth` after filters, bounded work per request.
  const perItem = Math.max(30, input.depth * 2 + 10);
  for (const c of context) {
    const partners = liftRanking(index, pairs, name, c);
    for (let i = 0; i < partners.length && i < perItem; i++) {
      const { productId, score } = partners[i];
      const t = total.get(productId);
      if (!t) total.set(productId, { score, best: score, from: c });
      else {
        t.score += score;
        if (score > t.best) {
          t.best = score;
          t.from = c;
        }
      }
    }
  }
  const ranked = [...total].map(([productId, t]) => ({ productId, score: t.score }));
  const blocked = new Set(context);
  return collectBest(
    index,
    { ...input, accept: (id) => !blocked.has(id) && (!input.accept || input.accept(id)) },
    ranked,
    (id) => reason(titleOf(index, total.get(id)!.from)),
  );
}
