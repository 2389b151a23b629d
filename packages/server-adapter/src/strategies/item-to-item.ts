import type { PairCounter } from './pair-counter.js';
import type { StrategyIndex } from './strategy-index.js';
import type { ScoredItem, StrategyInput } from './types.js';
import { collect, titleOf } from './collect.js';

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
  for (const c of context) {
    for (const { productId, score } of liftRanking(index, pairs, name, c)) {
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
  ranked.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));
  const blocked = new Set(context);
  return collect(
    index,
    { ...input, accept: (id) => !blocked.has(id) && (!input.accept || input.accept(id)) },
    ranked,
    (id) => reason(titleOf(index, total.get(id)!.from)),
  );
}
