import { describe, expect, it } from 'vitest';
import { COLD_SHOPPER, StrategyIndex, blend, toCandidates } from '../../src/strategies/index.js';
import { Candidate } from '@focal/sdk-core/contracts';
import { DAY, HOUR, T0, addToCart, product, view } from './fixtures.js';

const input = (items: string[] = [], accept?: (id: string) => boolean) => ({ items, shopper: COLD_SHOPPER, now: T0, accept });

function trendingHistory(): StrategyIndex {
  // popular: A 4, B 2, C 1 → scaled 1, 0.5, 0.25. trending at T0 (48 h half-life): B 2, A 1, C 1 → scaled 1, 0.5, 0.5.
  const index = new StrategyIndex({ trendingHalfLifeHours: 48 });
  index.setCatalog(['A', 'B', 'C', 'D'].map((id) => product(id, { categoryPath: ['Frames'] })));
  for (let i = 0; i < 4; i++) index.ingest(view('A', `a${i}`, T0 - 96 * HOUR));
  index.ingest(view('B', 'b', T0 - 48 * HOUR));
  index.ingest(addToCart('B', 'b', T0 - 48 * HOUR));
  index.ingest(view('C', 'c', T0));
  return index;
}

describe('blend', () => {
  it('sums weight × score scaled by each strategy\'s best, and credits the biggest contribution', () => {
    // weights popular 1, trending 2: A = 1 + 2·0.5 = 2; B = 0.5 + 2·1 = 2.5; C = 0.25 + 2·0.5 = 1.25.
    const items = blend(trendingHistory(), { strategies: { popular: 1, trending: 2 } }, input(), 3);
    expect(items.map((i) => [i.productId, i.score, i.strategy])).toEqual([['B', 2.5, 'trending'], ['A', 2, 'popular'], ['C', 1.25, 'trending']]);
    expect(items[0].strategyScores).toEqual({ popular: 2, trending: 2 });
  });

  it('fills from fallbacks, scored below every blended item, up to the limit', () => {
    const items = blend(trendingHistory(), { strategies: { popular: 1 }, fallback: ['trending'] }, input([], (id) => id !== 'B'), 4);
    expect(items.map((i) => [i.productId, i.strategy])).toEqual([['A', 'popular'], ['C', 'popular'], ['D', 'new-arrivals']]);
    expect(items[2].score).toBeLessThan(items[1].score);
  });

  it('is never empty for a cold start: no events, unknown context product', () => {
    const index = new StrategyIndex();
    index.setCatalog(['A', 'B', 'C'].map((id) => product(id)));
    const items = blend(index, { strategies: { 'co-view': 1, similar: 1, personalised: 1 }, fallback: ['popular'] }, input(['unknown']), 2);
    expect(items).toHaveLength(2);
    expect(items.every((i) => i.reason.length > 0)).toBe(true);
  });

  it('builds contract candidates with product fields, reason and features', () => {
    const index = trendingHistory();
    const candidates = toCandidates(index, blend(index, { strategies: { popular: 1 } }, input(), 2), [], T0);
    for (const c of candidates) expect(Candidate.safeParse(c).success).toBe(true);
    expect(candidates[0]).toMatchObject({ id: 'A', title: 'Product A', reason: 'Popular in Frames', strategy: 'popular' });
    expect(candidates[0].features).toMatchObject({ rank: 0, popularity: 4, cooccurrence: 0, ageDays: 4 });
    expect(candidates[1].features.rank).toBe(1);
    expect(index.ageDays('D', T0 + DAY)).toBe(0);
  });
});
