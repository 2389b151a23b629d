/**
 * A misspelt field in a JSON request body is refused with a 400 that names it and the accepted fields, instead of
 * being dropped (a typo'd `productIds` used to answer 200 with non-personalised results). Event properties stay free-form,
 * and the SDK's own request bodies (built by its client code) are accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchBatch } from '../../../sdk-core/src/recommend/transport.js';
import { batchBody } from '../../../sdk-core/src/tracking/batch.js';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const catalog = [makeProduct('F1'), makeProduct('F2'), makeProduct('F3')];

describe('unknown fields in request bodies', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ products: catalog });
  });
  afterAll(async () => adapter?.close());

  const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${adapter.url}${path}`, {
    method, body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': 'anon-typo', 'content-type': 'application/json', ...headers },
  });
  const refusal = async (response: Response) => ({ status: response.status, ...(await response.json() as { error: { code: string; field?: string; message: string } }).error });

  it('POST /v1/recommendations: productIds instead of items names the field and the accepted ones (was 200, not personalised)', async () => {
    const response = await send('POST', '/v1/recommendations', { placements: [{ placement: 'pdp-similar', productIds: ['F1'] }] });
    expect(await refusal(response)).toEqual({
      status: 400, code: 'unknown_field', field: 'placements.0.productIds',
      message: 'placements.0.productIds is not a known field; accepted fields: placement, items, limit',
    });
    const top = await refusal(await send('POST', '/v1/recommendations', { placements: [{ placement: 'pdp-similar' }], allowDuplicate: true }));
    expect(top).toMatchObject({ status: 400, code: 'unknown_field', field: 'allowDuplicate' });
    expect(top.message).toContain('accepted fields: placements, allowDuplicates');
    // the right spelling still works
    expect((await send('POST', '/v1/recommendations', { placements: [{ placement: 'pdp-similar', items: ['F1'], limit: 2 }], allowDuplicates: true })).status).toBe(200);
  });

  it('the browser client\'s own recommendation request is accepted (fields it leaves undefined, allowDuplicates)', async () => {
    const results = await fetchBatch({ endpoint: adapter.url, siteKey: adapter.siteKey, anonymousId: () => 'anon-sdk', timeoutMs: 5000 } as never, {
      placements: [{ placement: 'pdp-similar', items: ['F1'], limit: undefined }, { placement: 'home-trending', items: undefined, limit: 2 }],
      allowDuplicates: true,
    });
    expect(results.map((r) => r?.placement)).toEqual(['pdp-similar', 'home-trending']);
  });

  it('POST /v1/events: a batch field the adapter does not know never costs the events in it; free-form properties are kept; the SDK\'s batch body is accepted', async () => {
    // a newer SDK's batch field (here a made-up one) must not make an older adapter refuse, and the device dead-letter, its events
    const newer = await send('POST', '/v1/events', { events: [makeEvent('page_view')], compression: 'none' });
    expect(newer.status).toBe(200);
    expect(await newer.json()).toMatchObject({ accepted: 1, rejected: 0 });
    // extra properties on an event are kept, as documented
    const event = makeEvent('add_to_cart', { properties: { productId: 'F1', quantity: 1, coupon: 'AUTUMN', gift: { wrapped: true } } });
    const sdkBody = batchBody([JSON.stringify(event)], new Date().toISOString(), 3);
    const accepted = await send('POST', '/v1/events', sdkBody, { 'content-type': 'text/plain' });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ accepted: 1, rejected: 0 });
    const [stored] = await adapter.storedEvents({ type: 'add_to_cart' });
    expect(stored!.event.properties).toMatchObject({ coupon: 'AUTUMN', gift: { wrapped: true } });
  });

  it('PUT /v1/admin/catalog: a { products } feed with another top-level field is refused and changes nothing', async () => {
    const response = await send('PUT', `/v1/admin/catalog?site=${adapter.siteKey}`, { products: [makeProduct('ONLY-1')], fullFeed: false }, { authorization: `Bearer ${adapter.adminKey}` });
    const error = await refusal(response);
    expect(error).toMatchObject({ status: 400, code: 'unknown_field', field: 'fullFeed' });
    expect(error.message).toMatch(/^fullFeed is not a known field; accepted fields: products/);
    expect(await adapter.store.catalog.get(adapter.siteKey, ['ONLY-1'])).toEqual([]);
    expect((await adapter.store.catalog.get(adapter.siteKey, ['F1']))[0]!.inStock).toBe(true);
  });

  it('POST /v1/admin/email/sign: unknown fields of the body and of params are refused, naming them', async () => {
    const auth = { authorization: `Bearer ${adapter.adminKey}` };
    const inParams = await refusal(await send('POST', '/v1/admin/email/sign', { params: { user: 'cust-1', colums: 3 } }, auth));
    // the code the README documents for every contract-checked body (it was `invalid_body` here alone)
    expect(inParams).toMatchObject({ status: 400, code: 'unknown_field', field: 'params.colums' });
    expect(inParams.message).toMatch(/^params\.colums is not a known field; accepted fields: user, placement, layout, columns,/);
    const top = await refusal(await send('POST', '/v1/admin/email/sign', { params: { user: 'cust-1' }, expiresIn: 3600 }, auth));
    expect(top).toMatchObject({ status: 400, code: 'unknown_field', field: 'expiresIn', message: 'expiresIn is not a known field; accepted fields: params, expiresInSeconds' });
    expect((await send('POST', '/v1/admin/email/sign', { params: { user: 'cust-1', columns: 3 }, expiresInSeconds: 3600 }, auth)).status).toBe(200);
  });
});
