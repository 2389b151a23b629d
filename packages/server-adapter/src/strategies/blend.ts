import { STRATEGIES } from './registry.js';
import type { StrategyIndex } from './strategy-index.js';
import { compare } from './top-k.js';
import type { StrategyInput } from './types.js';

/** Which strategies a placement blends, with weights, and what fills it when they come up short. */
export interface BlendSpec {
  /** Strategy name → weight (> 0). */
  strategies: Record<string, number>;
  /** Strategies tried in order when the blend has fewer than `limit` items; `new-arrivals` is always tried last. */
  fallback?: string[];
}

/** One blended item: the winning strategy and reason, the blended score, and each strategy's raw score. */
export interface BlendedItem {
  productId: string;
  score: number;
  reason: string;
  strategy: string;
  strategyScores: Record<string, number>;
}

/**
 * Runs each strategy of the blend, scales its scores to [0, 1] by its best score, and sums `weight · scaled` per
 * product; the strategy with the largest weighted contribution gives the item its `strategy` and `reason`.
 * When fewer than `limit` items remain, fallback strategies (then `new-arrivals`, which covers the whole catalog)
 * append items scored below every blended one, so a cold shopper or an unknown product still gets a full answer.
 * `input.accept` filters every strategy. Returns up to `limit` items, best first.
 */
export function blend(index: StrategyIndex, spec: BlendSpec, input: Omit<StrategyInput, 'depth'>, limit: number): BlendedItem[] {
  const merged = new Map<string, BlendedItem & { best: number }>();
  const depth = limit + 10;
  for (const [name, weight] of Object.entries(spec.strategies)) {
    const strategy = STRATEGIES[name];
    if (!strategy || !(weight > 0)) continue;
    const found = strategy.recommend(index, { ...input, depth });
    const max = found.reduce((m, f) => Math.max(m, f.score), 0);
    for (const f of found) {
      const contribution = max > 0 ? (weight * f.score) / max : 0;
      const item = merged.get(f.productId);
      if (!item) {
        merged.set(f.productId, {
          productId: f.productId, score: contribution, reason: f.reason, strategy: name,
          strategyScores: { [name]: f.score }, best: contribution,
        });
      } else {
        item.score += contribution;
        item.strategyScores[name] = f.score;
        if (contribution > item.best) {
          item.best = contribution;
          item.reason = f.reason;
          item.strategy = name;
        }
      }
    }
  }
  const out: BlendedItem[] = [...merged.values()].sort(compare).slice(0, limit)
    .map(({ best: _best, ...item }) => item);
  if (out.length >= limit) return out;
  const chain = [...(spec.fallback ?? []), 'new-arrivals'];
  let floor = out.reduce((m, i) => Math.min(m, i.score), Infinity);
  if (!(floor > 0) || !Number.isFinite(floor)) floor = 1;
  const taken = new Set(out.map((i) => i.productId));
  for (const name of [...new Set(chain)]) {
    if (out.length >= limit) break;
    const strategy = STRATEGIES[name];
    if (!strategy) continue;
    floor /= 2;
    const found = strategy.recommend(index, {
      ...input,
      depth: limit - out.length,
      accept: (id) => !taken.has(id) && (!input.accept || input.accept(id)),
    });
    const max = found.reduce((m, f) => Math.max(m, f.score), 0);
    for (const f of found) {
      taken.add(f.productId);
      out.push({
        productId: f.productId, score: floor * (0.5 + (max > 0 ? (0.5 * f.score) / max : 0)), reason: f.reason,
        strategy: name, strategyScores: { [name]: f.score },
      });
    }
  }
  return out;
}
