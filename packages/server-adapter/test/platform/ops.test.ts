import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '@focal/sdk-core/contracts';
import { createFocalHandler, focalMiddleware, listen, openStore, createRedisRateLimiter, type Store } from '../../src/index.js';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent } from '../fixtures.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('health, metrics, request ids and logs', () => {
  let adapter: TestAdapter;
  const lines: string[] = [];
  beforeAll(async () => {
    adapter = await startTestAdapter({ config: { log: 'info' } });
    // Capture the adapter's JSON log lines.
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = String(chunk);
      // The logger writes the lines of one event-loop turn in one chunk.
      if (text.startsWith('{"time"')) { lines.push(...text.split('\n').filter(Boolean)); return true; }
      return original(chunk as never, ...(rest as []));
    }) as typeof process.stdout.write;
    afterAll(() => { process.stdout.write = original; });
  });
  afterAll(async () => adapter?.close());

  it('GET /healthz says the store answers', async () => {
    const response = await fetch(`${adapter.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', store: 'pglite' });
  });

  it('GET /healthz answers 503 when the store is gone', async () => {
    const store = await openStore();
    const handler = createFocalHandler({ store, config: { log: 'silent' } });
    await store.close();
    const response = await handler(new Request('http://x/healthz'));
    expect(response.status).toBe(503);
    expect((await response.json()).status).toBe('unavailable');
  });

  it('returns the request id it was given (or a new one) and logs one JSON line per request', async () => {
    const response = await fetch(`${adapter.url}/healthz`, { headers: { 'x-request-id': 'test-request-0001' } });
    expect(response.headers.get('x-request-id')).toBe('test-request-0001');
    const bad = await fetch(`${adapter.url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.requestId === 'test-request-0001');
    expect(line).toMatchObject({ level: 'info', msg: 'request', method: 'GET', route: '/healthz', status: 200 });
    expect(typeof line.ms).toBe('number');
  });

  it('GET /metrics exposes request counts, latency by route, ingested events by status and store latency', async () => {
    await fetch(`${adapter.url}/v1/events`, {
      method: 'POST', headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [makeEvent(), { nope: 1 }] }),
    });
    adapter.adapter.handler.context.metrics.cacheHit('candidates');
    adapter.adapter.handler.context.metrics.cacheMiss('candidates');
    const text = await (await fetch(`${adapter.url}/metrics`)).text();
    expect(text).toMatch(/focal_http_requests_total\{method="POST",route="\/v1\/events",status="200"\} 1/);
    expect(text).toMatch(/focal_http_request_duration_seconds_bucket\{le="[\d.]+",method="POST",route="\/v1\/events"\}/);
    expect(text).toMatch(/focal_events_ingested_total\{status="accepted"\} 1/);
    expect(text).toMatch(/focal_events_ingested_total\{status="rejected"\} 1/);
    expect(text).toMatch(/focal_store_query_duration_seconds_count\{op="insert"\} \d+/);
    expect(text).toMatch(/focal_cache_hit_ratio\{cache="candidates"\} 0.5/);
  });

  it('refuses a declared body over the limit on any route with 413', async () => {
    for (const [method, path] of [['DELETE', '/v1/profiles/me'], ['POST', '/v1/recommendations'], ['POST', '/v1/nowhere']]) {
      const response = await fetch(`${adapter.url}${path}`, { method, headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' }, body: 'x'.repeat(1_200_000) });
      expect(response.status).toBe(413);
      expect(ApiError.parse(await response.json()).error.code).toBe('payload_too_large');
    }
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await fetch(`${adapter.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(ApiError.parse(await response.json()).error.code).toBe('not_found');
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After past the limit, per key and address (in-process)', async () => {
    const adapter = await startTestAdapter({ config: { rateLimit: { max: 3, windowSeconds: 30 } } });
    try {
      const hit = (key: string) => fetch(`${adapter.url}/v1/profiles/me`, { headers: { 'x-focal-site-key': key, 'x-focal-anonymous-id': 'a' } });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await hit(adapter.siteKey)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const limited = await hit(adapter.siteKey);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(ApiError.parse(await limited.json()).error.code).toBe('rate_limited');
      expect((await hit('pk_other_key')).status).toBe(401); // another key has its own budget
      expect((await fetch(`${adapter.url}/healthz`)).status).toBe(200); // health is never limited
    } finally {
      await adapter.close();
    }
  });

  it('shares the budget between two adapter processes through Redis', async () => {
    const prefix = `focal:test:${Math.random().toString(36).slice(2)}:`;
    const limiterA = await createRedisRateLimiter(REDIS_URL, 4, 30, { prefix });
    const limiterB = await createRedisRateLimiter(REDIS_URL, 4, 30, { prefix });
    const store = await openStore();
    await store.sites.upsert({ siteKey: 'pk_shared', name: 's', allowedOrigins: [], settings: {} });
    const a = await listen(createFocalHandler({ store, rateLimiter: limiterA, config: { log: 'silent' } }));
    const b = await listen(createFocalHandler({ store, rateLimiter: limiterB, config: { log: 'silent' } }));
    try {
      const hit = (url: string) => fetch(`${url}/v1/profiles/me`, { headers: { 'x-focal-site-key': 'pk_shared', 'x-focal-anonymous-id': 'a' } }).then((r) => r.status);
      const statuses = [await hit(a.url), await hit(b.url), await hit(a.url), await hit(b.url), await hit(a.url), await hit(b.url)];
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await a.close();
      await b.close();
      await limiterA.close();
      await limiterB.close();
      await store.close();
    }
  });

  it('adapters on different stores sharing one Redis and a site key have their own budgets (keys namespaced as the answer cache\'s)', async () => {
    const siteKey = `pk_rl_${randomBytes(5).toString('hex')}`; // fresh keys in the shared Redis for every run
    const namespace = `rl-${randomBytes(5).toString('hex')}`;
    const config = { redisUrl: REDIS_URL, rateLimit: { max: 3, windowSeconds: 3600 } };
    // production and staging: two databases (two PGlite stores), the same site key, one Redis
    const production = await startTestAdapter({ siteKey, config });
    const staging = await startTestAdapter({ siteKey, config });
    const named = await startTestAdapter({ siteKey, config: { ...config, cacheNamespace: namespace } });
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      const hit = (adapter: TestAdapter) => fetch(`${adapter.url}/v1/profiles/me`, { headers: { 'x-focal-site-key': siteKey, 'x-focal-anonymous-id': 'a' } }).then((r) => r.status);
      // production spends its budget (within at most two windows, were one to end meanwhile)
      const spent = [];
      while (spent.at(-1) !== 429 && spent.length < 7) spent.push(await hit(production));
      expect(spent.at(-1)).toBe(429);
      // staging's shoppers at the same address are not limited by it
      expect(await hit(staging)).toBe(200);
      // each counts under its own namespace: the store's identity, or cacheNamespace when set
      expect(await hit(named)).toBe(200);
      for (const [adapter, ns] of [[production, await production.store.identity()], [staging, await staging.store.identity()], [named, namespace]] as const) {
        expect((await redis.keys(`focal:rl:${ns}:*:${siteKey}|*`)).length, adapter.url).toBeGreaterThan(0);
      }
      expect(await production.store.identity()).not.toBe(await staging.store.identity());
    } finally {
      await redis.close();
      for (const adapter of [production, staging, named]) await adapter.close();
    }
  });

  it('fails loudly at start when Redis is unreachable', async () => {
    await expect(createRedisRateLimiter('redis://127.0.0.1:1', 10, 60)).rejects.toThrow(/cannot connect to Redis at redis:\/\/127.0.0.1:1/);
  });
});

describe('adapters', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore();
    await store.sites.upsert({ siteKey: 'pk_embed', name: 'e', allowedOrigins: [], settings: {} });
  });
  afterAll(async () => store?.close());

  it('the fetch handler answers a plain Request (Next.js / Workers-style hosts)', async () => {
    const handler = createFocalHandler({ store, config: { log: 'silent' } });
    const response = await handler(new Request('http://shop.example/v1/events', {
      method: 'POST', headers: { 'x-focal-site-key': 'pk_embed', 'content-type': 'application/json' }, body: JSON.stringify({ events: [makeEvent()] }),
    }));
    expect((await response.json()).accepted).toBe(1);
  });

  it('the Express/Connect middleware serves Focal paths and passes the others to next()', async () => {
    const middleware = focalMiddleware(createFocalHandler({ store, config: { log: 'silent' } }));
    const server = createServer((req, res) => middleware(req, res, () => res.writeHead(200, { 'content-type': 'text/plain' }).end('host app')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      expect(await (await fetch(`${url}/checkout`)).text()).toBe('host app');
      expect((await (await fetch(`${url}/healthz`)).json()).status).toBe('ok');
      const ingest = await fetch(`${url}/v1/events`, {
        method: 'POST', headers: { 'x-focal-site-key': 'pk_embed', 'content-type': 'text/plain' }, body: JSON.stringify({ events: [makeEvent()] }),
      });
      expect((await ingest.json()).accepted).toBe(1);
    } finally {
      server.close();
    }
  });

  it('the middleware still sees a body a JSON body parser consumed before it', async () => {
    const middleware = focalMiddleware(createFocalHandler({ store, config: { log: 'silent' } }));
    const server = createServer((req, res) => {
      // A stand-in for express.json(): reads the stream and sets req.body.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        (req as typeof req & { body?: unknown }).body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
        middleware(req, res, () => res.writeHead(404).end());
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const event = makeEvent();
      const ingest = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'x-focal-site-key': 'pk_embed', 'content-type': 'application/json' }, body: JSON.stringify({ events: [event] }) });
      expect((await ingest.json()).accepted).toBe(1);
      expect(await store.events.has(event.id)).toBe(true);
    } finally {
      server.close();
    }
  });
});

describe('startTestAdapter intercept (fault injection for tracker tests)', () => {
  it('answers what intercept returns, then lets the real adapter answer', async () => {
    let failures = 2;
    const adapter = await startTestAdapter({
      intercept: (request) => (new URL(request.url).pathname === '/v1/events' && failures-- > 0
        ? new Response('{"error":{"code":"injected","message":"injected failure"}}', { status: 503, headers: { 'retry-after': '1' } })
        : undefined),
    });
    try {
      const event = makeEvent();
      const send = () => fetch(`${adapter.url}/v1/events`, { method: 'POST', headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' }, body: JSON.stringify({ events: [event] }) });
      expect([(await send()).status, (await send()).status]).toEqual([503, 503]);
      expect((await adapter.storedEvents()).map((e) => e.id)).toEqual([]);
      expect((await (await send()).json()).accepted).toBe(1);
      expect((await adapter.storedEvents()).map((e) => e.id)).toEqual([event.id]);
    } finally {
      await adapter.close();
    }
  });
});
