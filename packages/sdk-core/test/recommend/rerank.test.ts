import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createRecommendClient, memoryCache, type ObservedEvent } from '../../src/recommend/index.js';
import type { Candidate } from '../../src/contracts/index.js';
import { result, settled } from './fixtures.js';

const endpoint = 'https://recs.test';
const server = setupServer(http.post(`${endpoint}/v1/recommendations`, async ({ request }) => {
  const body = await request.json() as { placements: Array<{ placement: string }> };
  return HttpResponse.json({ results: body.placements.map((p) => result(p.placement, ['A', 'B', 'C'])) });
}));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A fake tracker's event hook. */
function events() {
  const listeners: Array<(e: ObservedEvent) => void> = [];
  return {
    onEvent: (l: (e: ObservedEvent) => void) => { listeners.push(l); return () => listeners.splice(listeners.indexOf(l), 1); },
    emit: (e: ObservedEvent) => listeners.forEach((l) => l(e)),
    get count() { return listeners.length; },
  };
}
const ids = (items: Array<{ id: string }>) => items.map((i) => i.id).join('');

describe('device reranking of placements', () => {
  it('reorders on arrival, keeps each item\'s serverRank and marks the source', async () => {
    const reranker = { rerank: (items: Candidate[]) => [...items].reverse() };
    const c = createRecommendClient({ endpoint, siteKey: 'pk', cache: memoryCache(), reranker });
    const state = await settled(c.placement({ placement: 'home-for-you' }));
    expect(state.source).toBe('reranked');
    expect(state.items.map((i) => [i.id, i.serverRank])).toEqual([['C', 2], ['B', 1], ['A', 0]]);
  });

  it('reranks again on an in-session signal with the current session state, not on page views', async () => {
    let viewed = '';
    const bus = events();
    const reranker = { rerank: (items: Candidate[], session?: unknown) => [...items].sort((a) => (a.id === (session as { viewed: string }).viewed ? -1 : 0)) };
    const c = createRecommendClient({ endpoint, siteKey: 'pk', cache: memoryCache(), reranker, sessionState: () => ({ viewed }), onEvent: bus.onEvent });
    const h = c.placement({ placement: 'home-for-you' });
    expect(ids((await settled(h)).items)).toBe('ABC');
    viewed = 'C';
    bus.emit({ type: 'page_view' });
    await Promise.resolve();
    expect(ids(h.state.value.items)).toBe('ABC');
    bus.emit({ type: 'product_view', properties: { productId: 'C' } });
    await Promise.resolve();
    expect(ids(h.state.value.items)).toBe('CAB');
    c.dispose();
    expect(bus.count).toBe(0);
  });

  it('keeps the server order while the shopper refuses personalisation, and reranks once they accept', async () => {
    let personalization: boolean | undefined = false;
    const bus = events();
    const reranker = { rerank: (items: Candidate[]) => [...items].reverse() };
    const c = createRecommendClient({ endpoint, siteKey: 'pk', cache: memoryCache(), reranker, onEvent: bus.onEvent, personalization: () => personalization });
    const h = c.placement({ placement: 'home-for-you' });
    const state = await settled(h);
    expect([state.source, ids(state.items)]).toEqual(['server', 'ABC']);
    bus.emit({ type: 'product_view', properties: { productId: 'C' } });
    await Promise.resolve();
    expect(ids(h.state.value.items)).toBe('ABC');
    personalization = true;
    bus.emit({ type: 'product_view', properties: { productId: 'C' } });
    await Promise.resolve();
    expect([h.state.value.source, ids(h.state.value.items)]).toEqual(['reranked', 'CBA']);
  });

  it('a reranked placement names the device model that ordered it (its impressions carry that modelVersion)', async () => {
    const reranker = { rerank: (items: Candidate[]) => [...items].reverse(), version: () => 'mlp-device-1' };
    const state = await settled(createRecommendClient({ endpoint, siteKey: 'pk', cache: memoryCache(), reranker }).placement({ placement: 'home-for-you' }));
    expect([state.source, state.modelVersion]).toEqual(['reranked', 'mlp-device-1']);
  });

  it('applies an asynchronous reranker after showing the server order', async () => {
    const reranker = { rerank: async (items: Candidate[]) => [items[1], items[0], items[2]] };
    const h = createRecommendClient({ endpoint, siteKey: 'pk', cache: memoryCache(), reranker }).placement({ placement: 'pdp-similar' });
    expect((await settled(h)).source).toBe('server');
    expect(ids((await settled(h, (s) => s.source === 'reranked')).items)).toBe('BAC');
  });

  it('keeps the server order when the reranker throws or returns nothing', async () => {
    for (const rerank of [() => { throw new Error('model failed'); }, () => [] as Candidate[], async () => { throw new Error('x'); }]) {
      const h = createRecommendClient({ endpoint, siteKey: 'pk', cache: memoryCache(), reranker: { rerank } }).placement({ placement: 'pdp-similar' });
      const state = await settled(h);
      await new Promise((r) => setTimeout(r, 10));
      expect(state.status).toBe('ready');
      expect(ids(h.state.value.items)).toBe('ABC');
      expect(h.state.value.source).toBe('server');
    }
  });
});
