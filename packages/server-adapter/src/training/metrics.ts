/**
 * Ranking metrics (pure). Ranks are 1-based; `undefined` means the target is not in the list.
 * - HR@k: 1 when the target is in the first k.
 * - MRR@k: 1/rank when rank ≤ k, else 0.
 * - NDCG@k for one relevant item: 1/log2(rank + 1) when rank ≤ k, else 0 (the ideal DCG is 1).
 */

export const hitRate = (rank: number | undefined, k: number): number => (rank !== undefined && rank <= k ? 1 : 0);
export const reciprocalRank = (rank: number | undefined, k: number): number => (rank !== undefined && rank <= k ? 1 / rank : 0);
export const ndcgSingle = (rank: number | undefined, k: number): number => (rank !== undefined && rank <= k ? 1 / Math.log2(rank + 1) : 0);

/** NDCG@k of graded relevances given in display order: DCG with gain 2^rel − 1 over the ideal DCG (0 when all are 0). */
export function ndcgGraded(relevanceInOrder: readonly number[], k: number): number {
  const dcg = (rels: readonly number[]) => rels.slice(0, k).reduce((s, r, i) => s + (2 ** r - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...relevanceInOrder].sort((a, b) => b - a));
  return ideal > 0 ? dcg(relevanceInOrder) / ideal : 0;
}

/** 1-based rank of the first relevant item in display order, or undefined. */
export function firstRelevantRank(relevanceInOrder: readonly number[]): number | undefined {
  const i = relevanceInOrder.findIndex((r) => r > 0);
  return i < 0 ? undefined : i + 1;
}

/** Indices of `scores` from best to worst; ties keep the original (server) order. */
export function orderByScores(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
}

/** Running means of named metrics. */
export class MetricMeans {
  private readonly sums = new Map<string, number>();
  count = 0;
  add(values: Record<string, number>): void {
    this.count++;
    for (const [k, v] of Object.entries(values)) this.sums.set(k, (this.sums.get(k) ?? 0) + v);
  }
  means(): Record<string, number> {
    return Object.fromEntries([...this.sums].map(([k, s]) => [k, this.count ? s / this.count : 0]));
  }
}
