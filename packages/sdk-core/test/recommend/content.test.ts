import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { createContentClient, type ContentState } from '../../src/recommend/index.js';
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
function settle(state: { subscribe(fn: (s: ContentState) => void): () => void }): Promise<ContentState> {
  return new Promise((resolve) => { const stop = state.subscribe((s) => { if (s.status !== 'loading') { queueMicrotask(() => stop()); resolve(s); } }); });
}

describe('createContentClient', () => {
  it('loads a slot with the site key header, dropping invalid promotions', async () => {
    let headers: Headers | undefined;
    server.use(http.get(`${endpoint}/v1/content`, ({ request }) => {
      headers = request.headers;
      return HttpResponse.json({ slot: new URL(request.url).searchParams.get('slot'), promotions: [promo, { id: 'broken' }] });
    }));
    const state = await settle(createContentClient({ endpoint, siteKey: 'pk_demo' }).slot('home-hero').state);
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
    const client = createContentClient({ endpoint, siteKey: 'pk', timeoutMs: 100 });
    expect((await settle(client.slot('empty').state)).status).toBe('empty');
    expect((await settle(client.slot('down').state)).status).toBe('error');
    expect((await settle(client.slot('slow').state)).status).toBe('error');
    expect(() => client.slot('bad slot!')).toThrow(/content slot/);
  });
});
