import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecommendationBatchResponse, RecommendationResponse, type FocalEvent } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { detectPgvector } from '../../src/recommend/index.js';
import { product, purchase, view } from '../strategies/fixtures.js';

const catalog = [
  product('F1', { title: 'Aria Round', categoryPath: ['Frames', 'Optical frames', 'Round'], brand: 'Aria' }),
  product('F2', { title: 'Aria Round Slim', categoryPath: ['Frames', 'Optical frames', 'Round'], brand: 'Aria' }),
  product('F3', { title: 'Nord Square', categoryPath: ['Frames', 'Optical frames', 'Square'], brand: 'Nord' }),
  product('L1', { title: 'Blue-light lenses', categoryPath: ['Lenses', 'Prescription lenses'] }),
  product('C1', { title: 'Hard case', categoryPath: ['Accessories', 'Cases'] }),
  product('C2', { title: 'Cloth', categoryPath: ['Accessories', 'Cleaning cloths'], inStock: false }),
];

describe('GET/POST /v1/recommendations through the real adapter', () => {
  let adapter: TestAdapter;
  const headers = () => ({ 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': 'anon-route-test' });
  const get = (query: string, extra: Record<string, string> = {}) => fetch(`${adapter.url}/v1/recommendations?${query}`, { headers: { ...headers(), ...extra } });
  const post = (body: unknown) => fetch(`${adapter.url}/v1/recommendations`, {
    method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const send = async (events: FocalEvent[]) => {
    const response = await fetch(`${adapter.url}/v1/events`, {
      method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify({ events }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).accepted).toBe(events.length);
  };

  beforeAll(async () => {
    adapter = await startTestAdapter({
      products: catalog,
      config: {
        sites: [
          { siteKey: 'pk_test_custom', name: 'Custom', allowedOrigins: [], settings: { placements: {
            'checkout-extras': { strategies: { popular: 1 }, filters: { categories: ['Accessories', 'Lenses'] }, limit: { default: 2, max: 3 } },
          } } },
          { siteKey: 'pk_test_broken', name: 'Broken', allowedOrigins: [], settings: { placements: { 'x-y': { strategies: { magic: 1 } } } } },
        ],
      },
    });
    await adapter.store.catalog.upsert('pk_test_custom', catalog);
  });
  afterAll(async () => {
    await adapter?.close();
  });

  it('answers a cold start with a requestId, strategy and candidates that fit the contract', async () => {
    const response = await get('placement=pdp-similar&items=F1&limit=3');
    expect(response.status).toBe(200);
    const body = RecommendationResponse.parse(await response.json());
    expect(body.placement).toBe('pdp-similar');
    expect(body.requestId.length).toBeGreaterThan(0);
    expect(body.items[0]).toMatchObject({ id: 'F2', reason: 'Similar to Aria Round', strategy: 'similar' });
    expect(body.items.map((i) => i.id)).not.toContain('C2');
    const unknown = RecommendationResponse.parse(await (await get('placement=pdp-similar&items=NOT-IN-CATALOG&limit=3')).json());
    expect(unknown.items).toHaveLength(3);
  });

  it('folds ingested events in before the next answer: complete-the-look learns from purchases', async () => {
    const now = Date.now() - 60_000;
    await send([
      // 4 orders: F1 with L1 twice (E = 2·2/4 = 1, smoothed lift 3/2), with C1 once (E = 1, lift 2/2).
      purchase('route-o1', 'b1', ['F1', 'L1', 'C1'], now), purchase('route-o2', 'b2', ['F1', 'L1'], now),
      purchase('route-o3', 'b4', ['C1'], now), purchase('route-o4', 'b5', ['F3'], now),
      view('F1', 'rs1', now, 'b3'), view('F3', 'rs1', now + 1000, 'b3'),
    ]);
    const body = RecommendationResponse.parse(await (await get('placement=pdp-complete-the-look&items=F1&limit=2')).json());
    expect(body.items.map((i) => [i.id, i.reason])).toEqual([['L1', 'Bought together with Aria Round'], ['C1', 'Bought together with Aria Round']]);
    expect(body.items[0].features.cooccurrence).toBeCloseTo(1.5, 10);
    expect(body.items[0].features.popularity).toBe(2);
  });

  it('answers several placements at once without repeating a product (GET repeated placement, POST batch)', async () => {
    const viaGet = RecommendationBatchResponse.parse(await (await get('placement=home-trending&placement=home-for-you&limit=2')).json());
    expect(viaGet.results.map((r) => r.placement)).toEqual(['home-trending', 'home-for-you']);
    const response = await post({ placements: [{ placement: 'pdp-similar', items: ['F1'], limit: 2 }, { placement: 'cart-add-ons', items: ['F1'] }] });
    expect(response.status).toBe(200);
    const batch = RecommendationBatchResponse.parse(await response.json());
    const ids = batch.results.flatMap((r) => r.items.map((i) => i.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(batch.results[1].items.every((i) => i.categoryPath[0] === 'Accessories')).toBe(true);
  });

  it('answers bad input with 400 and says what to fix', async () => {
    const cases: Array<[string, string, string, RegExp]> = [
      // a GET names the query parameter the developer sent, never the body path it is turned into (placements.0.…)
      ['placement=pdp-similarr', 'unknown_placement', 'placement', /"pdp-similarr" is not configured/],
      ['placement=home-trending&placement=nope', 'unknown_placement', 'placement', /"nope"/],
      ['placement=pdp-similar&limit=0', 'invalid_limit', 'limit', /whole number from 1 to 200/],
      ['placement=pdp-similar&limit=abc', 'invalid_limit', 'limit', /got "abc"/],
      ['placement=pdp-similar&limit=201', 'invalid_limit', 'limit', /1 to 200/],
      ['placement=cart-add-ons&limit=21', 'limit_out_of_range', 'limit', /maximum of 20/],
      ['placement=home-trending&placement=cart-add-ons&limit=21', 'limit_out_of_range', 'limit', /maximum of 20 for placement "cart-add-ons"/],
      [`placement=pdp-similar&items=${Array.from({ length: 51 }, (_, i) => `P${i}`).join(',')}`, 'too_many_items', 'items', /at most 50/],
      ['items=F1', 'missing_placement', 'placement', /placement=/],
      ['placement=Bad_Id', 'invalid_request', 'placement', /placement/],
    ];
    for (const [query, code, field, message] of cases) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      const { error } = await response.json();
      expect(error, query).toMatchObject({ code, field });
      expect(error.message, query).toMatch(message);
    }
    const noShopper = await fetch(`${adapter.url}/v1/recommendations?placement=pdp-similar`, { headers: { 'x-focal-site-key': adapter.siteKey } });
    expect(noShopper.status).toBe(400);
    const noSite = await fetch(`${adapter.url}/v1/recommendations?placement=pdp-similar&anonymousId=x`);
    expect(noSite.status).toBe(401);
    // a POST body names the path in the body
    const overMax = await post({ placements: [{ placement: 'home-trending' }, { placement: 'cart-add-ons', limit: 21 }] });
    expect((await overMax.json()).error).toMatchObject({ code: 'limit_out_of_range', field: 'placements.1.limit' });
    const unknownPlacement = await post({ placements: [{ placement: 'nope' }] });
    expect((await unknownPlacement.json()).error).toMatchObject({ code: 'unknown_placement', field: 'placements.0.placement' });
    const badBody = await post({ placements: [] });
    expect(badBody.status).toBe(400);
    expect((await badBody.json()).error).toMatchObject({ code: 'invalid_request', field: 'placements' });
  });

  it('refuses a query parameter it does not read, naming it and the accepted ones (limt=4 was dropped: 12 products came)', async () => {
    for (const [query, name] of [['placement=pdp-similar&items=F1&limt=4', 'limt'], ['placement=pdp-similar&item=F1', 'item'], ['placements=pdp-similar', 'placements']]) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      const { error } = await response.json();
      expect(error, query).toEqual({
        code: 'unknown_parameter', field: name,
        message: `unknown query parameter "${name}"; GET /v1/recommendations takes placement, items, limit, allowDuplicates, anonymousId, siteKey`,
      });
    }
    // what our own callers send: the SDK's beacon-style keys in the query (bench), the adapter's warm-up request
    const viaQuery = await fetch(`${adapter.url}/v1/recommendations?placement=home-trending&limit=2&allowDuplicates=false&siteKey=${adapter.siteKey}&anonymousId=anon-q`);
    expect(viaQuery.status).toBe(200);
    expect(RecommendationResponse.parse(await viaQuery.json()).items).toHaveLength(2);
    expect((await get('placement=home-trending&anonymousId=warm-up')).status).toBe(200);
  });

  it('serves placements configured in a site\'s settings, over the defaults', async () => {
    const ask = (site: string, query: string) => fetch(`${adapter.url}/v1/recommendations?${query}`, { headers: { 'x-focal-site-key': site, 'x-focal-anonymous-id': 'a' } });
    const custom = RecommendationResponse.parse(await (await ask('pk_test_custom', 'placement=checkout-extras')).json());
    expect(custom.items).toHaveLength(2);
    expect(custom.items.every((i) => ['Accessories', 'Lenses'].includes(i.categoryPath[0]))).toBe(true);
    expect((await ask('pk_test_custom', 'placement=pdp-similar&items=F1')).status).toBe(200);
    expect((await (await ask('pk_test_custom', 'placement=checkout-extras&limit=4')).json()).error.code).toBe('limit_out_of_range');
    expect((await ask(adapter.siteKey, 'placement=checkout-extras')).status).toBe(400);
    const broken = await ask('pk_test_broken', 'placement=pdp-similar');
    expect(broken.status).toBe(500);
    expect((await broken.json()).error.message).toMatch(/placements\.x-y\.strategies\.magic: unknown strategy "magic"/);
  });

  it('counts cache hits and misses in the adapter metrics', async () => {
    await get('placement=pdp-similar&items=F3&limit=2');
    await get('placement=pdp-similar&items=F3&limit=2');
    const text = await adapter.adapter.handler.context.metrics.registry.metrics();
    expect(text).toMatch(/focal_cache_requests_total\{cache="recommendations",result="hit"\} [1-9]/);
    expect(text).toMatch(/focal_cache_requests_total\{cache="recommendations",result="miss"\} [1-9]/);
  });

  it('detects that embedded PGlite has no pgvector and uses the in-process kNN', async () => {
    const support = await detectPgvector(adapter.sql);
    expect(support).toEqual({ available: false, reason: 'embedded PGlite: using the in-process kNN' });
  });
});
