import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const stores = [{ name: 'PGlite', databaseUrl: undefined }, ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', databaseUrl: process.env.DATABASE_URL }] : [])];
const products = Array.from({ length: 40 }, (_, i) => makeProduct(`P${i}`, { categoryPath: [i % 2 ? 'Frames' : 'Sunglasses'] }));

describe.each(stores)('profile updates under concurrency on $name', ({ databaseUrl }) => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter({ products, ...(databaseUrl ? { databaseUrl } : {}) });
  });
  afterAll(async () => adapter?.close());

  it('loses no view when many batches for one shopper arrive at once', async () => {
    const base = Date.now() - 60_000;
    await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${adapter.url}/v1/events`, {
      method: 'POST',
      headers: { 'x-focal-site-key': adapter.siteKey, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [makeEvent('product_view', { anonymousId: 'busy', createdAt: new Date(base + i * 1000).toISOString(), properties: { productId: `P${i}` } })] }),
    }).then((r) => r.json())));
    const profile = await (await fetch(`${adapter.url}/v1/profiles/me`, { headers: { 'x-focal-site-key': adapter.siteKey, 'x-focal-anonymous-id': 'busy' } })).json();
    expect(profile.recentViews).toHaveLength(20);
    expect(profile.recentViews[0].productId).toBe('P19'); // most recent first, whatever the arrival order
    expect(profile.affinities.category.Frames).toBeCloseTo(0.5, 1);
  });
});
