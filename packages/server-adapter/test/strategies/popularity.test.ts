import { describe, expect, it } from 'vitest';
import { COLD_SHOPPER, StrategyIndex, popular, popularInCategory, trending } from '../../src/strategies/index.js';
import { DAY, HOUR, T0, addToCart, product, view } from './fixtures.js';

const input = (now: number, items: string[] = []) => ({ items, shopper: COLD_SHOPPER, now, depth: 10 });

describe('popular', () => {
  it('counts interactions over the window only and updates as events arrive', () => {
    const index = new StrategyIndex({ popularityWindowDays: 30 });
    index.setCatalog(['A', 'B', 'C'].map((id) => product(id, { categoryPath: ['Sunglasses'] })));
    for (let i = 0; i < 5; i++) index.ingest(view('A', `old${i}`, T0 - 40 * DAY));
    for (let i = 0; i < 3; i++) index.ingest(view('B', `b${i}`, T0 - 2 * DAY));
    index.ingest(view('C', 'c0', T0 - 29 * DAY));
    index.ingest(addToCart('C', 'c1', T0));
    const found = popular.recommend(index, input(T0));
    expect(found.map((f) => [f.productId, f.score])).toEqual([['B', 3], ['C', 2]]);
    expect(found[0].reason).toBe('Popular in Sunglasses');
    expect(index.popularityOf('A', T0)).toBe(0);
    expect(index.popularityOf('A', T0 - 35 * DAY)).toBe(5);

    for (let i = 0; i < 4; i++) index.ingest(view('C', `c-new${i}`, T0));
    expect(popular.recommend(index, input(T0)).map((f) => f.productId)).toEqual(['C', 'B']);
  });

  it('popular-in-category stays in the context product\'s category, widening to the parent when short', () => {
    const index = new StrategyIndex();
    index.setCatalog([
      product('R1', { categoryPath: ['Frames', 'Round'] }), product('R2', { categoryPath: ['Frames', 'Round'] }),
      product('Q1', { categoryPath: ['Frames', 'Square'] }), product('S1', { categoryPath: ['Sunglasses'] }),
    ]);
    for (const [id, n] of [['R2', 2], ['Q1', 5], ['S1', 9]] as const) for (let i = 0; i < n; i++) index.ingest(view(id, `${id}${i}`, T0));
    const found = popularInCategory.recommend(index, input(T0, ['R1']));
    expect(found.map((f) => [f.productId, f.reason])).toEqual([['R2', 'Popular in Round'], ['Q1', 'Popular in Frames']]);
  });
});

describe('trending', () => {
  it('decays with a half-life so recent interest beats older volume', () => {
    // Half-life 48 h. At T0: A = 4 views 96 h ago = 4 · 1/4 = 1; B = (1 view + 1 add-to-cart · 3) 48 h ago = 4 · 1/2 = 2;
    // C = 1 view now = 1. Popular (raw counts) would say A, B, C.
    const index = new StrategyIndex({ trendingHalfLifeHours: 48 });
    index.setCatalog(['A', 'B', 'C'].map((id) => product(id)));
    for (let i = 0; i < 4; i++) index.ingest(view('A', `a${i}`, T0 - 96 * HOUR));
    index.ingest(view('B', 'b', T0 - 48 * HOUR));
    index.ingest(addToCart('B', 'b', T0 - 48 * HOUR));
    index.ingest(view('C', 'c', T0));
    const found = trending.recommend(index, input(T0));
    expect(found.map((f) => f.productId)).toEqual(['B', 'A', 'C']);
    expect(found.map((f) => f.score)).toEqual([2, 1, 1]);
    expect(found[0].reason).toBe('Trending in Frames');
    expect(popular.recommend(index, input(T0)).map((f) => f.productId)).toEqual(['A', 'B', 'C']);
  });

  it('accepts events out of order', () => {
    const index = new StrategyIndex({ trendingHalfLifeHours: 48 });
    index.setCatalog([product('A')]);
    index.ingest(view('A', 'x', T0));
    index.ingest(view('A', 'y', T0 - 48 * HOUR));
    expect(index.trending.score('A', T0)).toBeCloseTo(1.5, 10);
  });
});
