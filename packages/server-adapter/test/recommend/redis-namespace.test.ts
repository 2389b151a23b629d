/**
 * The Redis answer cache shared by adapters on DIFFERENT stores (staging and production, two tenants) that share one
 * Redis and a site key: each must get answers computed from its own data. Keys used to be
 * `focal:rec:<siteKey>|<catalog content version>|…` only, so two stores with the same catalog (a staging copy of the
 * production catalog, the demo catalog) served each other's answers. Processes on ONE store still share the cache.
 * Needs a Redis (REDIS_URL, default redis://127.0.0.1:6379); the PostgreSQL cases need DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL;
const products = Array.from({ length: 12 }, (_, i) => makeProduct(`P${i}`, { categoryPath: ['Frames', 'Round'], brand: `B${i}` }));

/** Shoppers of this store viewed `productId` many times: it is the store's trending product. */
const viewsOf = async (adapter: TestAdapter, siteKey: string, productId: string) => {
  const events = Array.from({ length: 6 }, (_, i) => makeEvent('product_view', { anonymousId: `v-${productId}-${i}`, sessionId: `s-${productId}-${i}`, properties: { productId } }));
  const response = await fetch(`${adapter.url}/v1/events`, {
    method: 'POST', headers: { 'x-focal-site-key': siteKey, 'content-type': 'application/json' }, body: JSON.stringify({ events }),
  });
  expect((await response.json()).accepted).toBe(events.length);
};
const trending = async (adapter: TestAdapter, siteKey: string): Promise<string> => {
  const response = await fetch(`${adapter.url}/v1/recommendations?placement=home-trending&limit=3`, {
    headers: { 'x-focal-site-key': siteKey, 'x-focal-anonymous-id': 'same-visitor' },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { id: string }[] }).items[0]!.id;
};
const cacheHits = async (adapter: TestAdapter) => {
  const text = await (await fetch(`${adapter.url}/metrics`)).text();
  return Number(/focal_cache_requests_total\{cache="recommendations",result="hit"\} (\d+)/.exec(text)?.[1] ?? 0);
};

describe('Redis answer cache: adapters on different stores sharing one Redis and a site key', () => {
  const adapters: TestAdapter[] = [];
  const schemas: string[] = [];
  afterAll(async () => {
    for (const a of adapters) await a.close();
    if (schemas.length) {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await client.end();
    }
  });
  const start = async (siteKey: string, store: { databaseUrl?: string; schema?: string } = {}) => {
    const adapter = await startTestAdapter({ siteKey, products, ...store, config: { redisUrl: REDIS_URL } });
    adapters.push(adapter);
    return adapter;
  };

  const otherStoresGetTheirOwnAnswers = async (open: (siteKey: string) => Promise<[TestAdapter, TestAdapter]>) => {
    const siteKey = `pk_ns_${randomBytes(5).toString('hex')}`; // fresh keys in the shared Redis for every run
    const [production, staging] = await open(siteKey);
    await viewsOf(production, siteKey, 'P3');
    await viewsOf(staging, siteKey, 'P8');
    // production answers first (its answer goes to Redis); staging, same catalog and site key, asks the same question
    expect(await trending(production, siteKey)).toBe('P3');
    expect(await trending(staging, siteKey)).toBe('P8');
    expect(await cacheHits(staging)).toBe(0);
  };

  it('two embedded (PGlite) stores: each serves answers from its own events', async () => {
    await otherStoresGetTheirOwnAnswers(async (siteKey) => [await start(siteKey), await start(siteKey)]);
  });

  it.skipIf(!DATABASE_URL)('two PostgreSQL schemas: each serves answers from its own events', async () => {
    await otherStoresGetTheirOwnAnswers(async (siteKey) => {
      const two = [`focal_ns_${randomBytes(5).toString('hex')}`, `focal_ns_${randomBytes(5).toString('hex')}`];
      schemas.push(...two);
      return [await start(siteKey, { databaseUrl: DATABASE_URL!, schema: two[0] }), await start(siteKey, { databaseUrl: DATABASE_URL!, schema: two[1] })];
    });
  });

  it.skipIf(!DATABASE_URL)('two processes on one PostgreSQL schema still share answers through Redis', async () => {
    const siteKey = `pk_ns_${randomBytes(5).toString('hex')}`;
    const schema = `focal_ns_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    const one = await start(siteKey, { databaseUrl: DATABASE_URL!, schema });
    const two = await start(siteKey, { databaseUrl: DATABASE_URL!, schema });
    await viewsOf(one, siteKey, 'P5');
    expect(await trending(one, siteKey)).toBe('P5');
    const before = await cacheHits(two);
    expect(await trending(two, siteKey)).toBe('P5');
    expect(await cacheHits(two)).toBe(before + 1);
  });

  it('an explicit cacheNamespace shared by two stores shares their answers (the operator asked for it)', async () => {
    const siteKey = `pk_ns_${randomBytes(5).toString('hex')}`;
    const cacheNamespace = `ns-${randomBytes(4).toString('hex')}`;
    const one = await startTestAdapter({ siteKey, products, config: { redisUrl: REDIS_URL, cacheNamespace } });
    adapters.push(one);
    const two = await startTestAdapter({ siteKey, products, config: { redisUrl: REDIS_URL, cacheNamespace } });
    adapters.push(two);
    await viewsOf(one, siteKey, 'P2');
    expect(await trending(one, siteKey)).toBe('P2');
    expect(await trending(two, siteKey)).toBe('P2');
    expect(await cacheHits(two)).toBe(1);
  });
});
