import { describe, expect, it } from 'vitest';
import { COLD_SHOPPER, StrategyIndex, personalised, recentlyViewed, replenishment } from '../../src/strategies/index.js';
import { DAY, HOUR, T0, addToCart, product, purchase, view } from './fixtures.js';

const input = (shopper = COLD_SHOPPER, now = T0, items: string[] = []) => ({ items, shopper, now, depth: 10 });

describe('personalised', () => {
  const index = new StrategyIndex();
  index.setCatalog([
    product('S1', { categoryPath: ['Sunglasses'] }), product('S2', { categoryPath: ['Sunglasses'] }),
    product('F1', { categoryPath: ['Frames'], brand: 'Aria' }), product('L1', { categoryPath: ['Contact lenses'] }),
  ]);
  for (let i = 0; i < 3; i++) index.ingest(view('S2', `x${i}`, T0));
  for (let i = 0; i < 7; i++) index.ingest(view('F1', `y${i}`, T0));

  it('scores affinity × popularity: (1 + ln(1 + pop)) / (1 + ln(1 + max pop))', () => {
    // max pop = 7. S2 = 0.75 · (1 + ln 4) / (1 + ln 8) = 0.5812; F1 = 0.25 · 1 = 0.25; S1 = 0.75 / (1 + ln 8) = 0.2436.
    const shopper = { ...COLD_SHOPPER, affinities: { category: { Sunglasses: 0.75, Frames: 0.25 }, brand: {} } };
    const found = personalised.recommend(index, input(shopper));
    expect(found.map((f) => f.productId)).toEqual(['S2', 'F1', 'S1']);
    const norm = 1 + Math.log(8);
    expect(found[0].score).toBeCloseTo((0.75 * (1 + Math.log(4))) / norm, 10);
    expect(found[1].score).toBeCloseTo(0.25, 10);
    expect(found[2].score).toBeCloseTo(0.75 / norm, 10);
    expect(found[0].reason).toBe('Because you like Sunglasses');
  });

  it('learns affinities from the shopper\'s events, by category and brand', () => {
    const local = new StrategyIndex();
    local.setCatalog(index.catalog.products.values());
    for (const id of ['S1', 'S2', 'S1']) local.ingest(view(id, 'me', T0, 'me'));
    local.ingest(view('F1', 'me', T0, 'me'));
    const state = local.shopper({ anonymousId: 'me' }, T0)!;
    expect(state.affinities.category).toEqual({ Sunglasses: 0.75, Frames: 0.25 });
    expect(state.affinities.brand).toEqual({ Aria: 1 });
    const found = personalised.recommend(local, input(state));
    expect(found.find((f) => f.productId === 'F1')!.reason).toBe('Picked for you from Aria');
    expect(found.map((f) => f.productId)).not.toContain('L1');
  });

  it('answers nothing for a shopper without affinities', () => {
    expect(personalised.recommend(index, input())).toEqual([]);
  });
});

describe('recently viewed', () => {
  it('lists the shopper\'s views newest first, without the context items', () => {
    const index = new StrategyIndex();
    index.setCatalog(['A', 'B', 'C'].map((id) => product(id)));
    index.ingest(view('A', 's', T0, 'me'));
    index.ingest(view('B', 's', T0 + HOUR, 'me'));
    index.ingest(view('C', 's', T0 + 2 * HOUR, 'me'));
    index.ingest(view('A', 's', T0 + 3 * HOUR, 'me'));
    const state = index.shopper({ anonymousId: 'me' }, T0 + 3 * HOUR)!;
    const found = recentlyViewed.recommend(index, input(state, T0 + 3 * HOUR, ['C']));
    expect(found.map((f) => f.productId)).toEqual(['A', 'B']);
    expect(found[0].reason).toBe('You viewed this recently');
  });
});

describe('replenishment', () => {
  const index = new StrategyIndex();
  index.setCatalog([
    product('L30', { title: 'Daily lenses 30-pack', categoryPath: ['Contact lenses'], attributes: { packDays: 30 } }),
    product('SOL', { title: 'Solution 360 ml', categoryPath: ['Eye care', 'Solutions'], attributes: { packDays: 90 } }),
    product('F1', { categoryPath: ['Frames'] }),
  ]);
  // Two 30-day packs bought at T0 last until T0 + 60 d; one solution bought at T0 lasts until T0 + 90 d.
  index.ingest(purchase('o1', 'me', [['L30', 2], 'SOL', 'F1'], T0));
  const state = (now: number) => index.shopper({ anonymousId: 'me' }, now)!;

  it('suggests a consumable from a week before its pack runs out, with the due date in the reason', () => {
    const now = T0 + 55 * DAY;
    const found = replenishment.recommend(index, input(state(now), now));
    expect(found).toEqual([{ productId: 'L30', score: 1 / (1 + 5 / 7), reason: 'Time to restock: Daily lenses 30-pack (runs out in 5 days)' }]);
  });

  it('does not suggest it too early or long after, nor non-consumables', () => {
    expect(replenishment.recommend(index, input(state(T0 + 40 * DAY), T0 + 40 * DAY))).toEqual([]);
    const late = T0 + 95 * DAY;
    const found = replenishment.recommend(index, input(state(late), late));
    expect(found.map((f) => [f.productId, f.reason])).toEqual([
      ['SOL', 'Time to restock: Solution 360 ml (ran out 5 days ago)'],
      ['L30', 'Time to restock: Daily lenses 30-pack (ran out 35 days ago)'],
    ]);
    expect(replenishment.recommend(index, input(state(T0 + 200 * DAY), T0 + 200 * DAY))).toEqual([]);
  });

  it('tracks the cart: add, then purchase clears it', () => {
    const local = new StrategyIndex();
    local.setCatalog([product('A'), product('B')]);
    local.ingest(addToCart('A', 'me', T0));
    local.ingest(addToCart('B', 'me', T0));
    expect(local.shopper({ anonymousId: 'me' })!.cart.map((c) => c.productId).sort()).toEqual(['A', 'B']);
    local.ingest(purchase('o9', 'me', ['A'], T0 + HOUR));
    expect(local.shopper({ anonymousId: 'me' })!.cart.map((c) => c.productId)).toEqual(['B']);
  });
});
