import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { openDB } from 'idb';
import { createRecommendClient, fetchBatch, idbCache, MAX_STORED_ANSWERS, memoryCache, shopperKey, type PlacementHandle, type PlacementState } from '../../src/recommend/index.js';
import type { Candidate } from '../../src/contracts/index.js';
import { candidate, result, settled } from './fixtures.js';

const endpoint = 'https://recs.test';
const seen: Array<{ body: { placements: Array<{ placement: string }> }; headers: Headers }> = [];
const server = setupServer();
let dbCount = 0;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => { server.resetHandlers(); seen.length = 0; });
afterAll(() => server.close());

/** Answers every placement asked for with three items, recording the request. */
function answer(ids = ['A', 'B', 'C'], wait = 0) {
  server.use(http.post(`${endpoint}/v1/recommendations`, async ({ request }) => {
    const body = await request.clone().json() as { placements: Array<{ placement: string }> };
    seen.push({ body, headers: request.headers });
    if (wait) await delay(wait);
    return HttpResponse.json({ results: body.placements.map((p) => result(p.placement, ids)) });
  }));
}
const client = (extra = {}) => createRecommendClient({ endpoint, siteKey: 'pk_test', anonymousId: () => 'anon-1', cache: memoryCache(), ...extra });

describe('createRecommendClient', () => {
  it('asks once for every placement registered in the same tick, with the site key and anonymous id headers', async () => {
    answer();
    const c = client();
    const a = c.placement({ placement: 'pdp-similar', items: ['SKU1'], limit: 8 });
    const b = c.placement({ placement: 'pdp-complete', items: ['SKU1'] });
    const [sa, sb] = await Promise.all([settled(a), settled(b)]);
    expect(seen).toHaveLength(1);
    expect(seen[0].body.placements.map((p) => p.placement)).toEqual(['pdp-similar', 'pdp-complete']);
    expect(seen[0].headers.get('x-focal-site-key')).toBe('pk_test');
    expect(seen[0].headers.get('x-focal-anonymous-id')).toBe('anon-1');
    expect(sa).toMatchObject({ status: 'ready', source: 'server', requestId: 'req-1', variant: 'A', strategy: 'blend:co-view' });
    expect(sa.items.map((i) => [i.id, i.serverRank])).toEqual([['A', 0], ['B', 1], ['C', 2]]);
    expect(sb.status).toBe('ready');
  });

  it('shares one handle between identical requests and answers empty placements as empty', async () => {
    answer([]);
    const c = client();
    const a = c.placement({ placement: 'home-trending' });
    expect(c.placement({ placement: 'home-trending' })).toBe(a);
    expect(await settled(a)).toMatchObject({ status: 'empty', items: [] });
    expect(seen).toHaveLength(1);
  });

  it('settles to error within the timeout when the server hangs, with no items to show', async () => {
    answer(['A'], 5_000);
    const c = client({ timeoutMs: 100 });
    // the server answers after 5 s: an error without items means the 100 ms timeout ended the wait (no bound on the
    // elapsed time here: on a loaded machine that failed by chance and proved nothing more)
    const state = await settled(c.placement({ placement: 'home-for-you' }));
    expect(state).toEqual({ status: 'error', items: [] });
  });

  it('shows fallback items when the server fails and there is no cache', async () => {
    server.use(http.post(`${endpoint}/v1/recommendations`, () => new HttpResponse('boom', { status: 500 })));
    const fallback: Candidate[] = [candidate('F1'), candidate('F2', 1)];
    const state = await settled(client().placement({ placement: 'cart-addons', fallback }));
    expect(state.status).toBe('error');
    expect(state.source).toBe('fallback');
    expect(state.items.map((i) => i.id)).toEqual(['F1', 'F2']);
  });

  it('drops an invalid candidate but keeps its neighbours; an invalid placement result errors only that placement', async () => {
    server.use(http.post(`${endpoint}/v1/recommendations`, () => HttpResponse.json({
      results: [
        { ...result('pdp-similar', ['A', 'B']), items: [candidate('A'), { id: 'bad', price: -1 }, candidate('B', 1)] },
        { placement: 'pdp-complete', items: 'nope' },
      ],
    })));
    const c = client();
    const a = c.placement({ placement: 'pdp-similar' });
    const b = c.placement({ placement: 'pdp-complete' });
    expect((await settled(a)).items.map((i) => i.id)).toEqual(['A', 'B']);
    expect((await settled(b)).status).toBe('error');
  });

  it('opens the circuit after three failures (no more requests) and a retry still reaches the server', async () => {
    let calls = 0;
    server.use(http.post(`${endpoint}/v1/recommendations`, () => { calls++; return new HttpResponse(null, { status: 503 }); }));
    const c = client({ breaker: { threshold: 3, cooldownMs: 60_000 } });
    for (const p of ['p-1', 'p-2', 'p-3', 'p-4']) await settled(c.placement({ placement: p }));
    expect(calls).toBe(3);
    answer();
    const h = c.placement({ placement: 'p-5' });
    expect((await settled(h)).status).toBe('error');
    expect(seen).toHaveLength(0);
    h.retry();
    expect(h.state.value.status).toBe('loading');
    expect((await settled(h)).status).toBe('ready');
    expect(seen).toHaveLength(1);
  });

  it('lets a trial through once the cooldown is over, also when placements were asked for while it was open (a single-page store)', async () => {
    let now = Date.parse('2026-11-24T10:00:00.000Z');
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      server.use(http.post(`${endpoint}/v1/recommendations`, () => new HttpResponse(null, { status: 503 })));
      const c = client({ breaker: { threshold: 3, cooldownMs: 10_000 } });
      for (const p of ['p-1', 'p-2', 'p-3']) await settled(c.placement({ placement: p })); // the circuit opens
      answer(); // the adapter is back
      now += 6_000;
      expect((await settled(c.placement({ placement: 'next-page' }))).status).toBe('error'); // still open: not asked
      expect(seen).toHaveLength(0);
      now += 5_000; // 11 s after it opened
      expect((await settled(c.placement({ placement: 'page-after' }))).status).toBe('ready');
      expect(seen).toHaveLength(1);
    } finally {
      vi.mocked(Date.now).mockRestore();
    }
  });

  it('rejects a malformed placement with a message saying what to fix', () => {
    expect(() => client().placement({ placement: 'PDP Similar' })).toThrow(/placement/);
    expect(() => client().placement({ placement: 'ok', limit: 0 })).toThrow(/limit/);
    expect(() => createRecommendClient({} as never)).toThrow(/endpoint, siteKey/);
    const base = { endpoint: 'https://recs.test', siteKey: 'pk' };
    expect(() => createRecommendClient({ ...base, personalization: false } as never)).toThrow(/personalization must be a function.*got boolean/);
    expect(() => createRecommendClient({ ...base, anonymousId: 'a-1' } as never)).toThrow(/anonymousId must be a function.*got string/);
    expect(() => createRecommendClient({ ...base, reranker: {} } as never)).toThrow(/reranker\.rerank must be a function/);
    expect(() => createRecommendClient({ ...base, reranker: { rerank: (i: unknown[]) => i, version: 'v1' } } as never)).toThrow(/reranker\.version must be a function/);
  });

  it('names an option it cannot use instead of ignoring it (a typo, a timeout of 0 or "800ms", a cache without get/set)', () => {
    const base = { endpoint, siteKey: 'pk' };
    const refused: Array<[Record<string, unknown>, RegExp]> = [
      [{ timeoutMs: '800ms' }, /createRecommendClient: timeoutMs must be a positive number of milliseconds; got "800ms"/],
      [{ timeoutMs: 0 }, /timeoutMs must be a positive number of milliseconds; got 0/],
      [{ maxAgeMs: -1 }, /maxAgeMs must be a positive number of milliseconds; got -1/],
      [{ breaker: { threshold: 0 } }, /breaker\.threshold must be a whole number ≥ 1; got 0/],
      [{ breaker: { cooldownMs: '10s' } }, /breaker\.cooldownMs must be a positive number of milliseconds; got "10s"/],
      [{ breaker: { treshold: 3 } }, /breaker\.treshold is not an option; use threshold, cooldownMs/],
      [{ allowDuplicates: 'yes' }, /allowDuplicates must be true or false; got "yes"/],
      [{ rerankOn: 'product_view' }, /rerankOn must be a list of event types/],
      [{ cache: {} }, /cache must be a cache with get\(key\) and set\(key, entry\) \(memoryCache\(\), idbCache\(\)\) or false/],
      [{ timeoutMS: 500 }, /createRecommendClient: timeoutMS is not an option; see RecommendClientOptions \(.*\btimeoutMs\b/],
    ];
    for (const [extra, message] of refused) expect(() => createRecommendClient({ ...base, ...extra } as never), JSON.stringify(extra)).toThrow(message);
    // the example in the message is the option's own, not always personalization's
    expect(() => createRecommendClient({ ...base, anonymousId: 'a-1' } as never)).toThrow(/anonymousId must be a function, e\.g\. \{ anonymousId: \(\) => focal\.anonymousId \}/);
    // what the documentation shows is accepted
    expect(() => client({ timeoutMs: 800, breaker: { threshold: 3, cooldownMs: 10_000 }, maxAgeMs: 1, rerankOn: ['purchase'], allowDuplicates: true, cache: false }).dispose()).not.toThrow();
  });

  it('renders answers primed by server-side rendering without a request', async () => {
    answer();
    const c = client({ initialResults: [result('home-trending', ['X', 'Y'], 'req-ssr')] });
    const h = c.placement({ placement: 'home-trending' });
    expect(h.state.value).toMatchObject({ status: 'ready', requestId: 'req-ssr' });
    expect(h.initial).toBe(h.state.value);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toHaveLength(0);
  });
});

describe('initialResults (answers fetched on the server) that are not answers', () => {
  it('are refused with an error naming the field, instead of a TypeError or a placement shown for another', () => {
    const ok = result('home-trending', ['X']);
    const cases: Array<[unknown, RegExp]> = [
      ['home-trending', /^focal: initialResults must be an array of the answers fetchBatch gave.*got string/],
      [{ results: [ok] }, /^focal: initialResults must be an array.*got object/],
      [[ok, 42], /^focal: initialResults\[1\] must be a placement's answer as fetchBatch gives it.*got 42/],
      [[{ ...ok, requestId: undefined }], /^focal: initialResults\[0\]\.requestId must be .*got undefined/],
      [[{ ...ok, placement: '' }], /^focal: initialResults\[0\]\.placement must be .*got ""/],
      [[{ ...ok, items: 'X,Y' }], /^focal: initialResults\[0\]\.items must be an array .*got "X,Y"/],
      [[{ ...ok, strategy: 7 }], /^focal: initialResults\[0\]\.strategy must be a string.*got 7/],
      [[{ ...ok, request: { placement: 'home-trending', limit: 0 } }], /^focal: initialResults\[0\]\.request: limit must be/],
      [[{ ...ok, request: { placement: 'pdp-similar' } }], /^focal: initialResults\[0\]\.request\.placement must be the answer's placement \("home-trending"\); got "pdp-similar"/],
    ];
    for (const [initialResults, message] of cases) expect(() => client({ initialResults })).toThrow(message);
  });

  it('a product in one that is not a product is left out with a warning naming its field; its neighbours and the other answers show', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const trending = result('home-trending', ['X', 'Y', 'Z']);
      trending.items[1] = { ...trending.items[1], price: '129.00' } as never;
      trending.items[2] = { ...trending.items[2], features: undefined } as never;
      // (a result fetchBatch had no answer for: nothing shown from it, the browser asks for that placement)
      const c = client({ initialResults: [trending, undefined, result('pdp-similar', ['A'])] });
      expect(c.placement({ placement: 'home-trending' }).state.value.items.map((i) => i.id)).toEqual(['X']);
      expect(c.placement({ placement: 'pdp-similar' }).state.value.items.map((i) => i.id)).toEqual(['A']);
      expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([
        expect.stringMatching(/^focal: initialResults\[0\]\.items\[1\]\.price must be a number ≥ 0.*got "129\.00"\. The product is left out/),
        expect.stringMatching(/^focal: initialResults\[0\]\.items\[2\]\.features must be the server's features.*got undefined/),
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('one placement asked for with different items (a cart line each, a frame and its lens option)', () => {
  const lines = [{ placement: 'cart-add-ons', items: ['FR-1'], limit: 2 }, { placement: 'cart-add-ons', items: ['LN-7'], limit: 2 }];

  it('answers fetched on the server (fetchBatch) go each to the placement asked with its items and limit, not all to the first of the name', async () => {
    server.use(http.post(`${endpoint}/v1/recommendations`, async ({ request }) => {
      const body = await request.clone().json() as { placements: Array<{ placement: string; items: string[] }> };
      seen.push({ body, headers: request.headers });
      return HttpResponse.json({ results: body.placements.map((p, i) => result(p.placement, [`${p.items[0]}-ADD`], `req-ssr-${i}`)) });
    }));
    const initialResults = (await fetchBatch({ endpoint, siteKey: 'pk_test', timeoutMs: 800 }, { placements: lines })).filter((r) => !!r);
    expect(seen).toHaveLength(1);
    // (as the page embeds them for hydration: JSON)
    const c = client({ initialResults: JSON.parse(JSON.stringify(initialResults)) });
    const [frame, lens] = lines.map((line) => c.placement(line));
    expect([frame.state.value, lens.state.value].map((s) => [s.status, s.requestId, s.items.map((i) => i.id)]))
      .toEqual([['ready', 'req-ssr-0', ['FR-1-ADD']], ['ready', 'req-ssr-1', ['LN-7-ADD']]]);
    // another limit is another request: not shown the answer fetched for 2
    const more = c.placement({ placement: 'cart-add-ons', items: ['FR-1'], limit: 8 });
    expect(more.state.value.status).toBe('loading');
    await settled(more);
    expect(seen.map((r) => r.body.placements)).toEqual([lines, [{ placement: 'cart-add-ons', items: ['FR-1'], limit: 8 }]]);
  });

  it('a malformed answer for one of them errors that one: it is not shown (nor cached) the answer of the other items', async () => {
    server.use(http.post(`${endpoint}/v1/recommendations`, () => HttpResponse.json({
      results: [result('cart-add-ons', ['FR-1-ADD']), { placement: 'cart-add-ons', items: 'nope' }],
    })));
    const cache = memoryCache();
    const c = client({ cache });
    const [frame, lens] = lines.map((line) => c.placement(line));
    expect((await settled(frame)).items.map((i) => i.id)).toEqual(['FR-1-ADD']);
    expect(await settled(lens)).toEqual({ status: 'error', items: [] });
    expect(await cache.get(`${endpoint}|pk_test|${lens.key}`)).toBeUndefined();
    expect(await cache.get(`${endpoint}|pk_test|${frame.key}`)).toBeTruthy();
  });
});

describe('stale-while-revalidate cache in IndexedDB', () => {
  it('a returning shopper sees last-good items at once, then the fresh ones', async () => {
    const name = `focal-recs-test-${++dbCount}`;
    answer(['A', 'B']);
    await settled(client({ cache: idbCache(name) }).placement({ placement: 'home-for-you' }));
    await new Promise((r) => setTimeout(r, 50));
    server.resetHandlers();
    answer(['C', 'D'], 200);
    const states: PlacementState[] = [];
    const h = client({ cache: idbCache(name) }).placement({ placement: 'home-for-you' });
    h.state.subscribe((s) => states.push(s));
    await settled(h, (s) => s.source === 'server');
    expect(states.map((s) => [s.status, s.source, s.items.map((i) => i.id).join('')])).toEqual([
      ['loading', undefined, ''], ['ready', 'cache', 'AB'], ['ready', 'server', 'CD'],
    ]);
  });

  it('an error keeps the cached items on screen', async () => {
    const name = `focal-recs-test-${++dbCount}`;
    answer(['A', 'B']);
    await settled(client({ cache: idbCache(name) }).placement({ placement: 'home-for-you' }));
    await new Promise((r) => setTimeout(r, 50));
    server.resetHandlers();
    server.use(http.post(`${endpoint}/v1/recommendations`, () => HttpResponse.error()));
    const h = client({ cache: idbCache(name) }).placement({ placement: 'home-for-you' });
    const state = await settled(h, (s) => s.status === 'error');
    expect(state).toMatchObject({ status: 'error', source: 'cache' });
    expect(state.items.map((i) => i.id)).toEqual(['A', 'B']);
  });

  it('never shows another store\'s cached answers (two sites on one origin, an app that switches store); a store still gets its own', async () => {
    const name = `focal-recs-test-${++dbCount}`;
    answer(['A', 'B']);
    await settled(client({ cache: idbCache(name), siteKey: 'pk_store_a' }).placement({ placement: 'home-for-you' }));
    await new Promise((r) => setTimeout(r, 50));
    server.resetHandlers();
    const other = 'https://recs-other.test';
    server.use(http.post(`${endpoint}/v1/recommendations`, () => HttpResponse.error()), http.post(`${other}/v1/recommendations`, () => HttpResponse.error()));
    const failed = (s: PlacementState) => s.status === 'error';
    const storeB = await settled(client({ cache: idbCache(name), siteKey: 'pk_store_b' }).placement({ placement: 'home-for-you' }), failed);
    expect(storeB).toEqual({ status: 'error', items: [] });
    const otherEndpoint = await settled(client({ cache: idbCache(name), siteKey: 'pk_store_a', endpoint: other }).placement({ placement: 'home-for-you' }), failed);
    expect(otherEndpoint).toEqual({ status: 'error', items: [] });
    const storeA = await settled(client({ cache: idbCache(name), siteKey: 'pk_store_a' }).placement({ placement: 'home-for-you' }), failed);
    expect([storeA.source, storeA.items.map((i) => i.id)]).toEqual(['cache', ['A', 'B']]);
  });

  it('is bounded: past MAX_STORED_ANSWERS the answers stored longest ago are deleted, the recent ones stay', async () => {
    const name = `focal-recs-test-${++dbCount}`;
    const cache = idbCache<number>(name);
    // a shopper going through product pages: keys in another order than the times they were stored in
    const n = MAX_STORED_ANSWERS + 1;
    const key = (i: number) => `pdp-similar|SKU${(i * 37) % n}|8`;
    for (let i = 0; i < n; i++) await cache.set(key(i), { response: i, storedAt: 1_000 + i });
    cache.close();
    const db = await openDB(name);
    const kept = new Map((await db.getAll('responses') as Array<{ response: number }>).map((e) => [e.response, e]));
    db.close();
    expect(kept.size).toBeLessThanOrEqual(MAX_STORED_ANSWERS);
    expect(kept.size).toBeGreaterThanOrEqual(MAX_STORED_ANSWERS / 2);
    // the newest ones, the last stored among them: what a returning shopper is shown at once
    expect([...kept.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: kept.size }, (_, i) => n - kept.size + i));
    const next = idbCache<number>(name);
    expect((await next.get(key(n - 1)))?.response).toBe(n - 1);
    expect(await next.get(key(0))).toBeUndefined();
    next.close();
  });

  it('ignores cached answers older than maxAgeMs', async () => {
    const cache = memoryCache();
    await cache.set(`${endpoint}|pk_test|home-for-you||`, { response: result('home-for-you', ['OLD']), storedAt: Date.now() - 10_000, shopper: shopperKey('anon-1\n') });
    server.use(http.post(`${endpoint}/v1/recommendations`, () => new HttpResponse(null, { status: 500 })));
    const state = await settled(client({ cache, maxAgeMs: 1_000 }).placement({ placement: 'home-for-you' }));
    expect(state).toEqual({ status: 'error', items: [] });
  });
});

describe('answers kept in memory (a long single-page session, IndexedDB missing or not)', () => {
  /** Stores the answers of `n` product pages, then reads back the first and the last. */
  async function pages(cache: ReturnType<typeof memoryCache<number>>, n: number) {
    for (let i = 0; i < n; i++) await cache.set(`pdp-similar|SKU${i}|8`, { response: i, storedAt: 0 });
    return [(await cache.get('pdp-similar|SKU0|8'))?.response, (await cache.get(`pdp-similar|SKU${n - 1}|8`))?.response];
  }

  it('keeps the last 100 answers, not every answer of the page\'s life', async () => {
    expect(await pages(memoryCache<number>(), 100)).toEqual([0, 99]);
    expect(await pages(memoryCache<number>(), 101)).toEqual([undefined, 100]);
  });

  it('keeps the last 100 in the memory copy of an IndexedDB cache too (all of them, where IndexedDB works, in IndexedDB)', async () => {
    vi.stubGlobal('indexedDB', undefined); // Safari private mode of old, a browser that refuses it
    try {
      expect(await pages(idbCache<number>(`focal-recs-memory-${++dbCount}`) as never, 101)).toEqual([undefined, 100]);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(await pages(idbCache<number>(`focal-recs-memory-${++dbCount}`) as never, 101)).toEqual([0, 100]);
  });
});

describe('the IndexedDB connection', () => {
  /** Deletes the database as another page (or a newer SDK) would: 'blocked' while this page keeps it open. */
  const remove = (name: string) => new Promise<string>((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve('deleted');
    request.onblocked = () => resolve('blocked');
  });
  /** A client with the default cache (database `focal-recs`) that has shown a placement and stored it. */
  async function shown(siteKey: string) {
    answer(['A']);
    const c = client({ cache: undefined, siteKey });
    await settled(c.placement({ placement: 'home-for-you' }));
    await new Promise((r) => setTimeout(r, 50));
    return c;
  }

  it('is closed when the last client using it is disposed: store switches leave none open, deleting the database is not blocked', async () => {
    const close = vi.spyOn(IDBDatabase.prototype, 'close');
    const storeA = await shown('pk_store_a');
    const storeB = await shown('pk_store_b');
    storeA.dispose();
    await new Promise((r) => setTimeout(r, 10));
    expect(close).not.toHaveBeenCalled(); // store B still uses it
    storeB.dispose();
    await vi.waitFor(() => expect(close).toHaveBeenCalledTimes(1));
    close.mockRestore();
    expect(await remove('focal-recs')).toBe('deleted');
  });

  it('gives way to another page that deletes or upgrades the database, also for clients never disposed, and is opened again when needed', async () => {
    const name = `focal-recs-test-${++dbCount}`;
    answer(['A']);
    const clients = ['pk_store_a', 'pk_store_b'].map((siteKey) => client({ cache: idbCache(name), siteKey }));
    for (const c of clients) await settled(c.placement({ placement: 'home-for-you' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(await remove(name)).toBe('deleted');
    await settled(clients[0].placement({ placement: 'home-trending' }));
    await new Promise((r) => setTimeout(r, 50));
    server.resetHandlers();
    server.use(http.post(`${endpoint}/v1/recommendations`, () => HttpResponse.error()));
    const later = await settled(client({ cache: idbCache(name), siteKey: 'pk_store_a' }).placement({ placement: 'home-trending' }), (s) => s.status === 'error');
    expect(later.source).toBe('cache');
  });

  it('a client disposed while its answer is being stored: the write completes (the next visit shows it), nothing throws', async () => {
    answer(['A', 'B']);
    const c = client({ cache: undefined, siteKey: 'pk_disposed' });
    await settled(c.placement({ placement: 'home-for-you' }));
    c.dispose(); // the answer was handed to the cache a moment ago: its write is under way
    await new Promise((r) => setTimeout(r, 50));
    server.resetHandlers();
    server.use(http.post(`${endpoint}/v1/recommendations`, () => HttpResponse.error()));
    const next = await settled(client({ cache: undefined, siteKey: 'pk_disposed' }).placement({ placement: 'home-for-you' }), (s) => s.status === 'error');
    expect([next.source, next.items.map((i) => i.id)]).toEqual(['cache', ['A', 'B']]);
  });
});

describe('signed-in shoppers', () => {
  it('sends the user token (X-Focal-User-Token) when there is one, so the adapter answers for that user', async () => {
    answer();
    let token: string | undefined = 'jwt-student';
    const c = client({ userToken: () => token });
    await settled(c.placement({ placement: 'home-for-you' }));
    expect(seen[0].headers.get('x-focal-user-token')).toBe('jwt-student');
    token = undefined; // signed out (focal.reset())
    await settled(c.placement({ placement: 'home-trending' }));
    expect(seen[1].headers.has('x-focal-user-token')).toBe(false);
    expect(seen[1].headers.get('x-focal-anonymous-id')).toBe('anon-1');
  });

  it('asks again without a token the adapter refuses (HTTP 401, e.g. expired): anonymous answers rather than none', async () => {
    const tokens: Array<string | null> = [];
    server.use(http.post(`${endpoint}/v1/recommendations`, async ({ request }) => {
      tokens.push(request.headers.get('x-focal-user-token'));
      if (request.headers.has('x-focal-user-token')) return HttpResponse.json({ error: { code: 'invalid_token', message: 'expired' } }, { status: 401 });
      const body = await request.json() as { placements: Array<{ placement: string }> };
      return HttpResponse.json({ results: body.placements.map((p) => result(p.placement, ['A'])) });
    }));
    const state = await settled(client({ userToken: () => 'expired-jwt' }).placement({ placement: 'home-for-you' }));
    expect(state.status).toBe('ready');
    expect(tokens).toEqual(['expired-jwt', null]);
  });
});

describe('a request the adapter refuses (HTTP 4xx): asking again gets the same answer', () => {
  /**
   * Answers `status` with the adapter's error; with `unknown`, only a request asking for that placement, naming it
   * (`placements.<i>.placement`), and the others are answered. Records every request.
   */
  function refuse(status: number, unknown?: string) {
    server.use(http.post(`${endpoint}/v1/recommendations`, async ({ request }) => {
      const body = await request.clone().json() as { placements: Array<{ placement: string }> };
      seen.push({ body, headers: request.headers });
      const at = body.placements.findIndex((p) => p.placement === unknown);
      if (unknown && at < 0) return HttpResponse.json({ results: body.placements.map((p) => result(p.placement, ['A'])) });
      return HttpResponse.json({ error: { code: 'refused', message: `refused with ${status}`, field: unknown && `placements.${at}.placement` } }, { status });
    }));
  }
  const quiet = () => vi.spyOn(console, 'warn').mockImplementation(() => {});

  it('a placement refused by name (not configured, a limit above its maximum) errors as refused; the others show', async () => {
    const warn = quiet();
    refuse(400, 'home-trendy');
    const c = client({ cache: false });
    const [unknown, other] = await Promise.all([settled(c.placement({ placement: 'home-trendy' })), settled(c.placement({ placement: 'home-trending' }))]);
    expect(unknown).toEqual({ status: 'error', items: [], refused: true });
    expect(other.status).toBe('ready');
    warn.mockRestore();
  });

  it('a whole request refused (a wrong site key, an origin not allowed, a wrong endpoint path) errors as refused, with the adapter\'s reason in the console', async () => {
    for (const status of [400, 401, 403, 404, 413]) {
      const warn = quiet();
      refuse(status);
      expect({ status, state: await settled(client({ cache: false }).placement({ placement: 'home-for-you' })) })
        .toEqual({ status, state: { status: 'error', items: [], refused: true } });
      expect(warn).toHaveBeenCalledWith(`focal: refused with ${status}`);
      warn.mockRestore();
    }
  });

  it('a server error, a timeout, a rate limit or the network may pass: not refused, so "Try again" stays', async () => {
    for (const status of [408, 429, 500, 502, 503]) {
      refuse(status);
      const state = await settled(client({ cache: false }).placement({ placement: 'home-for-you' }));
      expect({ status, state }).toEqual({ status, state: { status: 'error', items: [] } });
      expect(state.refused).toBeUndefined();
    }
    server.use(http.post(`${endpoint}/v1/recommendations`, () => HttpResponse.error()));
    expect((await settled(client({ cache: false }).placement({ placement: 'home-for-you' }))).refused).toBeUndefined();
    answer(['A'], 5_000);
    expect((await settled(client({ cache: false, timeoutMs: 50 }).placement({ placement: 'home-for-you' }))).refused).toBeUndefined();
  });
});

describe('the shopper changes (sign-in, sign-out, another tab)', () => {
  /** Answers by shopper: a signed-in one's token names their items (jwt-alice → ALICE1, ALICE2), anonymous ones get T1, T2. */
  function answerByShopper(wait: Record<string, number> = {}) {
    server.use(http.post(`${endpoint}/v1/recommendations`, async ({ request }) => {
      const body = await request.clone().json() as { placements: Array<{ placement: string }> };
      seen.push({ body, headers: request.headers });
      const token = request.headers.get('x-focal-user-token') ?? '';
      const name = token.replace('jwt-', '').toUpperCase() || 'T';
      if (wait[token]) await delay(wait[token]);
      return HttpResponse.json({ results: body.placements.map((p) => result(p.placement, [`${name}1`, `${name}2`], `req-${name}`)) });
    }));
  }
  const ids = (s: PlacementState) => s.items.map((i) => i.id).join('');
  /** Every state a placement on screen goes through, as `status:ids`. */
  function watch(h: PlacementHandle) {
    const shown: string[] = [];
    const stop = h.state.subscribe((s) => shown.push(`${s.status}:${ids(s)}`));
    return { shown, stop };
  }
  beforeEach(() => { vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }); });
  afterEach(() => { vi.useRealTimers(); });

  it('a placement on screen is asked again when the shopper signs in; the anonymous items stay until theirs arrive', async () => {
    answerByShopper();
    let token: string | undefined;
    const h = client({ userToken: () => token }).placement({ placement: 'home-for-you' });
    const { shown, stop } = watch(h);
    await settled(h);
    token = 'jwt-alice'; // focal.identify('alice', { token }), here or in another tab
    vi.advanceTimersByTime(1_000);
    await vi.waitFor(() => expect(ids(h.state.value)).toBe('ALICE1ALICE2'), { timeout: 2_000 });
    expect(shown).toEqual(['loading:', 'ready:T1T2', 'ready:ALICE1ALICE2']);
    expect(seen.at(-1)!.headers.get('x-focal-user-token')).toBe('jwt-alice');
    stop();
  });

  it('an anonymous id after none at all (a tracker given after the first render) is the same shopper, now known: nothing leaves the screen nor is asked again; a token then is a sign-in', async () => {
    answerByShopper();
    let aid: string | undefined;
    let token: string | undefined;
    const h = client({ anonymousId: () => aid, userToken: () => token }).placement({ placement: 'home-for-you' });
    const { shown, stop } = watch(h);
    await settled(h);
    aid = 'anon-1';
    vi.advanceTimersByTime(1_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(shown).toEqual(['loading:', 'ready:T1T2']);
    expect(seen).toHaveLength(1);
    token = 'jwt-alice';
    vi.advanceTimersByTime(1_000);
    await vi.waitFor(() => expect(ids(h.state.value)).toBe('ALICE1ALICE2'), { timeout: 2_000 });
    expect(shown).toEqual(['loading:', 'ready:T1T2', 'ready:ALICE1ALICE2']);
    stop();
  });

  it('signing out (reset) takes the previous shopper\'s items off screen at once: never shown again, nor served from the cache to the next shopper', async () => {
    answerByShopper();
    const cache = memoryCache();
    let aid = 'anon-1';
    let token: string | undefined = 'jwt-alice';
    const h = client({ cache, anonymousId: () => aid, userToken: () => token }).placement({ placement: 'home-for-you' });
    const { shown, stop } = watch(h);
    await settled(h);
    server.resetHandlers();
    server.use(http.post(`${endpoint}/v1/recommendations`, () => HttpResponse.error())); // and the adapter is down
    token = undefined; // focal.reset(): no token, a new anonymous id
    aid = 'anon-2';
    vi.advanceTimersByTime(1_000);
    expect(h.state.value).toEqual({ status: 'loading', items: [] });
    expect(await settled(h)).toEqual({ status: 'error', items: [] });
    expect(shown).toEqual(['loading:', 'ready:ALICE1ALICE2', 'loading:', 'error:']);
    stop();
    // the next page load on this device: Alice's cached answer is not the new shopper's (she still gets hers)
    expect(await settled(client({ cache, anonymousId: () => 'anon-2' }).placement({ placement: 'home-for-you' }))).toEqual({ status: 'error', items: [] });
    const alice = await settled(client({ cache, anonymousId: () => 'anon-1', userToken: () => 'jwt-alice' }).placement({ placement: 'home-for-you' }));
    expect([alice.source, ids(alice)]).toEqual(['cache', 'ALICE1ALICE2']);
  });

  it('an answer asked for the previous shopper that arrives after the change is not shown', async () => {
    answerByShopper({ 'jwt-alice': 150 });
    let aid = 'anon-1';
    let token: string | undefined = 'jwt-alice';
    const h = client({ anonymousId: () => aid, userToken: () => token }).placement({ placement: 'home-for-you' });
    const { shown, stop } = watch(h);
    await vi.waitFor(() => expect(seen).toHaveLength(1)); // Alice's request is on its way
    token = undefined;
    aid = 'anon-2';
    vi.advanceTimersByTime(1_000);
    expect(ids(await settled(h))).toBe('T1T2');
    await new Promise((r) => setTimeout(r, 250)); // Alice's answer has come back by now
    expect(shown).toEqual(['loading:', 'ready:T1T2']);
    stop();
  });

  it('a placement shown again right after a sign-out (an SPA\'s next view reusing its handle) is asked again for the new shopper', async () => {
    answerByShopper();
    let aid = 'anon-1';
    let token: string | undefined = 'jwt-alice';
    const c = client({ anonymousId: () => aid, userToken: () => token });
    const first = c.placement({ placement: 'home-for-you' });
    expect(ids(await settled(first))).toBe('ALICE1ALICE2');
    token = undefined;
    aid = 'anon-2';
    const again = c.placement({ placement: 'home-for-you' });
    await Promise.resolve();
    expect(again.state.value.items).toEqual([]);
    expect(ids(await settled(again))).toBe('T1T2');
  });
});
