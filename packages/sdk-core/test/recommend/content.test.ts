import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { createContentClient, idbCache, memoryCache, shopperKey, type ContentState } from '../../src/recommend/index.js';
import type { Promotion } from '../../src/contracts/index.js';

const endpoint = 'https://recs.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const promo: Promotion = {
  id: 'promo-student', slot: 'home-hero', title: 'Students save 20 % on frames', priority: 10, source: 'local',
  cta: { label: 'See frames', url: '/frames' }, image: { url: '/img/student.jpg', alt: 'Student trying frames', width: 1200, height: 400 },
};
function settle(state: { subscribe(fn: (s: ContentState) => void): () => void }, until = (s: ContentState) => s.status !== 'loading'): Promise<ContentState> {
  return new Promise((resolve) => { const stop = state.subscribe((s) => { if (until(s)) { queueMicrotask(() => stop()); resolve(s); } }); });
}
let dbCount = 0;
const failed = (s: ContentState) => s.status === 'error';

describe('createContentClient', () => {
  it('loads a slot with the site key header, dropping invalid promotions', async () => {
    let headers: Headers | undefined;
    server.use(http.get(`${endpoint}/v1/content`, ({ request }) => {
      headers = request.headers;
      return HttpResponse.json({ slot: new URL(request.url).searchParams.get('slot'), promotions: [promo, { id: 'broken' }] });
    }));
    const state = await settle(createContentClient({ endpoint, siteKey: 'pk_demo', cache: false }).slot('home-hero').state);
    expect(state.status).toBe('ready');
    expect(state.promotions.map((p) => p.id)).toEqual(['promo-student']);
    expect(headers?.get('x-focal-site-key')).toBe('pk_demo');
  });

  it('answers empty, and error on a server failure or a timeout', async () => {
    server.use(http.get(`${endpoint}/v1/content`, ({ request }) => {
      const slot = new URL(request.url).searchParams.get('slot');
      if (slot === 'empty') return HttpResponse.json({ slot, promotions: [] });
      if (slot === 'slow') return delay(5_000).then(() => HttpResponse.json({ slot, promotions: [promo] }));
      return new HttpResponse(null, { status: 502 });
    }));
    const client = createContentClient({ endpoint, siteKey: 'pk', timeoutMs: 100, cache: false });
    expect((await settle(client.slot('empty').state)).status).toBe('empty');
    expect((await settle(client.slot('down').state)).status).toBe('error');
    expect((await settle(client.slot('slow').state)).status).toBe('error');
    expect(() => client.slot('bad slot!')).toThrow(/content slot/);
  });
});

describe('createContentClient: options', () => {
  it('names an option it cannot use instead of ignoring it', () => {
    const base = { endpoint, siteKey: 'pk' };
    expect(() => createContentClient({ ...base, timeoutMs: '1s' } as never)).toThrow(/createContentClient: timeoutMs must be a positive number of milliseconds; got "1s"/);
    expect(() => createContentClient({ ...base, maxAgeMs: 0 })).toThrow(/createContentClient: maxAgeMs must be a positive number of milliseconds; got 0/);
    expect(() => createContentClient({ ...base, userToken: 'jwt' } as never)).toThrow(/createContentClient: userToken must be a function, e\.g\. \{ userToken: \(\) => focal\.userToken \}; got string/);
    expect(() => createContentClient({ ...base, cache: { get: () => undefined } } as never)).toThrow(/createContentClient: cache must be a cache with get\(key\) and set\(key, entry\)/);
    expect(() => createContentClient({ ...base, slot: 'home-hero' } as never)).toThrow(/createContentClient: slot is not an option/);
    // the widgets and <FocalProvider> hand it the recommendation client's options too (clientOptions)
    expect(() => createContentClient({ ...base, cache: false, breaker: { threshold: 2 }, rerankOn: ['purchase'] } as never).dispose()).not.toThrow();
  });
});

describe('createContentClient: a single-page app open for hours', () => {
  it('the next view a minute or more later drops a promotion that has ended and shows one that has started', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-27T23:59:00Z'));
      const blackFriday: Promotion = { ...promo, id: 'black-friday', endsAt: '2026-11-28T00:00:00.000Z' };
      const cyberWeekend: Promotion = { ...promo, id: 'cyber-weekend', startsAt: '2026-11-28T00:00:00.000Z' };
      server.use(http.get(`${endpoint}/v1/content`, () => HttpResponse.json({ slot: 'home-hero', promotions: Date.now() < Date.parse(blackFriday.endsAt!) ? [blackFriday] : [cyberWeekend] })));
      const client = createContentClient({ endpoint, siteKey: 'pk', cache: false });
      const first = client.slot('home-hero');
      expect((await settle(first.state)).promotions.map((p) => p.id)).toEqual(['black-friday']);
      vi.setSystemTime(new Date('2026-11-28T00:00:30Z')); // the shopper opens the next view after midnight
      const next = client.slot('home-hero');
      expect(next.state.value.promotions).toEqual([]); // the ended sale is not shown meanwhile
      expect((await settle(next.state, (s) => s.promotions.length > 0)).promotions.map((p) => p.id)).toEqual(['cyber-weekend']);
      client.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('createContentClient: signed-in shoppers', () => {
  it('sends the user token, so promotions targeted at the signed-in shopper (e.g. students) can show', async () => {
    const seen: Array<string | null> = [];
    server.use(http.get(`${endpoint}/v1/content`, ({ request }) => {
      seen.push(request.headers.get('x-focal-user-token'));
      const student = request.headers.get('x-focal-user-token') === 'jwt-student';
      return HttpResponse.json({ slot: 'home-hero', promotions: student ? [promo] : [] });
    }));
    const signedIn = createContentClient({ endpoint, siteKey: 'pk', userToken: () => 'jwt-student', anonymousId: () => 'anon-1', cache: false });
    expect((await settle(signedIn.slot('home-hero').state)).promotions.map((p) => p.id)).toEqual(['promo-student']);
    const anonymous = createContentClient({ endpoint, siteKey: 'pk', userToken: () => undefined, anonymousId: () => 'anon-1', cache: false });
    expect((await settle(anonymous.slot('home-hero').state)).status).toBe('empty');
    expect(seen).toEqual(['jwt-student', null]);
    // a userToken hook that throws: the slot still settles (to error), as before it was cached per shopper
    const broken = createContentClient({ endpoint, siteKey: 'pk', userToken: () => { throw new Error('no session'); }, cache: memoryCache() });
    expect((await settle(broken.slot('home-hero').state)).status).toBe('error');
  });
});

describe('createContentClient: stale-while-revalidate cache', () => {
  /** A first page load that stores the slot's promotions in the IndexedDB cache `name`. */
  async function firstVisit(name: string) {
    server.use(http.get(`${endpoint}/v1/content`, () => HttpResponse.json({ slot: 'home-hero', promotions: [promo] })));
    await settle(createContentClient({ endpoint, siteKey: 'pk', cache: idbCache(name) }).slot('home-hero').state);
    await new Promise((r) => setTimeout(r, 50));
    server.resetHandlers();
  }

  it('a returning shopper sees the last good promotions at once, then the fresh ones', async () => {
    const name = `focal-content-test-${++dbCount}`;
    await firstVisit(name);
    const fresh = { ...promo, id: 'promo-fresh' };
    server.use(http.get(`${endpoint}/v1/content`, () => delay(200).then(() => HttpResponse.json({ slot: 'home-hero', promotions: [fresh] }))));
    const states: ContentState[] = [];
    const { state } = createContentClient({ endpoint, siteKey: 'pk', cache: idbCache(name) }).slot('home-hero');
    state.subscribe((s) => states.push(s));
    await settle(state, (s) => s.source === 'server');
    expect(states.map((s) => [s.status, s.source, s.promotions.map((p) => p.id).join()])).toEqual([
      ['loading', undefined, ''], ['ready', 'cache', 'promo-student'], ['ready', 'server', 'promo-fresh'],
    ]);
  });

  it('an adapter or CMS outage keeps the last good promotions on screen', async () => {
    const name = `focal-content-test-${++dbCount}`;
    await firstVisit(name);
    server.use(http.get(`${endpoint}/v1/content`, () => new HttpResponse(null, { status: 503 })));
    const state = await settle(createContentClient({ endpoint, siteKey: 'pk', cache: idbCache(name) }).slot('home-hero').state, failed);
    expect(state).toMatchObject({ status: 'error', source: 'cache' });
    expect(state.promotions.map((p) => p.id)).toEqual(['promo-student']);
    server.use(http.get(`${endpoint}/v1/content`, () => HttpResponse.error()));
    const other = await settle(createContentClient({ endpoint, siteKey: 'pk', cache: idbCache(name) }).slot('home-footer').state, failed);
    expect(other).toMatchObject({ status: 'error', promotions: [] });
  });

  it('never shows another store\'s cached promotions (two sites on one origin)', async () => {
    const name = `focal-content-test-${++dbCount}`;
    await firstVisit(name);
    server.use(http.get(`${endpoint}/v1/content`, () => new HttpResponse(null, { status: 503 })));
    const otherStore = await settle(createContentClient({ endpoint, siteKey: 'pk_other', cache: idbCache(name) }).slot('home-hero').state, failed);
    expect(otherStore).toMatchObject({ status: 'error', promotions: [] });
    const sameStore = await settle(createContentClient({ endpoint, siteKey: 'pk', cache: idbCache(name) }).slot('home-hero').state, failed);
    expect(sameStore.promotions.map((p) => p.id)).toEqual(['promo-student']);
  });

  it('ignores cached promotions older than maxAgeMs, and cached entries that are not valid promotions', async () => {
    const cache = memoryCache<unknown>();
    const shopper = shopperKey('\n');
    await cache.set(`${endpoint}|pk|content:home-hero`, { response: [promo], storedAt: Date.now() - 10_000, shopper });
    await cache.set(`${endpoint}|pk|content:home-footer`, { response: [{ id: 'broken' }], storedAt: Date.now(), shopper });
    server.use(http.get(`${endpoint}/v1/content`, () => new HttpResponse(null, { status: 500 })));
    const client = createContentClient({ endpoint, siteKey: 'pk', cache, maxAgeMs: 1_000 });
    expect(await settle(client.slot('home-hero').state, failed)).toMatchObject({ status: 'error', promotions: [] });
    expect(await settle(client.slot('home-footer').state, failed)).toMatchObject({ status: 'error', promotions: [] });
  });
});

describe('createContentClient: cached promotions that have ended', () => {
  it('never shows a cached promotion after its endsAt, also while the adapter is down or slow', async () => {
    const cache = memoryCache<unknown>();
    const shopper = shopperKey('\n');
    const blackFriday: Promotion = { ...promo, id: 'promo-black-friday', title: 'Black Friday: 40% off', endsAt: new Date(Date.now() - 60_000).toISOString() };
    const winter: Promotion = { ...promo, id: 'promo-winter', endsAt: new Date(Date.now() + 86_400_000).toISOString() };
    // stored on the shopper's last visit, while Black Friday was still on
    await cache.set(`${endpoint}|pk|content:home-hero`, { response: [blackFriday, winter], storedAt: Date.now() - 3_600_000, shopper });
    server.use(http.get(`${endpoint}/v1/content`, () => new HttpResponse(null, { status: 503 })));
    const states: ContentState[] = [];
    const { state } = createContentClient({ endpoint, siteKey: 'pk', cache }).slot('home-hero');
    state.subscribe((s) => states.push(s));
    await settle(state, failed);
    expect(states.flatMap((s) => s.promotions.map((p) => p.id))).not.toContain('promo-black-friday');
    expect(state.value).toMatchObject({ status: 'error', source: 'cache' });
    expect(state.value.promotions.map((p) => p.id)).toEqual(['promo-winter']);
  });
});

describe('createContentClient: promo slots follow the shopper (sign-in, sign-out, another tab)', () => {
  const anonymousPromo: Promotion = { ...promo, id: 'promo-anon', title: 'Free shipping over 50 €' };
  /** The adapter answers a student's token (jwt-student) with the student offer, anyone else with the anonymous one. */
  function answerByShopper(wait: Record<string, number> = {}) {
    const asked: Array<string | null> = [];
    server.use(http.get(`${endpoint}/v1/content`, async ({ request }) => {
      const token = request.headers.get('x-focal-user-token');
      asked.push(token);
      if (wait[token ?? '']) await delay(wait[token ?? '']);
      return HttpResponse.json({ slot: 'home-hero', promotions: [token === 'jwt-student' ? promo : anonymousPromo] });
    }));
    return asked;
  }
  /** Every state a slot on screen goes through, as `status:ids`. */
  function watch(state: { subscribe(fn: (s: ContentState) => void): () => void }) {
    const shown: string[] = [];
    const stop = state.subscribe((s) => shown.push(`${s.status}:${s.promotions.map((p) => p.id).join()}`));
    return { shown, stop };
  }
  beforeEach(() => { vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }); });
  afterEach(() => { vi.useRealTimers(); });

  it('signing out (reset) takes the student offer off screen at once and asks the slot again for the anonymous shopper', async () => {
    const asked = answerByShopper();
    let aid = 'anon-1';
    let token: string | undefined = 'jwt-student';
    const { state } = createContentClient({ endpoint, siteKey: 'pk', cache: memoryCache(), anonymousId: () => aid, userToken: () => token }).slot('home-hero');
    const { shown, stop } = watch(state);
    await settle(state);
    expect(state.value.promotions.map((p) => p.id)).toEqual(['promo-student']);
    token = undefined; // focal.reset(): no token, a new anonymous id (here or in another tab)
    aid = 'anon-2';
    vi.advanceTimersByTime(1_000);
    expect(state.value).toMatchObject({ status: 'loading', promotions: [] });
    await vi.waitFor(() => expect(state.value.status).toBe('ready'));
    expect(shown).toEqual(['loading:', 'ready:promo-student', 'loading:', 'ready:promo-anon']);
    expect(asked).toEqual(['jwt-student', null]);
    stop();
  });

  it('signing out with the adapter down: the student offer is gone, not shown again from the cache', async () => {
    answerByShopper();
    let aid = 'anon-1';
    let token: string | undefined = 'jwt-student';
    const { state } = createContentClient({ endpoint, siteKey: 'pk', cache: memoryCache(), anonymousId: () => aid, userToken: () => token }).slot('home-hero');
    const { shown, stop } = watch(state);
    await settle(state);
    server.resetHandlers();
    server.use(http.get(`${endpoint}/v1/content`, () => HttpResponse.error()));
    token = undefined;
    aid = 'anon-2';
    vi.advanceTimersByTime(1_000);
    await vi.waitFor(() => expect(state.value.status).toBe('error'));
    expect(state.value.promotions).toEqual([]);
    expect(shown).toEqual(['loading:', 'ready:promo-student', 'loading:', 'error:']);
    stop();
  });

  it('signing in asks the slot again; the anonymous promotion stays until the student offer arrives', async () => {
    const asked = answerByShopper();
    let token: string | undefined;
    const { state } = createContentClient({ endpoint, siteKey: 'pk', cache: false, anonymousId: () => 'anon-1', userToken: () => token }).slot('home-hero');
    const { shown, stop } = watch(state);
    await settle(state);
    token = 'jwt-student'; // focal.identify('u1', { token })
    vi.advanceTimersByTime(1_000);
    await vi.waitFor(() => expect(state.value.promotions.map((p) => p.id)).toEqual(['promo-student']));
    expect(shown).toEqual(['loading:', 'ready:promo-anon', 'ready:promo-student']);
    expect(asked).toEqual([null, 'jwt-student']);
    stop();
  });

  it('an answer asked for the previous shopper that arrives after the change is not shown', async () => {
    const asked = answerByShopper({ 'jwt-student': 150 });
    let aid = 'anon-1';
    let token: string | undefined = 'jwt-student';
    const { state } = createContentClient({ endpoint, siteKey: 'pk', cache: false, anonymousId: () => aid, userToken: () => token }).slot('home-hero');
    const { shown, stop } = watch(state);
    await vi.waitFor(() => expect(asked).toHaveLength(1)); // the student's request is on its way
    token = undefined;
    aid = 'anon-2';
    vi.advanceTimersByTime(1_000);
    await vi.waitFor(() => expect(state.value.status).toBe('ready'));
    await new Promise((r) => setTimeout(r, 250)); // the student's answer has come back by now
    expect(shown).toEqual(['loading:', 'ready:promo-anon']);
    stop();
  });

  it('a slot asked for again right after a sign-out (an SPA\'s next view) is asked again for the new shopper', async () => {
    answerByShopper();
    let aid = 'anon-1';
    let token: string | undefined = 'jwt-student';
    const client = createContentClient({ endpoint, siteKey: 'pk', cache: false, anonymousId: () => aid, userToken: () => token });
    expect((await settle(client.slot('home-hero').state)).promotions.map((p) => p.id)).toEqual(['promo-student']);
    token = undefined;
    aid = 'anon-2';
    const again = client.slot('home-hero');
    await Promise.resolve();
    expect(again.state.value.promotions).toEqual([]);
    await vi.waitFor(() => expect(again.state.value.promotions.map((p) => p.id)).toEqual(['promo-anon']));
  });

  it('dispose() stops following the shopper: a disposed client asks nothing more', async () => {
    const asked = answerByShopper();
    let token: string | undefined = 'jwt-student';
    const client = createContentClient({ endpoint, siteKey: 'pk', cache: false, anonymousId: () => 'anon-1', userToken: () => token });
    const { state } = client.slot('home-hero');
    const { stop } = watch(state);
    await settle(state);
    client.dispose();
    token = undefined;
    vi.advanceTimersByTime(5_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(asked).toEqual(['jwt-student']);
    expect(vi.getTimerCount()).toBe(0); // no check left running on the page
    stop();
  });
});
