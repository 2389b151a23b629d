/**
 * The email endpoint renders each email once. It used to render it twice: a first pass with placeholder links to learn
 * which products sat at which position, then the real pass with their signed tokens (twice the preact work, and the
 * link builder called twice per product).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestAdapter } from '../../../../tests/helpers/adapter.js';
import { asAdmin, hrefs, startEmailAdapter } from './setup.js';

const renders = vi.hoisted(() => ({ count: 0 }));
vi.mock('preact-render-to-string', async (original) => {
  const actual = await original<typeof import('preact-render-to-string')>();
  return { ...actual, render: (...args: Parameters<typeof actual.render>) => { renders.count++; return actual.render(...args); } };
});

describe('GET /v1/email/recommendations.html|.txt', () => {
  let adapter: TestAdapter;
  beforeAll(async () => { adapter = await startEmailAdapter(); });
  afterAll(async () => adapter?.close());

  it.each(['html', 'txt'])('.%s renders the email once: preact renders the block and the document, one time each', async (ext) => {
    renders.count = 0;
    const response = await asAdmin(adapter, `/v1/email/recommendations.${ext}?user=cust-cold&layout=row&columns=4&limit=8&campaign=render-once`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(response.headers.get('x-focal-items')).toBe('7');
    expect(renders.count).toBe(2);
    if (ext === 'html') expect(new Set(hrefs(body)).size).toBe(7);
  });

  it('an email with no product to show renders only its (empty) document', async () => {
    const site = (await adapter.store.sites.get(adapter.siteKey))!;
    try {
      await adapter.store.sites.upsert({ ...site, settings: { ...site.settings, email: { currency: 'CHF' } } });
      renders.count = 0;
      const response = await asAdmin(adapter, '/v1/email/recommendations.html?user=cust-cold&campaign=render-once');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-focal-items')).toBe('0');
      await response.text();
      expect(renders.count).toBe(1);
    } finally {
      await adapter.store.sites.upsert(site);
    }
  });
});
