/**
 * The device's in-session state follows the tracker's session, as the trainer's does: a shopper who comes back to a
 * tab the next morning (the tracker started a new session, another `sessionId`) is ranked on what they did in this
 * session only — in the script tag's reranker chunk (state kept in `sessionStorage`) and on the ESM path
 * (`createSessionStore` + `asRerankerLike`) — with the features the trainer computes for that request.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Candidate, FocalEvent, Product } from '@focal/sdk-core/contracts';
import { asRerankerLike, computeFeatures, createReranker, createSessionStore, emptySession, initMlp, observe, rememberProducts, type SessionState } from '@focal/sdk-core/ranking';
import { createDeviceReranking } from '../../packages/widgets/src/script-reranker-chunk.js';
import { buildModel } from '../../packages/server-adapter/src/training/model-files.js';
import { impressionLists } from '../../packages/server-adapter/src/training/impression-lists.js';
import { seededRandom } from '../../packages/server-adapter/src/training/random.js';

const model = buildModel({ mlp: initMlp([16, 32, 16, 1], seededRandom(21)), normalization: { mean: Array(16).fill(0), std: Array(16).fill(1) }, history: [], bestEpoch: 1, epochs: 1 },
  { source: 'test', lists: 0, candidates: 0, positives: 0, metrics: {}, createdAt: '2026-11-24T00:00:00.000Z' });

const cands: Candidate[] = Array.from({ length: 8 }, (_, i) => ({
  id: `P${i}`, title: `P${i}`, url: `/p/${i}`, price: 40 + 30 * i, currency: 'EUR', categoryPath: [`Cat${i % 3}`], brand: `B${i % 4}`, inStock: true,
  strategy: 'co-view', features: { score: 1 / (1 + i), rank: i, popularity: 10, cooccurrence: 0, ageDays: 5, strategyScores: {} },
}));
const products: Product[] = cands.map(({ features: _f, strategy: _s, ...p }) => p);

let seq = 0;
const event = (sessionId: string, iso: string, type: string, properties: Record<string, unknown>) => ({
  id: `0190a000-0000-7000-8000-${String(++seq).padStart(12, '0')}`, type, createdAt: iso, anonymousId: 'anon-1', sessionId,
  consent: { analytics: true, personalization: true }, properties,
}) as FocalEvent;
// Monday evening: a long look at P5 and P6, P5 carted, P1 shown three times and ignored
const monday = [
  event('sess-mon', '2026-11-23T19:00:00.000Z', 'product_view', { productId: 'P5' }),
  event('sess-mon', '2026-11-23T19:01:00.000Z', 'product_view', { productId: 'P6' }),
  event('sess-mon', '2026-11-23T19:02:00.000Z', 'product_view', { productId: 'P5' }),
  event('sess-mon', '2026-11-23T19:03:00.000Z', 'add_to_cart', { productId: 'P5', quantity: 1, price: 190 }),
  ...[0, 1, 2].map((i) => event('sess-mon', `2026-11-23T19:04:0${i}.000Z`, 'rec_impression', { requestId: 'r0', placement: 'pdp-similar', productId: 'P1', position: i })),
];
// Tuesday morning, same tab: the tracker has started a new session
const tuesday = [
  event('sess-tue', '2026-11-24T09:00:00.000Z', 'page_view', {}),
  event('sess-tue', '2026-11-24T09:00:10.000Z', 'product_view', { productId: 'P2' }),
];
const NOW = Date.parse('2026-11-24T09:01:00.000Z');
const ids = (items: Candidate[]) => items.map((c) => c.id);

/** The order the pure-TS model gives `state` (the reference a fresh session is compared with). */
async function orderOf(state: SessionState): Promise<string[]> {
  const r = createReranker({ manifestUrl: 'http://shop.test/reranker.json', load: 'manual', fetch: (async () => Response.json(model.manifest)) as typeof fetch, now: () => NOW });
  expect(await r.load()).toBe('ts');
  return ids(r.rerankSync(cands, state).items);
}
const replay = (events: FocalEvent[], state = emptySession()) => events.reduce((s, e) => observe(s, e, undefined, NOW), state);

afterEach(() => vi.unstubAllGlobals());

describe('the device session follows the tracker session', () => {
  it('the trainer counts Tuesday\'s request on Tuesday\'s session only, and yesterday\'s signals would change the order', async () => {
    const impressions = cands.map((c, position) => event('sess-tue', '2026-11-24T09:01:00.000Z', 'rec_impression', { requestId: 'r1', placement: 'home', productId: c.id, position, features: c.features }));
    const { lists } = impressionLists([...monday, ...tuesday, ...impressions], products);
    const list = lists.find((l) => l.requestId === 'r1')!;
    // the device's state after both sessions' events (as the tracker emitted them) gives the trainer's features
    const device = replay([...monday, ...tuesday], rememberProducts(emptySession(), cands));
    expect(Array.from(computeFeatures(list.ids.map((id) => cands.find((c) => c.id === id)!), device, NOW))).toEqual(Array.from(list.x));
    // the test has teeth: had Monday counted, the shopper would see another order
    const asOneSession = replay([...monday, ...tuesday].map((e) => ({ ...e, sessionId: 'sess-tue' })));
    expect(await orderOf(asOneSession)).not.toEqual(await orderOf(replay(tuesday)));
  });

  it('script tag: a tab reused the next morning ranks like a fresh tab, also after a reload (sessionStorage)', async () => {
    const storage = new Map<string, string>();
    vi.stubGlobal('sessionStorage', {
      getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k),
    });
    vi.stubGlobal('fetch', (async (url: string) => (String(url).endsWith('/assets/reranker.json') ? Response.json(model.manifest) : new Response('', { status: 404 }))) as typeof fetch);
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    try {
      const loaded = async (d: ReturnType<typeof createDeviceReranking>) => {
        await vi.waitFor(() => expect(d.version()).toBe(model.manifest.version));
        return d;
      };
      const expected = await orderOf(rememberProducts(replay(tuesday), cands)); // the tab learns the candidates when it ranks
      // Monday: the events arrive while the page is open; the tab stays open overnight
      const tab = await loaded(createDeviceReranking('https://shop.test/focal', 'focal-session'));
      for (const e of monday) tab.observe(e);
      for (const e of tuesday) tab.observe(e);
      expect(ids(tab.rerank(cands) as Candidate[])).toEqual(expected);
      // Tuesday's next page in that tab: the state read back from sessionStorage is Tuesday's
      const next = await loaded(createDeviceReranking('https://shop.test/focal', 'focal-session'));
      expect(ids(next.rerank(cands) as Candidate[])).toEqual(expected);
      // Monday's events buffered before the chunk loaded, then Tuesday's: replayed in order, the same
      storage.clear();
      const buffered = await loaded(createDeviceReranking('https://shop.test/focal', 'focal-session', [...monday, ...tuesday].map((e) => ({ event: e }))));
      expect(ids(buffered.rerank(cands) as Candidate[])).toEqual(expected);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ESM: createSessionStore fed by tracker.onEvent and asRerankerLike rank the next morning like a fresh session', async () => {
    const reranker = createReranker({ manifestUrl: 'http://shop.test/reranker.json', load: 'manual', fetch: (async () => Response.json(model.manifest)) as typeof fetch, now: () => NOW });
    expect(await reranker.load()).toBe('ts');
    const session = createSessionStore();
    for (const e of monday) session.observe(e);
    expect(session.observe(tuesday[1])).toBe(true);
    const like = asRerankerLike(reranker);
    expect(ids(like.rerank(cands, session.state.value) as Candidate[])).toEqual(await orderOf(replay(tuesday)));
  });
});
