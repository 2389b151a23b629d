import { describe, expect, it } from 'vitest';
import { RecommendationBatchResponse, type FocalEvent } from '@focal/sdk-core/contracts';
import { StrategyIndex } from '../../src/strategies/index.js';
import {
  createRecommendationService, DEFAULT_PLACEMENTS, memoryAnswerCache, parsePlacements, RecommendError,
} from '../../src/recommend/index.js';
import { DAY, T0, addToCart, product, purchase, sessions, view } from '../strategies/fixtures.js';

const catalog = [
  product('F1', { title: 'Aria Round', categoryPath: ['Frames', 'Optical frames', 'Round'], brand: 'Aria', attributes: { material: 'acetate' } }),
  product('F2', { title: 'Aria Round Slim', categoryPath: ['Frames', 'Optical frames', 'Round'], brand: 'Aria', attributes: { material: 'acetate' } }),
  product('F3', { title: 'Nord Square', categoryPath: ['Frames', 'Optical frames', 'Square'], brand: 'Nord', attributes: { material: 'metal' } }),
  product('F4', { title: 'Aria Round Gone', categoryPath: ['Frames', 'Optical frames', 'Round'], brand: 'Aria', attributes: { material: 'acetate' }, inStock: false }),
  product('S1', { title: 'Nord Aviator', categoryPath: ['Frames', 'Sunglasses', 'Aviator'], brand: 'Nord' }),
  product('L1', { title: 'Blue-light lenses', categoryPath: ['Lenses', 'Prescription lenses'], price: 80 }),
  product('C1', { title: 'Hard case', categoryPath: ['Accessories', 'Cases'], price: 15 }),
  product('C2', { title: 'Microfibre cloth', categoryPath: ['Accessories', 'Cleaning cloths'], price: 5 }),
  product('D1', { title: 'Eye drops', categoryPath: ['Eye care', 'Drops'], price: 9, attributes: { packDays: 30 } }),
  product('CL', { title: 'Daily lenses 30', categoryPath: ['Contact lenses', 'Daily'], price: 25, attributes: { packDays: 30 } }),
];

function history(): StrategyIndex {
  const index = new StrategyIndex();
  index.setCatalog(catalog, T0 - 30 * DAY);
  for (const e of sessions([['F1', 'F2', 'F4'], ['F1', 'F2'], ['F1', 'F3'], ['S1', 'F3'], ['F2', 'C1']], T0 - 2 * DAY)) index.ingest(e);
  index.ingest(purchase('o1', 'buyer1', ['F1', 'L1', 'C1'], T0 - DAY));
  index.ingest(purchase('o2', 'buyer2', ['F1', 'L1'], T0 - DAY));
  index.ingest(purchase('o3', 'buyer3', ['F2', 'C2', 'F4'], T0 - DAY));
  return index;
}

function service(index = history(), placements = parsePlacements({}, DEFAULT_PLACEMENTS)) {
  return createRecommendationService({ index: () => index, placements, cache: memoryAnswerCache() });
}

const ask = (svc: ReturnType<typeof service>, placements: Array<{ placement: string; items?: string[]; limit?: number }>, anonymousId = 'new-shopper', allowDuplicates?: boolean) =>
  svc.recommend({ siteKey: 'pk_test', shopper: { anonymousId }, placements, allowDuplicates, now: T0 });

describe('recommendation service', () => {
  it('answers every default placement for a cold shopper, never empty, with reasons and valid contract shape', async () => {
    const svc = service();
    const names = Object.keys(DEFAULT_PLACEMENTS);
    const batch = await ask(svc, names.map((placement) => ({ placement, items: placement.startsWith('pdp') ? ['F1'] : [], limit: 3 })));
    expect(RecommendationBatchResponse.safeParse(batch).success).toBe(true);
    expect(batch.results.map((r) => r.placement)).toEqual(names);
    // 9 products in stock for 6 placements of 3: later placements run out of unseen products, and repeat rather than go empty.
    for (const r of batch.results) {
      expect(r.items.length, r.placement).toBeGreaterThan(0);
      expect(r.items.every((i) => (i.reason ?? '').length > 0)).toBe(true);
      expect(r.strategy).toMatch(/^blend:/);
    }
    expect(new Set(batch.results.map((r) => r.requestId)).size).toBe(names.length);
  });

  it('never shows the same product twice across placements unless allowed', async () => {
    const svc = service();
    // 9 products in stock: two placements of 4 fit without repeating one.
    const placements = [{ placement: 'home-trending', limit: 4 }, { placement: 'home-for-you', limit: 4 }];
    const deduped = await ask(svc, placements);
    const ids = deduped.results.flatMap((r) => r.items.map((i) => i.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(deduped.results[1].items).toHaveLength(4);
    const dup = await ask(svc, placements, 'new-shopper', true);
    const all = dup.results.flatMap((r) => r.items.map((i) => i.id));
    expect(new Set(all).size).toBeLessThan(all.length);
  });

  it('pdp-similar proposes the same shape first and never an out-of-stock product', async () => {
    const [r] = (await ask(service(), [{ placement: 'pdp-similar', items: ['F1'], limit: 5 }])).results;
    expect(r.items[0]).toMatchObject({ id: 'F2', strategy: 'similar', reason: 'Similar to Aria Round' });
    expect(r.items.map((i) => i.id)).not.toContain('F4');
    expect(r.items.map((i) => i.id)).not.toContain('F1');
    expect(r.items.every((i) => i.inStock)).toBe(true);
  });

  it('pdp-complete-the-look completes a frame with lenses and a case, not another frame', async () => {
    const [r] = (await ask(service(), [{ placement: 'pdp-complete-the-look', items: ['F1'], limit: 3 }])).results;
    expect(r.items.slice(0, 2).map((i) => i.id)).toEqual(['L1', 'C1']);
    expect(r.items[0].reason).toBe('Bought together with Aria Round');
    expect(r.items[0].features.cooccurrence).toBeGreaterThan(1);
    expect(r.items.every((i) => i.categoryPath[0] !== 'Frames')).toBe(true);
  });

  it('cart add-ons are accessories only, and exclude what is in the cart', async () => {
    const index = history();
    index.ingest(addToCart('C1', 'carty', T0));
    const [r] = (await ask(service(index), [{ placement: 'cart-add-ons', items: ['F1'], limit: 6 }], 'carty')).results;
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.every((i) => ['Accessories', 'Eye care'].includes(i.categoryPath[0]))).toBe(true);
    expect(r.items.map((i) => i.id)).not.toContain('C1');
  });

  it('never recommends a just-bought item, but does propose a consumable due for a restock', async () => {
    const index = history();
    index.ingest(purchase('o9', 'me', ['C2'], T0 - DAY));
    index.ingest(purchase('o8', 'me', ['CL'], T0 - 26 * DAY));
    index.ingest(purchase('o7', 'me', ['D1'], T0 - 2 * DAY));
    const [r] = (await ask(service(index), [{ placement: 'home-for-you', limit: 10 }], 'me')).results;
    const ids = r.items.map((i) => i.id);
    expect(ids).not.toContain('C2');
    expect(ids).not.toContain('D1');
    expect(r.items[0]).toMatchObject({ id: 'CL', strategy: 'replenishment', reason: 'Time to restock: Daily lenses 30 (runs out in 4 days)' });
  });

  it('personalises home-for-you from the shopper\'s own views', async () => {
    const index = history();
    for (const id of ['S1', 'S1', 'F3']) index.ingest(view(id, 'mine', T0 - 60_000, 'nord-fan'));
    const [r] = (await ask(service(index), [{ placement: 'home-for-you', limit: 4 }], 'nord-fan')).results;
    expect(r.items.some((i) => i.reason === 'Picked for you from Nord' || i.reason === 'Because you like Frames' || i.reason?.startsWith('Because you viewed'))).toBe(true);
  });

  it('does not personalise for a shopper who refused personalisation, and forgets one who withdraws it', async () => {
    const refused = (e: FocalEvent) => ({ ...e, consent: { analytics: true, personalization: false } });
    const personalReasons = (r: { items: Array<{ reason?: string }> }) => r.items.filter((i) => /^(Picked for you|Because you)/.test(i.reason ?? ''));
    const index = history();
    for (const id of ['S1', 'S1', 'F3']) index.ingest(refused(view(id, 'no', T0 - 60_000, 'private-fan')));
    const [never] = (await ask(service(index), [{ placement: 'home-for-you', limit: 4 }], 'private-fan')).results;
    expect(personalReasons(never)).toEqual([]);
    // the views still count for everyone (trending, co-views): aggregate, not about this shopper
    expect(index.popularityOf('S1', T0)).toBeGreaterThan(history().popularityOf('S1', T0));

    for (const id of ['S1', 'S1', 'F3']) index.ingest(view(id, 'yes', T0 - 50_000, 'changes-mind'));
    const svc = service(index);
    const [before] = (await ask(svc, [{ placement: 'home-for-you', limit: 4 }], 'changes-mind')).results;
    expect(personalReasons(before).length).toBeGreaterThan(0);
    index.ingest(refused(view('F1', 'yes', T0 - 40_000, 'changes-mind')));
    const [after] = (await ask(svc, [{ placement: 'home-for-you', limit: 4 }], 'changes-mind')).results;
    expect(personalReasons(after)).toEqual([]);
    // consent given again: as many new events as before the withdrawal must not bring back the answer cached then
    for (const id of ['C1', 'C1', 'C2']) index.ingest(view(id, 'yes', T0 - 30_000, 'changes-mind'));
    const [again] = (await ask(svc, [{ placement: 'home-for-you', limit: 4 }], 'changes-mind')).results;
    expect(again.items.map((i) => i.reason).filter((r) => /Nord/.test(r ?? ''))).toEqual([]);
  });

  it('rejects an unknown placement by name and a limit above the placement\'s maximum', async () => {
    const svc = service();
    await expect(ask(svc, [{ placement: 'home-trending' }, { placement: 'nope' }])).rejects.toMatchObject({
      code: 'unknown_placement', field: 'placements.1.placement', message: expect.stringContaining('"nope"'),
    });
    await expect(ask(svc, [{ placement: 'cart-add-ons', limit: 21 }])).rejects.toBeInstanceOf(RecommendError);
  });

  it('serves hot answers from the cache and misses after a catalog change', async () => {
    const index = history();
    const counts = { hit: 0, miss: 0 };
    const svc = createRecommendationService({
      index: () => index, placements: parsePlacements({}, DEFAULT_PLACEMENTS), cache: memoryAnswerCache(),
      onCache: (hit) => void counts[hit ? 'hit' : 'miss']++,
    });
    const first = await ask(svc, [{ placement: 'pdp-similar', items: ['F1'], limit: 3 }], 'a');
    await ask(svc, [{ placement: 'pdp-similar', items: ['F1'], limit: 3 }], 'b');
    expect(counts).toEqual({ hit: 1, miss: 1 });
    expect(first.results[0].items[0].id).toBe('F2');
    index.upsertProducts([{ ...catalog[1], inStock: false }]);
    const after = await ask(svc, [{ placement: 'pdp-similar', items: ['F1'], limit: 3 }], 'a');
    expect(counts.miss).toBe(2);
    expect(after.results[0].items.map((i) => i.id)).not.toContain('F2');
  });

  it('follows the shopper\'s own events on cached answers: a product put in the cart leaves the next answer', async () => {
    const index = history();
    const svc = service(index);
    const before = (await ask(svc, [{ placement: 'pdp-similar', items: ['F1'], limit: 3 }], 'shopper-x')).results[0];
    expect(before.items[0].id).toBe('F2');
    index.ingest(addToCart('F2', 'shopper-x', T0));
    const after = (await ask(svc, [{ placement: 'pdp-similar', items: ['F1'], limit: 3 }], 'shopper-x')).results[0];
    expect(after.items.map((i) => i.id)).not.toContain('F2');
    expect(after.items.map((i) => i.features.rank)).toEqual([0, 1, 2]);
    // Another shopper still gets F2 from the same cached list.
    expect((await ask(svc, [{ placement: 'pdp-similar', items: ['F1'], limit: 3 }], 'shopper-y')).results[0].items[0].id).toBe('F2');
  });

  it('hands out the same frozen items for the same cached answer, and shared copies of candidates moved up a rank', async () => {
    const index = history();
    const svc = service(index);
    const one = (await ask(svc, [{ placement: 'pdp-similar', items: ['F1'], limit: 3 }], 'a')).results[0];
    const two = (await ask(svc, [{ placement: 'pdp-similar', items: ['F1'], limit: 3 }], 'b')).results[0];
    expect(two.items).toBe(one.items);
    expect(Object.isFrozen(one.items)).toBe(true);
    expect(two.requestId).not.toBe(one.requestId);
    index.ingest(addToCart('F2', 'c', T0));
    index.ingest(addToCart('F2', 'd', T0));
    const c = (await ask(svc, [{ placement: 'pdp-similar', items: ['F1'], limit: 3 }], 'c')).results[0];
    const d = (await ask(svc, [{ placement: 'pdp-similar', items: ['F1'], limit: 3 }], 'd')).results[0];
    expect(c.items.map((i) => i.id)).toEqual(d.items.map((i) => i.id));
    expect(c.items[0]).toBe(d.items[0]);
    expect(c.items[0]).toMatchObject({ id: one.items[1].id, features: { ...one.items[1].features, rank: 0 } });
  });

  it('keeps a shopper\'s A/B variant when they sign in mid-visit (the variant follows the anonymous id)', async () => {
    const placements = parsePlacements({ 'pdp-similar': { ...DEFAULT_PLACEMENTS['pdp-similar'], split: { variants: [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }] } } }, DEFAULT_PLACEMENTS);
    const svc = service(history(), placements);
    const variant = async (shopper: { anonymousId?: string; userId?: string }) => (await svc.recommend({
      siteKey: 'pk_test', shopper, placements: [{ placement: 'pdp-similar', items: ['F1'], limit: 3 }], now: T0,
    })).results[0].variant;
    const switched: string[] = [];
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 40; i++) {
      const before = await variant({ anonymousId: `visitor-${i}` });
      seen.add(before);
      if (await variant({ anonymousId: `visitor-${i}`, userId: `customer-${i}` }) !== before) switched.push(`visitor-${i}`);
    }
    expect(switched).toEqual([]);
    expect(seen).toEqual(new Set(['a', 'b'])); // both arms are handed out
    // a customer known only by user id (an email) still gets a stable variant
    expect(await variant({ userId: 'customer-1' })).toBe(await variant({ userId: 'customer-1' }));
  });
});
