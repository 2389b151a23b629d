/**
 * What the answer cache keeps of a computed list, over the demo data: the head requests read (limit + 12 candidates),
 * not the whole list a diversified placement computes (limit + 12 + 4 × window), and answers served from it are
 * byte for byte those computed afresh, also when a request needs candidates past the head.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FocalEvent, RecommendationRequest } from '@focal/sdk-core/contracts';
import { DEFAULT_DEMO_NOW, generateDemoData } from '../../src/demo/index.js';
import { StrategyIndex } from '../../src/strategies/index.js';
import {
  answerBytes, createRecommendationService, DEFAULT_PLACEMENTS, INDEXED_EVENT_TYPES, memoryAnswerCache, parsePlacements,
  serializeBatch, type AnswerCache, type CachedAnswer,
} from '../../src/recommend/index.js';
import { purchase } from '../strategies/fixtures.js';

const NOW = Date.parse(DEFAULT_DEMO_NOW);
const SITE = 'pk_depth';
const placements = parsePlacements({}, DEFAULT_PLACEMENTS);

let index: StrategyIndex;
/** Shoppers of the demo history who bought something (their filters drop products from shared lists). */
let buyers: string[];
/** The most viewed products (product-page contexts). */
let hot: string[];

beforeAll(async () => {
  const data = generateDemoData({ sessions: 4000 });
  index = new StrategyIndex();
  index.setCatalog(data.products, NOW);
  for (const e of data.events) if (INDEXED_EVENT_TYPES.includes(e.type)) index.ingest(e as FocalEvent);
  buyers = [...new Set(data.events.filter((e) => e.type === 'purchase').map((e) => e.anonymousId))].slice(0, 150);
  const views = new Map<string, number>();
  for (const e of data.events) if (e.type === 'product_view') views.set(e.properties.productId, (views.get(e.properties.productId) ?? 0) + 1);
  hot = [...views].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([id]) => id);
  // a shopper who bought the 40 most trending products: home-trending's cached head (limit + 12) holds none they may see
  const probe = createRecommendationService({ index: () => index, placements });
  const { results } = await probe.recommend({ siteKey: SITE, shopper: { anonymousId: 'probe' }, placements: [{ placement: 'home-trending', limit: 40 }], now: NOW });
  const top = results[0]!.items.map((i) => i.id);
  expect(top).toHaveLength(40);
  index.ingest(purchase('order-digger', 'digger', top, NOW - 3_600_000));
}, 120_000);

/** A cache that also keeps every value it was given, to total the bytes the cache accounts for them. */
function recording(): AnswerCache & { values: CachedAnswer[] } {
  const inner = memoryAnswerCache({ maxBytes: 2 ** 30 });
  const values: CachedAnswer[] = [];
  return {
    name: 'recording', values,
    get: (key) => inner.get(key),
    set: (key, value) => {
      values.push(value);
      return inner.set(key, value);
    },
    clear: () => inner.clear(),
  };
}

/** What the route writes, without the requestIds (fresh for every answer). */
const bytesOf = (batch: Parameters<typeof serializeBatch>[0]) => serializeBatch(batch).replace(/"requestId":"[^"]*"/g, '"requestId":""');

describe('answer cache depth (demo data)', () => {
  it('keeps limit + 12 candidates of a diversified list: 150 home-for-you answers take under 5 MB by the cache\'s own estimate', async () => {
    const cache = recording();
    const svc = createRecommendationService({ index: () => index, placements, cache });
    for (const who of buyers) {
      await svc.recommend({ siteKey: SITE, shopper: { anonymousId: who }, placements: [{ placement: 'home-for-you', limit: 12 }], now: NOW });
    }
    expect(cache.values).toHaveLength(buyers.length);
    const total = cache.values.reduce((sum, value) => sum + answerBytes(value), 0);
    // 4,554,442 bytes (24 candidates each); the whole lists (56 candidates each) took 10,479,390
    expect(total).toBeLessThan(5_000_000);
    for (const value of cache.values) {
      expect(value.items.length).toBeLessThanOrEqual(12 + 12);
      expect(value.depth).toBeGreaterThanOrEqual(value.items.length);
    }
    // the lists were computed deeper than kept: the cut is not vacuous
    expect(cache.values.filter((v) => v.depth > v.items.length).length).toBeGreaterThan(buyers.length / 2);
  }, 60_000);

  it('answers from a warm cache byte for byte as from a cold one, for placements, limits, contexts and batches, also when the head does not decide', async () => {
    type Ask = { who: string; placements: RecommendationRequest[]; allowDuplicates?: boolean };
    const asks: Ask[] = [];
    for (const [n, who] of ['new-visitor', 'digger', ...buyers.slice(0, 16)].entries()) {
      const item = hot[n % hot.length]!;
      asks.push(
        ...[1, 6, 12, 20].map((limit) => ({ who, placements: [{ placement: 'home-for-you', limit }] })),
        ...[4, 12, 40].map((limit) => ({ who, placements: [{ placement: 'home-trending', limit }] })),
        { who, placements: [{ placement: 'email-for-you' }] },
        { who, placements: [{ placement: 'home-for-you', limit: 12 }, { placement: 'home-trending', limit: 12 }] },
        { who, placements: [{ placement: 'home-trending', limit: 20 }, { placement: 'home-for-you', limit: 20 }, { placement: 'email-for-you', limit: 20 }] },
        { who, placements: [{ placement: 'pdp-similar', items: [item], limit: 12 }, { placement: 'pdp-complete-the-look', items: [item], limit: 12 }] },
        { who, placements: [{ placement: 'pdp-similar', items: [item], limit: 4 }] },
        { who, placements: [{ placement: 'cart-add-ons', items: [item, hot[(n + 1) % hot.length]!] }] },
        { who, placements: [{ placement: 'home-trending', limit: 12 }, { placement: 'home-trending', limit: 12 }], allowDuplicates: true },
      );
    }
    const cold = createRecommendationService({ index: () => index, placements });
    const ask = (svc: typeof cold, a: Ask) =>
      svc.recommend({ siteKey: SITE, shopper: { anonymousId: a.who }, placements: a.placements, allowDuplicates: a.allowDuplicates, now: NOW }).then(bytesOf);
    const fresh = new Map<Ask, string>();
    for (const a of asks) fresh.set(a, await ask(cold, a));

    /** A warm service whose cache counts hits, misses and hits whose head did not decide (the list computed again). */
    const warmService = () => {
      const cache = memoryAnswerCache();
      const counts = { hit: 0, miss: 0, deeper: 0 };
      let found = false;
      const svc = createRecommendationService({
        index: () => index, placements,
        cache: { ...cache, get: (key) => ((found = cache.get(key) !== undefined), cache.get(key)) },
        onCache: (hit) => void (hit ? counts.hit++ : found ? counts.deeper++ : counts.miss++),
      });
      return { svc, counts };
    };

    // One cache for every shopper where cached answers are shared: product and cart pages (their context is the
    // page's products), and home-trending for every shopper (an answer without context items carries no trace of the
    // shopper whose request filled the cache: its cooccurrence feature is computed with no context, as the trainer does).
    const sharable = asks.filter((a) => a.placements.every((p) => p.items?.length || p.placement === 'home-trending'));
    const shared = warmService();
    for (let pass = 0; pass < 2; pass++) for (const a of sharable) expect(await ask(shared.svc, a), JSON.stringify(a)).toBe(fresh.get(a));
    expect(shared.counts.hit).toBeGreaterThan(shared.counts.miss);
    // the new visitor's home-trending heads did not decide the digger's answers: computed again, then kept whole
    expect(shared.counts.deeper).toBeGreaterThan(0);

    // Every answer, with a cache per shopper, asked twice: the second time every answer comes from the cache
    // (answers whose head did not decide the first time were kept whole).
    for (const who of new Set(asks.map((a) => a.who))) {
      const warm = warmService();
      const mine = asks.filter((a) => a.who === who);
      for (const a of mine) expect(await ask(warm.svc, a), JSON.stringify(a)).toBe(fresh.get(a));
      const first = { ...warm.counts };
      for (const a of mine) expect(await ask(warm.svc, a), JSON.stringify(a)).toBe(fresh.get(a));
      expect(warm.counts.hit - first.hit).toBe(mine.reduce((n, a) => n + a.placements.length, 0));
    }
  }, 120_000);
});
