/**
 * The script tag's lazy reranker chunk in Chromium: focal.min.js buffers in-session signals from page start, loads
 * `${data-endpoint}/assets/focal-reranker.min.js` on idle, and replays them into the session; a missing chunk turns
 * device reranking off without a page error. Reads packages/widgets/dist (run `npm run build` first).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { serveStatic, type StaticServer } from '../helpers/static-server.js';

const page = (endpoint: string, consent = '') => `<!doctype html><html lang="en"><head><title>t</title></head><body>
<script src="/packages/widgets/dist/focal.min.js" data-endpoint="${endpoint}" data-site-key="pk_test" data-flush-interval="600000"></script>
<script>
  ${consent}
  focal.describe([{ id: 'FR-1', categoryPath: ['Frames', 'Optical frames'], brand: 'Lumen', price: 129, features: { rank: 0, score: 1 } }]);
  focal.track('product_view', { productId: 'FR-1' });
</script></body></html>`;

describe('script tag: lazy reranker chunk', () => {
  let browser: Browser;
  let site: StaticServer;
  beforeAll(async () => {
    browser = await launchChromium();
    const files: Record<string, string> = {
      '/ep/assets/focal-reranker.min.js': readFileSync('packages/widgets/dist/focal-reranker.min.js', 'utf8'),
      '/ep/assets/reranker.json': readFileSync('models/reranker.json', 'utf8'),
    };
    site = await serveStatic(process.cwd(), files);
    files['/with-chunk.html'] = page(`${site.url}/ep`);
    files['/without-chunk.html'] = page(`${site.url}/missing`);
    files['/refused.html'] = page(`${site.url}/ep`, 'focal.consent({ analytics: true, personalization: false });');
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('signals from page start reach the session once the chunk has loaded (after the page load), in order', async () => {
    const p = await browser.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    const chunkRequests: number[] = [];
    p.on('request', (r) => { if (r.url().endsWith('/focal-reranker.min.js')) chunkRequests.push(Date.now()); });
    let loadedAt = 0;
    p.on('load', () => { loadedAt = Date.now(); });
    await p.goto(`${site.url}/with-chunk.html`);
    await p.waitForFunction(() => JSON.parse(sessionStorage.getItem('focal-session') ?? 'null')?.views?.length === 1, null, { timeout: 10_000 });
    const state = await p.evaluate(() => ({
      session: JSON.parse(sessionStorage.getItem('focal-session')!),
      pending: sessionStorage.getItem('focal-session-pending'),
    }));
    // the view counted with what describe() said about the product: the describe was replayed before the view
    expect(state.session.views[0].productId).toBe('FR-1');
    expect(Object.keys(state.session.categoryViews)).toHaveLength(1);
    expect(state.session.brandViews).toEqual({ lumen: 1 });
    expect(state.pending).toBeNull();
    expect(chunkRequests).toHaveLength(1);
    expect(chunkRequests[0]).toBeGreaterThanOrEqual(loadedAt);
    expect(errors).toEqual([]);
    await p.close();
  });

  it('a saved session of another shape (corrupted, or written by another SDK version) is replaced, not kept for ever', async () => {
    for (const saved of ['{"views":[],"catalog":null}', '{"views":[{"productId":"X","at":1}],"catalog":{}}', '[1,2]', '{not json']) {
      const p = await browser.newPage();
      const errors: string[] = [];
      p.on('pageerror', (e) => errors.push(e.message));
      await p.addInitScript((value) => { if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('focal-session', value); sessionStorage.setItem('seeded', '1'); } }, saved);
      await p.goto(`${site.url}/with-chunk.html`);
      // the view of this page is counted (with what describe() said) in a fresh session
      // (the seeded value may still be there at the first look: not JSON is "not yet", not an error)
      await p.waitForFunction(() => {
        try { return JSON.parse(sessionStorage.getItem('focal-session') ?? 'null')?.totalViews === 1; } catch { return false; }
      }, null, { timeout: 10_000 });
      const session = await p.evaluate(() => JSON.parse(sessionStorage.getItem('focal-session')!));
      expect(session.views.map((v: { productId: string }) => v.productId)).toEqual(['FR-1']);
      expect(session.brandViews).toEqual({ lumen: 1 });
      expect(errors).toEqual([]);
      await p.close();
    }
  });

  it('a chunk that does not load: device reranking off with a warning, no page error, nothing left buffered', async () => {
    const p = await browser.newPage();
    const errors: string[] = [];
    const warnings: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await p.goto(`${site.url}/without-chunk.html`);
    await p.waitForFunction(() => !sessionStorage.getItem('focal-session-pending') && (window as unknown as { focal?: { track?: unknown } }).focal?.track, null, { timeout: 10_000 });
    await expect.poll(() => warnings.join('\n'), { timeout: 10_000 }).toMatch(/device reranking off, server order shown/);
    expect(await p.evaluate(() => sessionStorage.getItem('focal-session-pending'))).toBeNull();
    expect(errors).toEqual([]);
    await p.close();
  });

  it('a shopper who refused personalisation leaves no signal in the device session', async () => {
    const p = await browser.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    const chunk = p.waitForRequest((r) => r.url().endsWith('/focal-reranker.min.js'), { timeout: 10_000 });
    await p.goto(`${site.url}/refused.html`);
    await chunk;
    // the view was tracked (analytics consent) …
    await p.waitForFunction(() => (window as unknown as { focal: { stats: { value: { queued: number } } } }).focal.stats.value.queued >= 1, null, { timeout: 10_000 });
    await p.waitForTimeout(500);
    // … but neither buffered nor counted in the session
    const state = await p.evaluate(() => JSON.parse(sessionStorage.getItem('focal-session') ?? 'null') as { views?: unknown[] } | null);
    expect(state?.views ?? []).toEqual([]);
    expect(errors).toEqual([]);
    await p.close();
  });
});
