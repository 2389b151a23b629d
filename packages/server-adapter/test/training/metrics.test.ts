import { describe, expect, it } from 'vitest';
import { firstRelevantRank, hitRate, MetricMeans, ndcgGraded, ndcgSingle, orderByScores, reciprocalRank } from '../../src/training/metrics.js';

describe('ranking metrics', () => {
  it('HR, MRR and NDCG of a single target by hand', () => {
    expect([hitRate(1, 20), hitRate(20, 20), hitRate(21, 20), hitRate(undefined, 20)]).toEqual([1, 1, 0, 0]);
    expect([reciprocalRank(1, 20), reciprocalRank(4, 20), reciprocalRank(21, 20)]).toEqual([1, 0.25, 0]);
    expect(ndcgSingle(1, 10)).toBe(1);
    expect(ndcgSingle(3, 10)).toBeCloseTo(0.5, 12); // 1 / log2(4)
    expect(ndcgSingle(11, 10)).toBe(0);
  });
  it('graded NDCG, first relevant rank and score order', () => {
    // DCG of [0, 3, 1] = 7/log2(3) + 1/2; ideal [3, 1, 0] = 7 + 1/log2(3)
    expect(ndcgGraded([0, 3, 1], 10)).toBeCloseTo((7 / Math.log2(3) + 0.5) / (7 + 1 / Math.log2(3)), 12);
    expect(ndcgGraded([0, 0], 10)).toBe(0);
    expect(firstRelevantRank([0, 0, 2])).toBe(3);
    expect(orderByScores([0.1, 0.9, 0.1, 0.5])).toEqual([1, 3, 0, 2]);
  });
  it('averages cases', () => {
    const m = new MetricMeans();
    m.add({ 'mrr@20': 1 });
    m.add({ 'mrr@20': 0.5 });
    expect(m.means()).toEqual({ 'mrr@20': 0.75 });
    expect(m.count).toBe(2);
  });
});
