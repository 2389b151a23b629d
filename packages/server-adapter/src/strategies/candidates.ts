import type { Candidate } from '@focal/sdk-core/contracts';
import type { BlendedItem } from './blend.js';
import type { StrategyIndex } from './strategy-index.js';

/**
 * Turns blended items into contract candidates: the product's fields, `reason`, `strategy`, and the server
 * features the device reranker reads (score, 0-based rank, popularity over the window, smoothed lift with the context
 * items, age in days, each strategy's score). Items whose product left the catalog are dropped.
 */
export function toCandidates(index: StrategyIndex, items: readonly BlendedItem[], context: readonly string[], now: number): Candidate[] {
  const out: Candidate[] = [];
  for (const item of items) {
    const product = index.product(item.productId);
    if (!product) continue;
    out.push({
      ...product,
      reason: item.reason.length > 200 ? `${item.reason.slice(0, 199)}…` : item.reason,
      strategy: item.strategy,
      features: {
        score: item.score,
        rank: out.length,
        popularity: index.popularityOf(item.productId, now),
        cooccurrence: index.cooccurrence(item.productId, context),
        ageDays: index.ageDays(item.productId, now),
        strategyScores: item.strategyScores,
      },
    });
  }
  return out;
}
