import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { StrategyIndex } from '../../src/strategies/index.js';
import { createRecommendationService, DEFAULT_PLACEMENTS, parsePlacements, redisAnswerCache, type AnswerCache } from '../../src/recommend/index.js';
import { T0, product, purchase, sessions } from '../strategies/fixtures.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One adapter process: its own index over the same catalog and events, and a cache client on the shared Redis. */
function processWith(cache: AnswerCache) {
  const index = new StrategyIndex();
  index.setCatalog(['A', 'B', 'C', 'D'].map((id) => product(id, { categoryPath: ['Frames', 'Round'] })), T0);
  for (const e of sessions([['A', 'B'], ['A', 'B'], ['A', 'C']], T0)) index.ingest(e);
  const counts = { hit: 0, miss: 0 };
  const service = createRecommendationService({
    index: () => index, placements: parsePlacements({}, DEFAULT_PLACEMENTS), cache, onCache: (hit) => void counts[hit ? 'hit' : 'miss']++,
  });
  const ask = () => service.recommend({ siteKey: 'pk_redis', shopper: { anonymousId: 'x' }, placements: [{ placement: 'pdp-similar', items: ['A'], limit: 3 }], now: T0 });
  return { index, counts, ask };
}

describe('shared Redis answer cache', () => {
  const caches: AnswerCache[] = [];
  afterAll(async () => {
    for (const c of caches) await c.close?.();
  });

  it('lets a second process reuse an answer, and misses everywhere once the catalog changes', async () => {
    const prefix = `focal:test:${randomBytes(6).toString('hex')}:`;
    for (let i = 0; i < 2; i++) caches.push(await redisAnswerCache({ url: REDIS_URL, prefix, ttlSeconds: 30 }));
    const one = processWith(caches[0]);
    const two = processWith(caches[1]);
    const first = await one.ask();
    const second = await two.ask();
    expect(one.counts).toEqual({ hit: 0, miss: 1 });
    expect(two.counts).toEqual({ hit: 1, miss: 0 });
    expect(second.results[0].items).toEqual(first.results[0].items);

    // Both processes reload the same changed catalog: same content version, so both miss the old answer.
    for (const p of [one, two]) p.index.upsertProducts([product('B', { categoryPath: ['Frames', 'Round'], inStock: false })], T0);
    const after = await two.ask();
    expect(two.counts.miss).toBe(1);
    expect(after.results[0].items.map((i) => i.id)).not.toContain('B');
    await one.ask();
    expect(one.counts.hit).toBe(1);
  });

  it('shares the head of a deep diversified list, and a process whose shopper needs more computes the list again', async () => {
    const prefix = `focal:test:${randomBytes(6).toString('hex')}:`;
    const [a, b] = [await redisAnswerCache({ url: REDIS_URL, prefix, ttlSeconds: 30 }), await redisAnswerCache({ url: REDIS_URL, prefix, ttlSeconds: 30 })];
    caches.push(a, b);
    // 40 products of 4 brands, the most viewed first: home-trending (diversified) computes 2 + 12 + 32 = 46 deep
    const ids = Array.from({ length: 40 }, (_, i) => `P${i}`);
    const processOf = (cache?: AnswerCache) => {
      const index = new StrategyIndex();
      index.setCatalog(ids.map((id, i) => product(id, { brand: `B${i % 4}`, categoryPath: ['Frames', `C${i % 5}`] })), T0);
      for (const e of sessions(ids.map((_, i) => ids.slice(0, 40 - i)), T0)) index.ingest(e);
      index.ingest(purchase('o-many', 'bought-most', ids.slice(0, 30), T0)); // the shared head holds nothing they may see
      const counts = { hit: 0, miss: 0 };
      const service = createRecommendationService({ index: () => index, placements: parsePlacements({}, DEFAULT_PLACEMENTS), cache, onCache: (hit) => void counts[hit ? 'hit' : 'miss']++ });
      const ask = (anonymousId: string) => service.recommend({ siteKey: 'pk_redis', shopper: { anonymousId }, placements: [{ placement: 'home-trending', limit: 2 }], now: T0 })
        .then((r) => r.results[0].items);
      return { counts, ask };
    };
    const [one, two, cold] = [processOf(a), processOf(b), processOf()];
    expect(await one.ask('new')).toEqual(await cold.ask('new'));
    expect(await two.ask('new')).toEqual(await cold.ask('new'));
    expect(two.counts).toEqual({ hit: 1, miss: 0 });
    const deep = await two.ask('bought-most');
    expect(deep).toEqual(await cold.ask('bought-most'));
    expect(deep.map((i) => i.id).filter((id) => ids.slice(0, 30).includes(id))).toEqual([]);
    expect(two.counts).toEqual({ hit: 1, miss: 1 }); // the head did not decide: computed again, then kept whole
    expect(await one.ask('bought-most')).toEqual(deep);
    expect(one.counts).toEqual({ hit: 1, miss: 1 });
  });
});
