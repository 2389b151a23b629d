/**
 * What a storefront's page sees while PostgreSQL does not answer: the answers it can act on (a 503 with Retry-After
 * that its script can read, not a bare CORS failure), and everything the adapter can serve without the store
 * (recommendations from memory, promotions, preflights) still served, also once the adapter's few seconds of cached
 * sites are over. The database is reached through a TCP proxy on loopback that the tests cut and restore.
 * PostgreSQL only (DATABASE_URL).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent, makeProduct } from '../fixtures.js';
import { closeBehindProxy, startProxy } from './tcp-proxy.js';

const url = process.env.DATABASE_URL;
const SHOP = 'https://www.shop.example';
const STRANGER = 'https://evil.example';
/** How long the adapter keeps a site it read before asking the store again (`createSitesCache`). */
const SITES_TTL_MS = 5000;

describe.skipIf(!url)('a storefront\'s page while PostgreSQL does not answer', () => {
  const schema = `focal_outage_page_${randomBytes(5).toString('hex')}`;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let adapter: TestAdapter;
  beforeAll(async () => {
    proxy = await startProxy(new URL(url!));
    adapter = await startTestAdapter({
      databaseUrl: proxy.url, schema, allowedOrigins: [SHOP],
      products: Array.from({ length: 6 }, (_, i) => makeProduct(`FR-00${i + 1}`)),
    });
  });
  afterEach(() => proxy.restore());
  afterAll(async () => {
    await closeBehindProxy(proxy, adapter, url!, schema);
  });

  /** A request from the shop's page: its Origin, the site key, the shopper; `no answer` when none came in time. */
  const fromPage = async (path: string, init: RequestInit & { origin?: string; waitMs?: number } = {}) => {
    const { origin = SHOP, waitMs = 15_000, ...rest } = init;
    try {
      const response = await fetch(`${adapter.url}${path}`, {
        ...rest, signal: AbortSignal.timeout(waitMs),
        headers: { origin, 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': 'shopper-1', ...rest.headers },
      });
      const text = await response.text();
      return {
        status: response.status,
        /** What a browser checks before letting the page read the answer (credentials are allowed: the origin echoed). */
        readable: response.headers.get('access-control-allow-origin') === origin && response.headers.get('access-control-allow-credentials') === 'true',
        retryAfter: response.headers.get('retry-after'),
        exposed: response.headers.get('access-control-expose-headers'),
        body: text ? JSON.parse(text) as Record<string, unknown> : undefined,
      };
    } catch {
      return 'no answer' as const;
    }
  };
  const events = (anonymousId: string) => ({
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [makeEvent('product_view', { anonymousId })] }),
  });
  const itemsOf = (answer: Awaited<ReturnType<typeof fromPage>>) => (answer === 'no answer' ? [] : (answer.body?.items as unknown[] | undefined) ?? []);

  it('once the cached sites are over, the page still gets recommendations, promotions and preflights, and reads the 503 of what needs the store', async () => {
    // the page has called before: this process read the site (and every site's origins, for a preflight)
    expect(await fromPage('/v1/events', events('warm'))).toMatchObject({ status: 200, readable: true });
    expect(await fromPage('/v1/events', { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } })).toMatchObject({ status: 204, readable: true });
    expect(itemsOf(await fromPage('/v1/recommendations?placement=home-trending'))).not.toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, SITES_TTL_MS + 100)); // past what the adapter keeps without asking the store
    proxy.silent();

    // were 503 store_unavailable without CORS headers: the site lookup failed before any route ran
    const recommendations = await fromPage('/v1/recommendations?placement=home-trending');
    expect(recommendations).toMatchObject({ status: 200, readable: true });
    expect(itemsOf(recommendations)).not.toEqual([]);
    expect(await fromPage('/v1/recommendations', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ placements: [{ placement: 'pdp-similar', items: ['FR-001'] }] }),
    })).toMatchObject({ status: 200, readable: true });
    expect(await fromPage('/v1/content?slot=home-hero')).toMatchObject({ status: 200, readable: true });
    expect(await fromPage('/v1/events', { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } })).toMatchObject({ status: 204, readable: true });

    // what needs the store: a 503 the page reads, with Retry-After exposed, so the tracker waits as told and sends again
    const storeDown = { status: 503, readable: true, retryAfter: '5', body: { error: { code: 'store_unavailable' } } };
    const ingest = await fromPage('/v1/events', events('during'));
    expect(ingest).toMatchObject(storeDown);
    expect(ingest !== 'no answer' && ingest.exposed?.split(/,\s*/)).toContain('retry-after');
    expect(await fromPage('/v1/profiles/me')).toMatchObject(storeDown);

    // an origin no site allows still reads nothing, outage or not
    expect(await fromPage('/v1/events', { ...events('stranger'), origin: STRANGER })).toMatchObject({ status: 403, readable: false });

    proxy.restore();
    let after = await fromPage('/v1/events', events('after'));
    for (let i = 0; i < 20 && (after === 'no answer' || after.status !== 200); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await fromPage('/v1/events', events('after'));
    }
    expect(after).toMatchObject({ status: 200, readable: true });
  }, 60_000);

  it('promotions answer within the browser\'s 800 ms wait while the store cannot give the shopper\'s profile', async () => {
    expect(await fromPage('/v1/content?slot=home-hero')).toMatchObject({ status: 200 }); // the site is read
    proxy.freeze(); // the connections open stop carrying anything: the profile's query gets no answer
    // was 200 only after the statement's 10 s limit, long after the promo slot gave up
    const during = await fromPage('/v1/content?slot=home-hero', { waitMs: 3000 });
    expect(during).toMatchObject({ status: 200, readable: true });
    expect(during !== 'no answer' && (during.body?.promotions as unknown[]).length).toBeGreaterThan(0);
  }, 30_000);

  it('a process that never read the site answers the page a 503 it can read, not a CORS failure', async () => {
    adapter.adapter.handler.context.auth.invalidateSites(); // as a process started just before the outage
    proxy.silent();
    const storeDown = { status: 503, readable: true, retryAfter: '5', body: { error: { code: 'store_unavailable' } } };
    // were 503 without Access-Control-Allow-Origin: the tracker saw a network error and could not read Retry-After
    expect(await fromPage('/v1/events', events('cold'))).toMatchObject(storeDown);
    expect(await fromPage('/v1/recommendations?placement=home-trending')).toMatchObject(storeDown);
    expect(await fromPage('/v1/profiles/me')).toMatchObject(storeDown);
  }, 60_000);
});
