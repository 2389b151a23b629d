import { describe, expect, it } from 'vitest';
import type { Candidate } from '@focal/sdk-core/contracts';
import { StrategyIndex } from '../../src/strategies/index.js';
import { createRecommendationService, DEFAULT_PLACEMENTS, memoryAnswerCache, parsePlacements } from '../../src/recommend/index.js';
import { DAY, T0, product, purchase, sessions } from '../strategies/fixtures.js';

// One product line of one brand dominates the views (the demo's "Clarion … lenses" add-ons); other brands trail.
const catalog = [
  ...[1, 2, 3, 4, 5, 6].map((n) => product(`K${n}`, { title: `Clarion coating ${n}`, categoryPath: ['Lenses', 'Coatings'], brand: 'Clarion' })),
  product('F1', { title: 'Aria Round', categoryPath: ['Frames', 'Optical frames', 'Round'], brand: 'Aria' }),
  product('F2', { title: 'Nord Square', categoryPath: ['Frames', 'Optical frames', 'Square'], brand: 'Nord' }),
  product('S1', { title: 'Nord Aviator', categoryPath: ['Frames', 'Sunglasses', 'Aviator'], brand: 'Nord' }),
  product('C1', { title: 'Hard case', categoryPath: ['Accessories', 'Cases'], brand: 'Caseco' }),
  product('D1', { title: 'Eye drops', categoryPath: ['Eye care', 'Drops'], brand: 'Hydra' }),
  product('D2', { title: 'Lens wipes', categoryPath: ['Eye care', 'Wipes'], brand: 'Blink' }),
  product('C2', { title: 'Microfibre cloth', categoryPath: ['Accessories', 'Cleaning cloths'], brand: 'Wipeco' }),
  product('CL', { title: 'Daily lenses 30', categoryPath: ['Contact lenses', 'Daily'], brand: 'Clarion', attributes: { packDays: 30 } }),
];

function history(): StrategyIndex {
  const index = new StrategyIndex();
  index.setCatalog(catalog, T0 - 30 * DAY);
  // views: every Clarion coating 6 times, the others fewer (so trending/popular put all six coatings first)
  const baskets: string[][] = [];
  for (let s = 0; s < 6; s++) baskets.push(['K1', 'K2', 'K3', 'K4', 'K5', 'K6']);
  for (let s = 0; s < 3; s++) baskets.push(['F1', 'F2', 'S1']);
  baskets.push(['C1', 'D1', 'D2', 'C2'], ['CL']);
  for (const e of sessions(baskets, T0 - 2 * DAY)) index.ingest(e);
  return index;
}

const service = (placements = parsePlacements({}, DEFAULT_PLACEMENTS)) =>
  createRecommendationService({ index: history, placements, cache: memoryAnswerCache() });

async function ask(placement: string, limit: number, opts: { placements?: ReturnType<typeof parsePlacements>; items?: string[]; who?: string; index?: StrategyIndex } = {}) {
  const index = opts.index ?? history();
  const svc = createRecommendationService({ index: () => index, placements: opts.placements ?? parsePlacements({}, DEFAULT_PLACEMENTS), cache: memoryAnswerCache() });
  const { results } = await svc.recommend({ siteKey: 'pk_test', shopper: { anonymousId: opts.who ?? 'new-visitor' }, placements: [{ placement, limit, items: opts.items }], now: T0 });
  return results[0]!.items;
}

const mostOfOneBrand = (items: Candidate[], window = 8) => {
  const counts = new Map<string, number>();
  for (const i of items.slice(0, window)) if (i.brand) counts.set(i.brand, (counts.get(i.brand) ?? 0) + 1);
  return Math.max(0, ...counts.values());
};

describe('server-side diversity of placements', () => {
  it('home-trending for a new visitor shows at most 2 products of one brand in the first 8, the rank feature being that order', async () => {
    const items = await ask('home-trending', 10);
    expect(items).toHaveLength(10); // not shortened
    expect(mostOfOneBrand(items)).toBeLessThanOrEqual(2);
    expect(items.slice(0, 2).map((i) => i.brand)).toEqual(['Clarion', 'Clarion']); // the best stay first
    expect(items.map((i) => i.features.rank)).toEqual(items.map((_, rank) => rank));
    expect(items.filter((i) => i.brand === 'Clarion').length).toBeGreaterThan(2); // moved down, not dropped
    expect(service().placements['home-trending']!.diversity).toMatchObject({ maxPerBrand: 2, maxPerCategory: 3, window: 8 });
  });

  it('home-for-you and email-for-you are diversified too; pdp-similar keeps its sameness', async () => {
    expect(mostOfOneBrand(await ask('home-for-you', 10))).toBeLessThanOrEqual(2);
    expect(mostOfOneBrand(await ask('email-for-you', 6))).toBeLessThanOrEqual(2);
    const similar = await ask('pdp-similar', 6, { items: ['K1'] });
    expect(similar.slice(0, 5).every((i) => i.brand === 'Clarion')).toBe(true);
  });

  it('stays diversified when the shopper filter removes products from the cached list', async () => {
    const index = history();
    // bought one of the non-Clarion products: it leaves the answer, and must not let a third Clarion move up into its slot
    index.ingest(purchase('o1', 'buyer', ['F1'], T0 - DAY));
    const items = await ask('home-trending', 8, { index, who: 'buyer' });
    expect(items.map((i) => i.id)).not.toContain('F1');
    expect(mostOfOneBrand(items)).toBeLessThanOrEqual(2);
    expect(items.map((i) => i.features.rank)).toEqual(items.map((_, rank) => rank));
  });

  it('is configurable per placement: diversity false keeps the blend order', async () => {
    const placements = parsePlacements({ 'home-trending': { strategies: { trending: 1, popular: 0.3 }, diversity: false } }, DEFAULT_PLACEMENTS);
    const items = await ask('home-trending', 10, { placements });
    expect(items.slice(0, 6).every((i) => i.brand === 'Clarion')).toBe(true);
    const capped = parsePlacements({ 'home-trending': { strategies: { trending: 1 }, diversity: { maxPerBrand: 1, window: 4 } } }, DEFAULT_PLACEMENTS);
    expect(mostOfOneBrand(await ask('home-trending', 10, { placements: capped }), 4)).toBe(1);
  });

  it('looks deeper than the usual list when the best 20 products are all one brand', async () => {
    const index = new StrategyIndex();
    const many = Array.from({ length: 24 }, (_, n) => product(`M${n}`, { categoryPath: ['Lenses', 'Coatings'], brand: 'Clarion' }));
    index.setCatalog([...catalog, ...many], T0 - 30 * DAY);
    const baskets: string[][] = [];
    for (let s = 0; s < 6; s++) baskets.push(many.map((p) => p.id));
    baskets.push(['F1', 'F2', 'S1'], ['C1', 'D1', 'D2', 'C2']);
    for (const e of sessions(baskets, T0 - 2 * DAY)) index.ingest(e);
    const items = await ask('home-trending', 6, { index });
    expect(items).toHaveLength(6);
    expect(mostOfOneBrand(items)).toBeLessThanOrEqual(2);
  });

  it('never empties or shortens a list of one brand only', async () => {
    const placements = parsePlacements({ 'home-trending': { strategies: { trending: 1 }, filters: { categories: ['Coatings'] }, diversity: {} } }, DEFAULT_PLACEMENTS);
    const items = await ask('home-trending', 6, { placements });
    expect(items.map((i) => i.id).sort()).toEqual(['K1', 'K2', 'K3', 'K4', 'K5', 'K6']);
  });

  it('keeps a restock (replenishment) first without counting it against its brand', async () => {
    const index = history();
    index.ingest(purchase('o2', 'wearer', ['CL'], T0 - 26 * DAY));
    const items = await ask('home-for-you', 10, { index, who: 'wearer' });
    expect(items[0]).toMatchObject({ id: 'CL', strategy: 'replenishment' });
    expect(items.slice(0, 8).filter((i) => i.brand === 'Clarion' && i.strategy !== 'replenishment')).toHaveLength(2);
  });
});
