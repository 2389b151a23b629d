/**
 * The query of every admin and shopper route takes only the parameters the route reads, each once: anything else is
 * 400 `unknown_parameter` / `repeated_parameter` naming it, before anything is changed. The admin and report routes
 * used to drop a typo and go on with the defaults (`ful=false` ran a full import and took the rest of the catalog out of
 * stock; `sit=pk_b` expired the campaign of the only site; `frm=` reported the last 30 days), and a parameter given
 * twice was read once, silently. Real adapter on loopback; PGlite, and PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const BACKENDS: { name: string; databaseUrl?: string }[] = [
  { name: 'PGlite' },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', databaseUrl: process.env.DATABASE_URL }] : []),
];

interface Refusal { status: number; code: string; field?: string; message: string }

describe.each(BACKENDS)('query parameters on $name', ({ databaseUrl }) => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ products: [makeProduct('F1'), makeProduct('F2'), makeProduct('F3')], ...(databaseUrl ? { databaseUrl } : {}) });
  });
  afterAll(async () => adapter?.close());

  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: BodyInit) =>
    fetch(`${adapter.url}${path}`, { method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
  const admin = (method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}) =>
    call(method, path, { authorization: `Bearer ${adapter.adminKey}`, ...headers }, body);
  const shopper = (method: string, path: string, body?: BodyInit) =>
    call(method, path, { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': 'anon-q', 'content-type': 'application/json' }, body);
  const refusal = async (response: Response): Promise<Refusal> => ({ status: response.status, ...(await response.json() as { error: Omit<Refusal, 'status'> }).error });

  it('the admin and report routes refuse a parameter they do not read, naming it and the accepted ones', async () => {
    const site = adapter.siteKey;
    const cases = [
      ['GET', `/v1/admin/report?site=${site}&frm=2026-11-01`, 'frm', 'GET /v1/admin/report takes site, from, to, placement'],
      ['GET', `/v1/admin/events?site=${site}&typ=purchase`, 'typ', 'GET /v1/admin/events takes site, from, to, type, after'],
      ['PUT', `/v1/admin/catalog?site=${site}&ful=false`, 'ful', 'PUT /v1/admin/catalog takes site, format, delimiter, full'],
      ['POST', `/v1/admin/email/campaigns/autumn/expire?sit=${site}`, 'sit', 'POST /v1/admin/email/campaigns/:campaign/expire takes site'],
      ['POST', '/v1/admin/email/sign?user=cust-1', 'user', 'POST /v1/admin/email/sign takes no query parameters'],
    ] as const;
    for (const [method, path, name, takes] of cases) {
      const body = method === 'PUT' ? JSON.stringify([makeProduct('NEW-1')]) : method === 'POST' ? JSON.stringify({ params: { user: 'cust-1' } }) : undefined;
      expect(await refusal(await admin(method, path, body, { 'content-type': 'application/json' })), path).toEqual({
        status: 400, code: 'unknown_parameter', field: name, message: `unknown query parameter "${name}"; ${takes}`,
      });
    }
    // nothing happened: the feed was not imported (and the products it did not list were not taken out of stock), the
    // campaign was not expired
    expect(await adapter.store.catalog.get(site, ['NEW-1'])).toEqual([]);
    expect((await adapter.store.catalog.get(site, ['F1', 'F2', 'F3'])).map((p) => p.inStock)).toEqual([true, true, true]);
    const expired = await admin('POST', `/v1/admin/email/campaigns/autumn/expire?site=${site}`);
    expect(await expired.json()).toMatchObject({ campaign: 'autumn', alreadyExpired: false });
    // the right spellings still work
    expect((await admin('GET', `/v1/admin/report?site=${site}&from=2026-11-01&to=2026-11-02&placement=pdp-similar`)).status).toBe(200);
    expect((await admin('GET', `/v1/admin/events?site=${site}&type=purchase&after=0&from=2026-01-01&to=2027-01-01`)).status).toBe(200);
  });

  it('the dashboard (logged in) answers a page naming the unknown parameter, not the default range', async () => {
    const login = await call('POST', '/admin/login', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ key: adapter.adminKey }));
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await call('GET', `/admin?site=${adapter.siteKey}&frm=2026-11-01`, { cookie });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('unknown query parameter &quot;frm&quot;; GET /admin takes site, from, to, placement');
    // what the dashboard's own form sends (empty fields included)
    expect((await call('GET', `/admin?site=${adapter.siteKey}&from=&to=&placement=`, { cookie })).status).toBe(200);
  });

  it('a parameter read once, given twice, is refused naming it (the first one was used without a word)', async () => {
    const site = adapter.siteKey;
    const full = await refusal(await admin('PUT', `/v1/admin/catalog?site=${site}&full=false&full=true`, JSON.stringify([makeProduct('NEW-2')]), { 'content-type': 'application/json' }));
    expect(full).toEqual({
      status: 400, code: 'repeated_parameter', field: 'full', message: 'query parameter "full" is given more than once; PUT /v1/admin/catalog reads one full: send it once',
    });
    expect(await adapter.store.catalog.get(site, ['NEW-2'])).toEqual([]);
    expect(await refusal(await admin('GET', `/v1/admin/report?site=${site}&from=2026-01-01&from=2026-02-01`))).toMatchObject({ status: 400, code: 'repeated_parameter', field: 'from' });
    expect(await refusal(await shopper('GET', '/v1/recommendations?placement=pdp-similar&limit=2&limit=3'))).toMatchObject({ status: 400, code: 'repeated_parameter', field: 'limit' });
    expect(await refusal(await shopper('GET', '/v1/recommendations?placement=pdp-similar&anonymousId=a&anonymousId=b'))).toMatchObject({ status: 400, code: 'repeated_parameter', field: 'anonymousId' });
    // placement and items are read whole, however often they come
    const several = await shopper('GET', '/v1/recommendations?placement=pdp-similar&placement=home-trending&items=F1&items=F2');
    expect(several.status).toBe(200);
    expect((await several.json() as { results: unknown[] }).results).toHaveLength(2);
  });

  it('the shopper routes refuse what they do not read; DELETE /v1/profiles/me?userId= erases nothing', async () => {
    const stored = await shopper('POST', '/v1/events', JSON.stringify({ events: [makeEvent('page_view', { anonymousId: 'anon-q' })] }));
    expect(await stored.json()).toMatchObject({ accepted: 1 });
    const erase = await refusal(await shopper('DELETE', '/v1/profiles/me?userId=u-9'));
    expect(erase).toEqual({
      status: 400, code: 'unknown_parameter', field: 'userId', message: 'unknown query parameter "userId"; DELETE /v1/profiles/me takes anonymousId, siteKey',
    });
    expect(await adapter.storedEvents()).toHaveLength(1);
    expect(await refusal(await shopper('GET', '/v1/profiles/me?foo=1'))).toMatchObject({ status: 400, code: 'unknown_parameter', field: 'foo' });
    expect(await refusal(await shopper('GET', '/v1/profiles/me/export?format=csv'))).toMatchObject({ status: 400, code: 'unknown_parameter', field: 'format' });
    // a POST's limit goes in its body: in the query it was dropped (12 products came for ?limit=1)
    const post = await refusal(await shopper('POST', '/v1/recommendations?limit=1', JSON.stringify({ placements: [{ placement: 'pdp-similar' }] })));
    expect(post).toEqual({
      status: 400, code: 'unknown_parameter', field: 'limit', message: 'unknown query parameter "limit"; POST /v1/recommendations takes anonymousId, siteKey',
    });
    expect((await shopper('GET', '/v1/profiles/me?anonymousId=anon-q')).status).toBe(200);
  });

  it('GET /v1/admin/events of a site that does not exist is 404 naming it (it answered an empty export, as "no events yet")', async () => {
    expect(await refusal(await admin('GET', '/v1/admin/events?site=pk_tset_typo'))).toEqual({
      status: 404, code: 'unknown_site', field: 'site', message: 'site "pk_tset_typo" is not known to this adapter (and no event of it is stored); check the site key',
    });
    // a known site with nothing in the range is an empty export, as before
    const empty = await admin('GET', `/v1/admin/events?site=${adapter.siteKey}&from=1999-01-01&to=1999-01-02`);
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe('');
  });

  it('an empty range of GET /v1/admin/events and an empty format= of PUT /v1/admin/catalog are refused, naming them (were: an empty export; the format guessed)', async () => {
    expect(await refusal(await admin('GET', `/v1/admin/events?site=${adapter.siteKey}&from=2026-02-01&to=2026-01-01`))).toEqual({
      status: 400, code: 'invalid_query', field: 'from', message: 'from (2026-02-01) must be before to (2026-01-01): from is inclusive, to exclusive',
    });
    const format = await refusal(await admin('PUT', `/v1/admin/catalog?site=${adapter.siteKey}&format=`, JSON.stringify([makeProduct('NEW-3')]), { 'content-type': 'application/json' }));
    expect(format).toEqual({ status: 400, code: 'invalid_query', field: 'format', message: 'format must be json, ndjson or csv; got ""' });
    expect(await adapter.store.catalog.get(adapter.siteKey, ['NEW-3'])).toEqual([]);
  });

  it('POST /v1/admin/email/sign reads its body within the size limit and names malformed JSON', async () => {
    // a chunked body has no Content-Length to refuse up front: it was read whole and signed into a 3 MB URL
    const big = JSON.stringify({ params: { user: 'cust-1', heading: 'x'.repeat(3_000_000) } });
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const response = await fetch(`${adapter.url}/v1/admin/email/sign`, {
      method: 'POST', body: chunked, duplex: 'half', headers: { authorization: `Bearer ${adapter.adminKey}`, 'content-type': 'application/json' },
    } as RequestInit);
    expect(await refusal(response)).toMatchObject({ status: 413, code: 'payload_too_large' });
    const malformed = await refusal(await admin('POST', '/v1/admin/email/sign', '{"params":', { 'content-type': 'application/json' }));
    expect(malformed).toMatchObject({ status: 400, code: 'invalid_json' });
    expect(malformed.message).toMatch(/^request body is not valid JSON \(.+\); send a JSON document$/);
    // and an empty currency is not signed into a URL (it rendered the site's currency, silently)
    expect(await refusal(await admin('POST', '/v1/admin/email/sign', JSON.stringify({ params: { user: 'cust-1', currency: '' } }), { 'content-type': 'application/json' })))
      .toMatchObject({ status: 400, code: 'invalid_query', field: 'currency' });
  });
});
