/**
 * A page on a shop's origin must be able to read every error the adapter answers it (the message says what to fix),
 * not only the successes: with no CORS headers the browser shows a bare CORS failure instead. Real adapter on loopback.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import type { AppEnv } from '../../src/index.js';

const SHOP = 'https://www.shop.example';
const OTHER_SHOP = 'https://www.other-shop.example';
const STRANGER = 'https://evil.example';

const failing = () => new Hono<AppEnv>().get('/v1/test/boom', () => {
  throw new Error('a bug');
});

describe('error answers carry the CORS headers of the origin', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({
      allowedOrigins: [SHOP], routers: [failing],
      config: { maxBodyBytes: 1024, sites: [{ siteKey: 'pk_other_shop', name: 'Other', allowedOrigins: [OTHER_SHOP], settings: {} }] },
    });
  });
  afterAll(async () => adapter?.close());

  const events = (origin: string, siteKey: string, body = '{"events":[]}') => fetch(`${adapter.url}/v1/events`, {
    method: 'POST', headers: { origin, 'x-focal-site-key': siteKey, 'content-type': 'application/json' }, body,
  });
  const readable = async (response: Response, origin: string) => ({
    status: response.status,
    allowOrigin: response.headers.get('access-control-allow-origin'),
    credentials: response.headers.get('access-control-allow-credentials'),
    code: ((await response.json()) as { error: { code: string } }).error.code,
    origin,
  });

  it('a wrong site key (well-formed, no such site) answers its 401 readable by the shop', async () => {
    // was 401 without Access-Control-Allow-Origin: the developer saw "CORS error", never "site key ... is not known"
    expect(await readable(await events(SHOP, 'pk_typo_in_key'), SHOP))
      .toEqual({ status: 401, allowOrigin: SHOP, credentials: 'true', code: 'unknown_site_key', origin: SHOP });
    expect(await readable(await events(SHOP, 'not a key'), SHOP))
      .toEqual({ status: 401, allowOrigin: SHOP, credentials: 'true', code: 'unknown_site_key', origin: SHOP });
  });

  it('a preflight for a request with a wrong key in the query passes, and the answer (401) is readable', async () => {
    const preflight = await fetch(`${adapter.url}/v1/events?siteKey=pk_typo_in_key`, {
      method: 'OPTIONS', headers: { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([204, SHOP]);
    const response = await fetch(`${adapter.url}/v1/events?siteKey=pk_typo_in_key`, {
      method: 'POST', headers: { origin: SHOP, 'content-type': 'application/json' }, body: '{"events":[]}',
    });
    expect(await readable(response, SHOP)).toMatchObject({ status: 401, allowOrigin: SHOP, code: 'unknown_site_key' });
  });

  it('the key of a site that lists other origins answers its 403 readable by a shop another site allows', async () => {
    // a staging page using the production key: "origin ... is not in the allowed origins of site ..."
    expect(await readable(await events(OTHER_SHOP, adapter.siteKey), OTHER_SHOP))
      .toEqual({ status: 403, allowOrigin: OTHER_SHOP, credentials: 'true', code: 'origin_not_allowed', origin: OTHER_SHOP });
  });

  it('400, 404, 413 and 500 answers are readable', async () => {
    expect(await readable(await events(SHOP, adapter.siteKey, '{"events":'), SHOP)).toMatchObject({ status: 400, allowOrigin: SHOP });
    expect(await readable(await events(SHOP, adapter.siteKey, JSON.stringify({ events: [], pad: 'x'.repeat(2000) })), SHOP))
      .toMatchObject({ status: 413, allowOrigin: SHOP, code: 'payload_too_large' });
    const missing = await fetch(`${adapter.url}/v1/nothing-here`, { headers: { origin: SHOP, 'x-focal-site-key': adapter.siteKey } });
    expect(await readable(missing, SHOP)).toMatchObject({ status: 404, allowOrigin: SHOP, code: 'not_found' });
    const boom = await fetch(`${adapter.url}/v1/test/boom`, { headers: { origin: SHOP, 'x-focal-site-key': adapter.siteKey } });
    expect(await readable(boom, SHOP)).toMatchObject({ status: 500, allowOrigin: SHOP, code: 'internal' });
  });

  it('an origin no site allows reads no answer, error or not', async () => {
    expect(await readable(await events(STRANGER, 'pk_typo_in_key'), STRANGER)).toMatchObject({ status: 401, allowOrigin: null, credentials: null });
    expect(await readable(await events(STRANGER, adapter.siteKey), STRANGER)).toMatchObject({ status: 403, allowOrigin: null, credentials: null });
    const preflight = await fetch(`${adapter.url}/v1/events?siteKey=${adapter.siteKey}`, {
      method: 'OPTIONS', headers: { origin: STRANGER, 'access-control-request-method': 'POST' },
    });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([403, null]);
  });

});

describe('429 answers carry the CORS headers of the origin', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ allowedOrigins: [SHOP], config: { rateLimit: { max: 2, windowSeconds: 60 } } });
  });
  afterAll(async () => adapter?.close());

  it('for the site key and for a wrong one, with Retry-After exposed', async () => {
    for (const siteKey of [adapter.siteKey, 'pk_typo_in_key']) {
      const answers: [number, string | null, string | null][] = [];
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${adapter.url}/v1/events`, {
          method: 'POST', headers: { origin: SHOP, 'x-focal-site-key': siteKey, 'content-type': 'application/json' }, body: '{"events":[]}',
        });
        answers.push([response.status, response.headers.get('access-control-allow-origin'), response.headers.get('access-control-expose-headers')]);
      }
      expect([siteKey, answers.at(-1)]).toEqual([siteKey, [429, SHOP, 'x-request-id, retry-after']]);
    }
  });
});
