/**
 * The CMS is down when the adapter starts (a deploy or restart during a Contentful outage): the adapter has no last good
 * content of its own. Shoppers' browsers do (the content client's cache), and the content client keeps showing it
 * while "the adapter or the CMS cannot answer" — as long as the adapter does not answer "this slot is empty".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContentClient, memoryCache, shopperKey, type ContentState } from '@focal/sdk-core';
import type { Promotion } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { startCmsServer, type CmsServer } from './cms-server.js';

let cms: CmsServer;
let adapter: TestAdapter;
const lastGood: Promotion = {
  id: '6bVhQ1dXKrM0Q3kZfQ2s7a', slot: 'home-hero', title: 'Free eye test with every pair of glasses', priority: 10, source: 'contentful',
  cta: { label: 'Book', url: '/eye-test' },
};

beforeAll(async () => {
  cms = await startCmsServer();
  cms.mode = 'down';
  adapter = await startTestAdapter({
    config: { content: { provider: 'contentful', contentful: { spaceId: 'focal0space', accessToken: 'cda-token', host: cms.url } } } as never,
  });
});
afterAll(async () => {
  await adapter?.close();
  await cms?.close();
});

const settled = (state: { subscribe(fn: (s: ContentState) => void): () => void }) => new Promise<ContentState>((resolve) => {
  // settled: the adapter's answer (or failure) is in, not just the cached promotions shown while it loads
  const stop = state.subscribe((s) => { if (s.status === 'error' || (s.status !== 'loading' && s.source !== 'cache')) { queueMicrotask(() => stop()); resolve(s); } });
});

describe('a CMS outage before the adapter has any content', () => {
  it('leaves the shopper\'s last good promotions on screen and in their cache, instead of an empty slot', async () => {
    const cache = memoryCache<unknown>();
    await cache.set(`${adapter.url}|${adapter.siteKey}|content:home-hero`, { response: [lastGood], storedAt: Date.now() - 3_600_000, shopper: shopperKey('anon-1\n') });
    const visit = () => createContentClient({ endpoint: adapter.url, siteKey: adapter.siteKey, anonymousId: () => 'anon-1', cache }).slot('home-hero').state;
    const first = await settled(visit());
    expect(first.promotions.map((p) => p.id)).toEqual([lastGood.id]);
    expect(first.status).toBe('error');
    // the next page view still has them: the outage did not overwrite the cache with "nothing"
    const next = await settled(visit());
    expect(next.promotions.map((p) => p.id)).toEqual([lastGood.id]);
    expect(cms.requests.length).toBeGreaterThan(0);
  });

  it('collapses a slot with nothing cached, and says why in the answer', async () => {
    const response = await fetch(`${adapter.url}/v1/content?slot=home-hero`, { headers: { 'x-focal-site-key': adapter.siteKey } });
    expect(response.status).toBe(503);
    const body = await response.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('content_unavailable');
    expect(body.error.message).toMatch(/contentful/);
    expect(JSON.stringify(body)).not.toContain('cda-token');
    const state = await settled(createContentClient({ endpoint: adapter.url, siteKey: adapter.siteKey, cache: false }).slot('home-hero').state);
    expect(state).toMatchObject({ status: 'error', promotions: [] });
  });
});
