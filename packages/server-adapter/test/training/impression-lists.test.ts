import { describe, expect, it } from 'vitest';
import type { FocalEvent, Product } from '@focal/sdk-core/contracts';
import { FEATURE_NAMES } from '@focal/sdk-core/ranking';
import { impressionLists } from '../../src/training/impression-lists.js';
import { siteScoped } from '../../src/training/train-events.js';

const product = (id: string, cat: string): Product => ({ id, title: id, url: `/p/${id}`, price: 100, currency: 'EUR', categoryPath: [cat, 'x'], brand: 'b', inStock: true });
const products = [product('A', 'Frames'), product('B', 'Frames'), product('C', 'Cases'), product('D', 'Lenses')];
let n = 0;
const ev = (sessionId: string, second: number, type: string, properties: Record<string, unknown>) => ({
  id: `0190a000-0000-7000-8000-${String(++n).padStart(12, '0')}`, type, createdAt: new Date(Date.UTC(2026, 10, 1, 10, 0, second)).toISOString(),
  anonymousId: `anon-${sessionId}`, sessionId, consent: { analytics: true, personalization: true }, properties,
}) as FocalEvent;
const imp = (s: string, sec: number, requestId: string, productId: string, position: number) =>
  ev(s, sec, 'rec_impression', { requestId, placement: 'pdp-similar', productId, position });

const events: FocalEvent[] = [
  ev('s1', 0, 'product_view', { productId: 'A' }),
  imp('s1', 1, 'R1', 'B', 0), imp('s1', 1, 'R1', 'C', 1), imp('s1', 1, 'R1', 'D', 2),
  ev('s1', 2, 'rec_click', { requestId: 'R1', placement: 'pdp-similar', productId: 'C', position: 1 }),
  ev('s1', 3, 'product_view', { productId: 'C', requestId: 'R1' }),
  ev('s1', 4, 'add_to_cart', { productId: 'C', quantity: 1 }),
  imp('s1', 5, 'R3', 'C', 0), imp('s1', 5, 'R3', 'B', 1),
  ev('s1', 6, 'rec_click', { requestId: 'R3', placement: 'pdp-similar', productId: 'B', position: 1 }),
  imp('s2', 7, 'R2', 'B', 0), imp('s2', 7, 'R2', 'C', 1),
];
const col = (name: string) => FEATURE_NAMES.indexOf(name);
const f = (x: Float32Array, row: number, name: string) => x[row * FEATURE_NAMES.length + col(name)];

describe('impressionLists', () => {
  const { lists, stats } = impressionLists([...events].reverse(), products);
  const byId = new Map(lists.map((l) => [l.requestId, l]));

  it('makes one list per request, positives graded by click < add-to-cart', () => {
    expect(stats).toMatchObject({ requests: 3, lists: 3, candidates: 7, positives: 2 });
    expect(byId.get('R1')!.ids).toEqual(['B', 'C', 'D']);
    expect([...byId.get('R1')!.labels]).toEqual([0, 2, 0]);
    expect([...byId.get('R3')!.labels]).toEqual([0, 1]);
    expect([...byId.get('R2')!.labels]).toEqual([0, 0]);
  });

  it('computes features from the session as it was before the request', () => {
    const r1 = byId.get('R1')!.x;
    expect(f(r1, 1, 'in_cart')).toBe(0);
    expect(f(r1, 0, 'impressions_without_click')).toBe(0);
    expect(f(r1, 0, 'last_view_similarity')).toBeGreaterThan(f(r1, 2, 'last_view_similarity')); // B shares A's category
    expect(f(r1, 0, 'server_rank_reciprocal')).toBe(1);
    const r3 = byId.get('R3')!.x; // after: C viewed and in the cart, B shown once without a click
    expect(f(r3, 0, 'in_cart')).toBe(1);
    expect(f(r3, 0, 'item_views')).toBeCloseTo(Math.log(2), 6);
    expect(f(r3, 1, 'impressions_without_click')).toBeCloseTo(Math.log(2), 6);
    const r2 = byId.get('R2')!.x; // another session: nothing carried over
    expect(f(r2, 1, 'in_cart')).toBe(0);
  });

  it('uses the server features an impression logged instead of rebuilding them', () => {
    const served = { score: 7.5, rank: 4, popularity: Math.E - 1, cooccurrence: 0, ageDays: 0, strategyScores: { 'co-view': 7.5 } };
    const logged = [ev('s9', 0, 'rec_impression', { requestId: 'R9', placement: 'home-for-you', productId: 'B', position: 0, features: served }), imp('s9', 0, 'R9', 'C', 1)];
    const [list] = impressionLists(logged, products).lists;
    expect(f(list.x, 0, 'server_score')).toBe(7.5);
    expect(f(list.x, 0, 'server_rank_reciprocal')).toBeCloseTo(0.2, 6);
    expect(f(list.x, 0, 'log_popularity')).toBeCloseTo(1, 6);
    expect(f(list.x, 1, 'server_score')).toBe(0); // not logged: unknown (the blend's score cannot be rebuilt)
    expect(f(list.x, 1, 'server_rank_reciprocal')).toBe(0.5); // rebuilt: the logged position
  });

  it('a shopper who refused personalisation: the list has no session signals, as the device kept none for them', () => {
    const refused = (e: FocalEvent) => ({ ...e, consent: { analytics: true, personalization: false } }) as FocalEvent;
    const log = [
      ev('s7', 0, 'product_view', { productId: 'A' }), ev('s7', 1, 'add_to_cart', { productId: 'B', quantity: 1 }),
      imp('s7', 2, 'R7', 'B', 0), imp('s7', 2, 'R7', 'C', 1),
      ev('s7', 3, 'rec_click', { requestId: 'R7', placement: 'pdp-similar', productId: 'B', position: 0 }),
    ];
    const personal = impressionLists(log, products).lists[0].x;
    expect(f(personal, 0, 'in_cart')).toBe(1); // with consent, the view and the cart count
    const [list] = impressionLists(log.map(refused), products).lists;
    expect([...list.labels]).toEqual([1, 0]); // the click still teaches the server features' part
    for (const name of ['in_cart', 'item_views', 'last_view_similarity', 'session_similarity', 'category_view_share', 'brand_view_share']) {
      expect([name, f(list.x, 0, name)]).toEqual([name, 0]);
    }
    expect(f(list.x, 0, 'price_fit')).toBe(0.5); // no price band
  });

  it('two sites sharing product ids (each its own prices, currency, categories): each site\'s lists get the features it would alone', () => {
    // the same SKUs in a German (EUR) and a Swiss (CHF) store; the Swiss catalog files B under another category, dearer
    const de = [product('A', 'Frames'), product('B', 'Frames'), product('C', 'Cases')];
    const ch = [{ ...product('A', 'Frames'), price: 180, currency: 'CHF' }, { ...product('B', 'Etuis'), price: 90, currency: 'CHF' }, { ...product('C', 'Etuis'), price: 30, currency: 'CHF' }];
    const deEvents = [ev('de1', 0, 'product_view', { productId: 'A' }), imp('de1', 1, 'RDE', 'B', 0), imp('de1', 1, 'RDE', 'C', 1)];
    const chEvents = [ev('ch1', 0, 'product_view', { productId: 'A' }), imp('ch1', 1, 'RCH', 'B', 0), imp('ch1', 1, 'RCH', 'C', 1)];
    const both = siteScoped(new Map([['pk_de', { events: deEvents, products: de }], ['pk_ch', { events: chEvents, products: ch }]]));
    const lists = new Map(impressionLists(both.events, both.products).lists.map((l) => [l.requestId, l]));
    const alone = (events: FocalEvent[], catalog: Product[]) => impressionLists(events, catalog).lists[0];
    expect(Array.from(lists.get('RDE')!.x)).toEqual(Array.from(alone(deEvents, de).x));
    expect(Array.from(lists.get('RCH')!.x)).toEqual(Array.from(alone(chEvents, ch).x));
    // the test has teeth: one catalog for both sites gives the German list the Swiss B
    expect(Array.from(impressionLists([...deEvents, ...chEvents], [...de, ...ch]).lists.find((l) => l.requestId === 'RDE')!.x)).not.toEqual(Array.from(alone(deEvents, de).x));
  });

  it('dates products by the store\'s listing and restock times when given, as the adapter does; else from the log\'s start', () => {
    const at = Date.UTC(2026, 10, 1, 10, 0, 1); // R1's impressions
    const day = 86_400_000;
    const listings = new Map([
      ['B', { listedAt: at - 30 * day }],
      ['C', { listedAt: at - 30 * day, restockedAt: at - 2 * day }], // came back in stock before the request
      ['D', { listedAt: at - 30 * day, restockedAt: at + day }], // a restock after the request: not known then
    ]);
    const r1 = (l?: typeof listings) => impressionLists(events, products, l).lists.find((x) => x.requestId === 'R1')!.x;
    const age = (x: Float32Array, row: number) => Math.expm1(f(x, row, 'log_age_days'));
    const dated = r1(listings);
    expect([age(dated, 0), age(dated, 1), age(dated, 2)].map((v) => +v.toFixed(3))).toEqual([30, 2, 30]);
    const undated = r1(); // no times: listed when the log starts, one second before the request
    expect([age(undated, 0), age(undated, 1), age(undated, 2)].map((v) => +(v * 86_400).toFixed(1))).toEqual([1, 1, 1]);
    // the two sites' listings follow their products' scoped ids
    const scoped = siteScoped(new Map([['pk_a', { events, products, listings }], ['pk_b', { events: [], products }]]));
    expect(scoped.listings.get('pk_a\u241fC')).toEqual({ listedAt: at - 30 * day, restockedAt: at - 2 * day });
    expect(scoped.listings.size).toBe(3);
  });
});
