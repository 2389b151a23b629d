/**
 * Redis (shared rate limits and the recommendation answer cache) going silent under a running adapter: Redis is
 * optional, so events and recommendations are still answered, at once, and the cache serves again once Redis is back.
 * Redis is reached through a TCP proxy on loopback that the test cuts and restores. Needs a Redis (REDIS_URL, default
 * redis://127.0.0.1:6379): without one it fails loudly, as the adapter would then run without Redis and prove nothing.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent, makeProduct } from '../fixtures.js';
import { startProxy, statusOf } from './tcp-proxy.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const products = Array.from({ length: 12 }, (_, i) => makeProduct(`P${i}`, { categoryPath: ['Frames', i % 2 ? 'Round' : 'Square'] }));


describe('Redis going silent under a running adapter', () => {
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let adapter: TestAdapter;
  beforeAll(async () => {
    const probe = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
    await probe.connect();
    await probe.close();
    proxy = await startProxy(new URL(REDIS_URL));
    // shared rate limits and the shared answer cache, both through the proxy
    adapter = await startTestAdapter({ products, config: { redisUrl: proxy.url, rateLimit: { max: 100_000, windowSeconds: 60 } } });
  });
  afterAll(async () => {
    proxy?.restore();
    await adapter?.close();
    await proxy?.close();
  });

  const similar = (item: string) => fetch(`${adapter.url}/v1/recommendations?placement=pdp-similar&items=${item}&limit=4`, {
    headers: { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': 'redis-shopper' }, signal: AbortSignal.timeout(3000),
  });
  const ingest = (anonymousId: string) => fetch(`${adapter.url}/v1/events`, {
    method: 'POST', headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' },
    body: JSON.stringify({ events: [makeEvent('page_view', { anonymousId })] }), signal: AbortSignal.timeout(3000),
  });
  const cacheHits = async () => {
    const text = await (await fetch(`${adapter.url}/metrics`)).text();
    return Number(/focal_cache_requests_total\{cache="recommendations",result="hit"\} (\d+)/.exec(text)?.[1] ?? 0);
  };

  it('answers events and recommendations while Redis does not answer, and caches in Redis again once it is back', async () => {
    expect(await statusOf(similar('P0'))).toBe(200);
    expect(await statusOf(ingest('before'))).toBe(200);

    proxy.silent();
    const during: (number | 'no answer')[] = [];
    for (let i = 1; i <= 4 && !during.includes('no answer'); i++) during.push(await statusOf(similar(`P${i}`)), await statusOf(ingest(`during-${i}`)));
    expect(during, 'requests while Redis is silent (no answer = left hanging)').toEqual(Array(8).fill(200));
    expect((await adapter.storedEvents()).map((e) => e.anonymousId)).toContain('during-4');

    proxy.restore();
    // once the client has reconnected, an answer asked twice comes from the shared cache the second time
    let hit = false;
    for (let i = 0; i < 40 && !hit; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const before = await cacheHits();
      expect(await statusOf(similar('P9'))).toBe(200);
      expect(await statusOf(similar('P9'))).toBe(200);
      hit = (await cacheHits()) > before;
    }
    expect(hit, 'the Redis answer cache serves again after Redis came back').toBe(true);
  }, 60_000);

  it('/healthz reports Redis: ok, then degraded (still 200: the adapter serves without it) while Redis is silent, then ok again', async () => {
    const health = async () => {
      const response = await fetch(`${adapter.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
      return { status: response.status, body: await response.json() as Record<string, unknown> };
    };
    const redisUp = async () => /^focal_redis_up (\d+)$/m.exec(await (await fetch(`${adapter.url}/metrics`)).text())?.[1];
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', redis: 'ok' } });
    expect(await redisUp()).toBe('1');

    proxy.silent();
    // a load balancer keeps the process in rotation (200), the body and the metrics tell the operator
    expect(await health()).toMatchObject({ status: 200, body: { status: 'degraded', store: expect.any(String), redis: 'unavailable' } });
    expect(await redisUp()).toBe('0');

    proxy.restore();
    let back = await health();
    for (let i = 0; i < 40 && back.body.redis !== 'ok'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      back = await health();
    }
    expect(back).toMatchObject({ status: 200, body: { status: 'ok', redis: 'ok' } });
    expect(await redisUp()).toBe('1');
  }, 60_000);
});
