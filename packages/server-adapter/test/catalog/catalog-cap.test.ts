/**
 * A site with more products than the adapter holds in memory (MAX_INDEXED_PRODUCTS, 100,000): the import says so with
 * the numbers, the adapter logs it at every load and keeps the in-stock products, and `train` reads the same ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecommendationResponse } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { SiteIndex } from '../../src/recommend/index.js';
import { MAX_INDEXED_PRODUCTS } from '../../src/store/index.js';
import { readTrainingInput } from '../../src/training/store-input.js';
import { product, view } from '../strategies/fixtures.js';

describe('a catalog larger than the adapter reads', () => {
  let adapter: TestAdapter;
  const logged: Array<{ level: string; msg: string }> = [];

  beforeAll(async () => {
    adapter = await startTestAdapter({
      logger: { info: (msg) => logged.push({ level: 'info', msg }), error: (msg) => logged.push({ level: 'error', msg }) },
    });
    // 100,000 products as a feed of the past left them: the 5 with the smallest ids out of stock
    await adapter.sql.query(
      `INSERT INTO products (site_key, id, data, in_stock, price, category)
       SELECT $1, id, jsonb_build_object('id', id, 'title', 'Product ' || id, 'url', '/p/' || id, 'price', 10, 'currency', 'EUR',
         'categoryPath', jsonb_build_array('Frames'), 'inStock', i > 5), i > 5, 10, 'Frames'
       FROM generate_series(1, $2::int) AS i, lpad(i::text, 6, '0') AS id`,
      [adapter.siteKey, MAX_INDEXED_PRODUCTS]);
  }, 120_000);
  afterAll(async () => {
    await adapter?.close();
  });

  it('import answers with the numbers; recommendations and train keep the new in-stock products, leaving out-of-stock ones out', async () => {
    const feed = ['Z1', 'Z2', 'Z3'].map((id) => product(id, { url: `/p/${id}` }));
    const response = await fetch(`${adapter.url}/v1/admin/catalog?site=${adapter.siteKey}&full=false`, {
      method: 'PUT', headers: { authorization: `Bearer ${adapter.adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(feed),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ imported: 3, siteProducts: 100_003 });
    expect(body.warning).toBe(`site ${adapter.siteKey} holds 100,003 products (99,998 in stock), more than the 100,000 the adapter's `
      + 'recommendations and focal-adapter train read: 3 are left out (0 in stock, 3 out of stock; in-stock products are read '
      + 'first, each group by id); no product in stock is left out');
    expect(logged).toContainEqual({ level: 'error', msg: `catalog import: ${body.warning}` });

    // the adapter's index: loaded on the first request, with a log line saying what it left out
    const answer = await fetch(`${adapter.url}/v1/recommendations?placement=home-trending&limit=3`, {
      headers: { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': 'cap-shopper' },
    });
    expect(answer.status).toBe(200);
    RecommendationResponse.parse(await answer.json());
    expect(logged).toContainEqual({ level: 'error', msg: `recommendations: catalog cut: ${body.warning}` });

    const warnings: string[] = [];
    const index = new SiteIndex(adapter.store, adapter.siteKey, {}, () => {}, (message) => warnings.push(message));
    await index.ready;
    expect(warnings).toEqual([`recommendations: catalog cut: ${body.warning}`]);
    expect(index.catalogSize).toEqual({ stored: 100_003, leftOut: 3 });
    expect(index.index.catalog.products.size).toBe(100_000);
    for (const id of ['Z1', 'Z2', 'Z3', '000006', '100000']) expect([id, index.index.product(id)?.inStock]).toEqual([id, true]);
    expect(['000001', '000002', '000003', '000004', '000005'].filter((id) => index.index.product(id))).toEqual(['000001', '000002']);

    await adapter.store.events.insert(adapter.siteKey, [{ event: view('Z1', 'cap-s1'), receivedAt: new Date(), eventTime: new Date() }]);
    const input = await readTrainingInput(adapter.store, adapter.siteKey);
    expect(input.warnings).toEqual([body.warning]);
    expect(input.products.map((p) => p.id).sort()).toEqual([...index.index.catalog.products.keys()].sort());
  }, 120_000);
});
