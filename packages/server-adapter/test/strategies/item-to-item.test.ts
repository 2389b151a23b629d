import { describe, expect, it } from 'vitest';
import { COLD_SHOPPER, StrategyIndex, coPurchase, coView, toCandidates, blend } from '../../src/strategies/index.js';
import { DAY, T0, product, purchase, sessions } from './fixtures.js';

const input = (items: string[], depth = 10) => ({ items, shopper: COLD_SHOPPER, now: T0 + DAY, depth });

describe('co-view', () => {
  // N = 10 sessions; n(A) = 4, n(P) = 8, n(X) = 2; c(A,P) = 3, c(A,X) = 2.
  // E(A,P) = 4·8/10 = 3.2, lift = 3/3.2 = 0.9375, smoothed (3+1)/(3.2+1) = 0.95238;
  // E(A,X) = 4·2/10 = 0.8, lift = 2/0.8 = 2.5, smoothed (2+1)/(0.8+1) = 1.66667.
  const index = new StrategyIndex();
  index.setCatalog(['A', 'P', 'X', 'Q'].map((id) => product(id)));
  for (const e of sessions([['A', 'P'], ['A', 'P'], ['A', 'P', 'X'], ['A', 'X'], ['P'], ['P'], ['P'], ['P'], ['P'], ['Q']])) index.ingest(e);

  it('counts sessions, items and pairs', () => {
    expect(index.coView.baskets).toBe(10);
    expect([index.coView.itemCount('A'), index.coView.itemCount('P'), index.coView.itemCount('X')]).toEqual([4, 8, 2]);
    expect(index.coView.pairCount('A', 'P')).toBe(3);
    expect(index.coView.pairCount('X', 'A')).toBe(2);
  });

  it('ranks by lift, not raw count: the niche companion beats the bestseller', () => {
    expect(index.coView.lift('A', 'P')).toBeCloseTo(0.9375, 10);
    expect(index.coView.lift('A', 'X')).toBeCloseTo(2.5, 10);
    const found = coView.recommend(index, input(['A']));
    expect(found.map((f) => f.productId)).toEqual(['X', 'P']);
    expect(found[0].score).toBeCloseTo(3 / 1.8, 10);
    expect(found[1].score).toBeCloseTo(4 / 4.2, 10);
    expect(found[0].reason).toBe('Viewed together with Product A');
  });

  it('uses the shopper\'s recent views when the request has no items, and says so', () => {
    const shopper = { ...COLD_SHOPPER, recentViews: [{ productId: 'A', at: T0 }] };
    const found = coView.recommend(index, { ...input([]), shopper });
    expect(found[0]).toMatchObject({ productId: 'X', reason: 'Because you viewed Product A' });
  });

  it('reports the smoothed lift with the context items as the cooccurrence feature', () => {
    const items = blend(index, { strategies: { 'co-view': 1 } }, input(['A']), 2);
    const [x, p] = toCandidates(index, items, ['A'], T0 + DAY);
    expect(x.features.cooccurrence).toBeCloseTo(3 / 1.8, 10);
    expect(p.features.cooccurrence).toBeCloseTo(4 / 4.2, 10);
    expect([x.features.rank, p.features.rank]).toEqual([0, 1]);
    expect(x.features.strategyScores['co-view']).toBeCloseTo(1.6667, 3);
  });
});

describe('co-purchase', () => {
  // 7 orders. F1 in o1, o2, o3 (n=3); L1 in o1 and o4 (n=2), o4 is u3's order 3 days after o3 (F1): counts as together.
  // C1 in o2, o5, o7 (n=3). u5 bought F2 then C1 ten days later: too far apart, not together.
  // E(F1,L1) = 3·2/7 = 0.857, lift 2.3333, smoothed (2+1)/(6/7+1) = 1.6154;
  // E(F1,C1) = 3·3/7 = 1.286, lift 0.7778, smoothed (1+1)/(9/7+1) = 0.875.
  const index = new StrategyIndex({ copurchaseDays: 7 });
  index.setCatalog(['F1', 'F2', 'L1', 'C1'].map((id) => product(id)));
  for (const e of [
    purchase('o1', 'u1', ['F1', 'L1'], T0),
    purchase('o2', 'u2', ['F1', 'C1'], T0),
    purchase('o3', 'u3', ['F1'], T0),
    purchase('o4', 'u3', ['L1'], T0 + 3 * DAY),
    purchase('o5', 'u4', ['C1'], T0),
    purchase('o6', 'u5', ['F2'], T0),
    purchase('o7', 'u5', ['C1'], T0 + 10 * DAY),
    purchase('o7', 'u5', ['C1'], T0 + 10 * DAY), // the same order again: ignored
  ]) index.ingest(e);

  it('pairs within an order and across a shopper\'s orders a few days apart', () => {
    expect(index.coPurchase.baskets).toBe(7);
    expect(index.coPurchase.pairCount('F1', 'L1')).toBe(2);
    expect(index.coPurchase.pairCount('F1', 'C1')).toBe(1);
    expect(index.coPurchase.pairCount('F2', 'C1')).toBe(0);
  });

  it('ranks by smoothed lift with the reason naming the context item', () => {
    const found = coPurchase.recommend(index, input(['F1']));
    expect(found.map((f) => f.productId)).toEqual(['L1', 'C1']);
    expect(index.coPurchase.lift('F1', 'L1')).toBeCloseTo(14 / 6, 10);
    expect(found[0].score).toBeCloseTo(3 / (6 / 7 + 1), 10);
    expect(found[1].score).toBeCloseTo(2 / (9 / 7 + 1), 10);
    expect(found[0].reason).toBe('Bought together with Product F1');
  });

  it('uses the cart as context when the request has none, never proposing the cart items themselves', () => {
    const shopper = { ...COLD_SHOPPER, cart: [{ productId: 'L1', quantity: 1 }] };
    const found = coPurchase.recommend(index, { ...input([]), shopper });
    expect(found.map((f) => f.productId)).toEqual(['F1']);
  });

  it('skips products the placement does not accept and unknown context items', () => {
    expect(coPurchase.recommend(index, { ...input(['F1']), accept: (id) => id !== 'L1' }).map((f) => f.productId)).toEqual(['C1']);
    expect(coPurchase.recommend(index, input(['nope']))).toEqual([]);
  });
});
