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

const page = (endpoint: string, consent = '', siteKey = 'pk_test', product = 'FR-1') => `<!doctype html><html lang="en"><head><title>t</title></head><body>
<script src="/packages/widgets/dist/focal.min.js" data-endpoint="${endpoint}" data-site-key="${siteKey}" data-flush-interval="600000"></script>
<script>
  ${consent}
  focal.describe([{ id: '${product}', categoryPath: ['Frames', 'Optical frames'], brand: 'Lumen', price: 129, features: { rank: 0, score: 1 } }]);
  focal.track('product_view', { productId: '${product}' });
</script></body></html>`;

/** Every device session the page keeps in sessionStorage, by key. */
const sessions = () => Object.fromEntries(Object.keys(sessionStorage).filter((k) => /^focal-session(?!.*pending)/.test(k))
  .map((k) => [k, JSON.parse(sessionStorage.getItem(k)!) as { sessionId?: string; views: Array<{ productId: string }> }]));

describe('script tag: lazy reranker chunk', () => {
  let browser: Browser;
  let site: StaticServer;
  let chunkAsked = 0;
  let wasmDown = false;
  beforeAll(async () => {
    browser = await launchChromium();
    const files: Record<string, string> = {
      '/ep/assets/focal-reranker.min.js': readFileSync('packages/widgets/dist/focal-reranker.min.js', 'utf8'),
      '/ep/assets/reranker.json': readFileSync('models/reranker.json', 'utf8'),
    };
    // /flaky/: an adapter whose CDN has a blip: the chunk's first request, or onnxruntime-web's .wasm while `wasmDown`,
    // answered 503; its assets are the real ones (the built chunk, the shipped model, onnxruntime-web's files)
    site = await serveStatic(process.cwd(), files, (path) => {
      if (!path.startsWith('/flaky/assets/')) return path;
      const file = path.slice('/flaky/assets/'.length);
      if (file === 'focal-reranker.min.js' && !chunkAsked++) return null;
      if (file.startsWith('ort/')) return wasmDown && file.endsWith('.wasm') ? null : `/node_modules/onnxruntime-web/dist/${file.slice(4)}`;
      return file.startsWith('reranker.') ? `/models/${file}` : `/packages/widgets/dist/${file}`;
    });
    files['/with-chunk.html'] = page(`${site.url}/ep`);
    files['/flaky-chunk.html'] = page(`${site.url}/flaky`);
    files['/blank.html'] = '<!doctype html><html lang="en"><head><title>t</title></head><body></body></html>';
    files['/without-chunk.html'] = page(`${site.url}/missing`);
    files['/refused.html'] = page(`${site.url}/ep`, 'focal.consent({ analytics: true, personalization: false });');
    // a second store on the same origin (its own site key and catalog), and a page that tracks nothing
    files['/other-store.html'] = page(`${site.url}/ep`, '', 'pk_other', 'FR-2');
    files['/quiet.html'] = `<!doctype html><html lang="en"><head><title>t</title></head><body>
<script src="/packages/widgets/dist/focal.min.js" data-endpoint="${site.url}/ep" data-site-key="pk_test" data-flush-interval="600000"></script></body></html>`;
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
    await p.waitForFunction(() => JSON.parse(sessionStorage.getItem('focal-session:pk_test') ?? 'null')?.views?.length === 1, null, { timeout: 10_000 });
    const state = await p.evaluate(() => ({
      session: JSON.parse(sessionStorage.getItem('focal-session:pk_test')!),
      pending: sessionStorage.getItem('focal-session:pk_test:pending'),
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
      await p.addInitScript((value) => { if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('focal-session:pk_test', value); sessionStorage.setItem('seeded', '1'); } }, saved);
      await p.goto(`${site.url}/with-chunk.html`);
      // the view of this page is counted (with what describe() said) in a fresh session
      // (the seeded value may still be there at the first look: not JSON is "not yet", not an error)
      await p.waitForFunction(() => {
        try { return JSON.parse(sessionStorage.getItem('focal-session:pk_test') ?? 'null')?.totalViews === 1; } catch { return false; }
      }, null, { timeout: 10_000 });
      const session = await p.evaluate(() => JSON.parse(sessionStorage.getItem('focal-session:pk_test')!));
      expect(session.views.map((v: { productId: string }) => v.productId)).toEqual(['FR-1']);
      expect(session.brandViews).toEqual({ lumen: 1 });
      expect(errors).toEqual([]);
      await p.close();
    }
  });

  it('a chunk that does not load: asked for 3 more times (10 s, 20 s, 40 s later), then device reranking off with a warning, no page error, nothing left buffered', async () => {
    const p = await browser.newPage();
    const errors: string[] = [];
    const warnings: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    const asked: number[] = [];
    p.on('request', (r) => { if (r.url().includes('/missing/assets/focal-reranker.min.js')) asked.push(Date.now()); });
    await p.clock.install({ time: 0 }); // the page's timers run only as the test moves its clock
    await p.goto(`${site.url}/without-chunk.html`);
    // (fake seconds, each a step: the page answers the network in between)
    for (let i = 0; i < 200 && !/device reranking off/.test(warnings.join('\n')); i++) await p.clock.runFor(1_000);
    expect(warnings.join('\n')).toMatch(/device reranking off, server order shown/);
    expect(asked).toHaveLength(4);
    // (in the page's fake time, from 0: at least 10 s, 20 s and 40 s between the tries)
    expect(await p.evaluate(() => Date.now())).toBeGreaterThanOrEqual(70_000);
    expect(await p.evaluate(() => sessionStorage.getItem('focal-session:pk_test:pending'))).toBeNull();
    expect(errors).toEqual([]);
    await p.close();
  });

  it('a chunk that failed to load (a network blip) is asked for again 10 s later, and the signals kept meanwhile reach the session', async () => {
    const p = await browser.newPage();
    const errors: string[] = [];
    const warnings: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    const answers: number[] = [];
    p.on('response', (r) => { if (r.url().includes('/flaky/assets/focal-reranker.min.js')) answers.push(r.status()); });
    chunkAsked = 0;
    await p.clock.install(); // the page's timers run only as the test moves its clock
    await p.goto(`${site.url}/flaky-chunk.html`);
    // (fake seconds, each a step: the page answers the network in between)
    for (let i = 0; i < 60 && answers.length < 2; i++) await p.clock.runFor(1_000);
    expect(answers).toEqual([503, 200]);
    let views = 0;
    for (let i = 0; i < 500 && views !== 1; i++) {
      await p.clock.runFor(100);
      views = await p.evaluate(() => JSON.parse(sessionStorage.getItem('focal-session:pk_test') ?? 'null')?.views?.length ?? 0);
    }
    // the view tracked while the chunk was missing counts, with what describe() said about the product
    const session = await p.evaluate(() => JSON.parse(sessionStorage.getItem('focal-session:pk_test')!));
    expect(session.views.map((v: { productId: string }) => v.productId)).toEqual(['FR-1']);
    expect(session.brandViews).toEqual({ lumen: 1 });
    expect(warnings.join('\n')).not.toMatch(/device reranking off/);
    expect(errors).toEqual([]);
    await p.close();
  });

  it('the ONNX model is used after onnxruntime-web failed to fetch its .wasm once (a network blip): the pure-TS model meanwhile', async () => {
    const p = await browser.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    const wasm: number[] = [];
    p.on('response', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.status()); });
    const ort: string[] = []; // onnxruntime-web's files asked for
    p.on('request', (r) => { if (r.url().includes('/assets/ort/')) ort.push(r.url().replace(/.*\/assets\/ort\//, '')); });
    const logged: string[] = [];
    p.on('console', (m) => logged.push(m.text()));
    chunkAsked = 1; // (the chunk itself loads at once)
    wasmDown = true;
    const t0 = Date.parse('2030-01-01T00:00:00Z');
    await p.clock.setFixedTime(t0); // the reranker's clock; the page's timers run as usual
    await p.goto(`${site.url}/blank.html`);
    const items = Array.from({ length: 6 }, (_, i) => ({ id: `P${i}`, title: `P${i}`, url: `/p/${i}`, price: 30 + i * 20, currency: 'EUR', categoryPath: ['Frames'], brand: `B${i % 3}`, inStock: true, strategy: 'co-view', features: { score: 1 - i / 6, rank: i, popularity: i, cooccurrence: 0, ageDays: i, strategyScores: {} } }));
    // (a string: the test runner would rewrite an import() in a function)
    const base = `${site.url}/flaky`;
    await p.evaluate(`import(${JSON.stringify(`${base}/assets/focal-reranker.min.js`)}).then((chunk) => { window.device = chunk.createDeviceReranking(${JSON.stringify(base)}, 'focal-session:pk_wasm'); })`);
    // the first load: onnxruntime-web asked for its .wasm, then again as it falls back, was refused both times and gave up
    await expect.poll(() => logged.some((text) => /Aborted\(both async and sync fetching of the wasm failed\)/.test(text)), { timeout: 30_000 }).toBe(true);
    expect(wasm).toEqual([503, 503]);
    wasmDown = false; // the CDN is back
    const onnx = `(() => device.rerank(${JSON.stringify(items)}) instanceof Promise)()`; // (the pure-TS model answers at once)
    expect(await p.evaluate(onnx)).toBe(false);
    // a rerank once the retry is due (10 s later; a step further if the failure was counted after the first step)
    let loaded = false;
    for (let step = 1; step <= 4 && !loaded; step++) {
      await p.clock.setFixedTime(t0 + step * 60_000);
      loaded = await p.waitForFunction(onnx, null, { timeout: 20_000 }).then(() => true, () => false);
    }
    expect(loaded).toBe(true);
    expect(wasm.at(-1)).toBe(200);
    // only the .wasm, each time: the runtime's JS glue (ort-wasm-simd-threaded.mjs) is the chunk's own
    expect(new Set(ort)).toEqual(new Set(['ort-wasm-simd-threaded.wasm']));
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
    const state = await p.evaluate(() => JSON.parse(sessionStorage.getItem('focal-session:pk_test') ?? 'null') as { views?: unknown[] } | null);
    expect(state?.views ?? []).toEqual([]);
    expect(errors).toEqual([]);
    await p.close();
  });

  it('withdrawing consent to personalisation forgets what the device session held', async () => {
    const p = await browser.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${site.url}/with-chunk.html`);
    await p.waitForFunction(`Object.values((${sessions})()).some((s) => s.views.length === 1)`, null, { timeout: 10_000 });
    // the shopper opens the consent banner and withdraws personalisation; the store tracks on (analytics consent)
    await p.evaluate(() => {
      const focal = (window as unknown as { focal: { consent(c: object): void; track(t: string, p: object): void } }).focal;
      focal.consent({ analytics: true, personalization: false });
      focal.track('product_view', { productId: 'FR-3' });
    });
    await p.waitForFunction(`Object.values((${sessions})()).every((s) => s.views.length === 0)`, null, { timeout: 10_000 });
    // neither the views from before the withdrawal nor the one after are counted anywhere
    for (const s of Object.values(await p.evaluate(sessions)) as unknown as Array<Record<string, object>>) {
      expect([s.itemViews, s.brandViews, s.categoryViews, s.totalViews]).toEqual([{}, {}, {}, 0]);
    }
    expect(errors).toEqual([]);
    await p.close();
  });

  it('another store on the same origin (another site key) ranks with its own session, not this one\'s', async () => {
    const p = await browser.newPage();
    await p.goto(`${site.url}/with-chunk.html`);
    await p.waitForFunction(`Object.values((${sessions})()).some((s) => s.views.length === 1)`, null, { timeout: 10_000 });
    // same tab, same origin, the other store's page: its view of FR-2 lands in the session it ranks with …
    await p.goto(`${site.url}/other-store.html`);
    await p.waitForFunction(`Object.values((${sessions})()).some((s) => s.views.some((v) => v.productId === 'FR-2'))`, null, { timeout: 10_000 });
    const theirs = Object.values(await p.evaluate(sessions)).find((s) => s.views.some((v) => v.productId === 'FR-2'))!;
    // … which holds nothing the shopper did in the first store
    expect(theirs.views.map((v) => v.productId)).toEqual(['FR-2']);
    await p.close();
  });

  it('after focal.reset() (a shopper signs out) the next page does not rank with the previous shopper\'s session', async () => {
    const p = await browser.newPage();
    await p.goto(`${site.url}/with-chunk.html`);
    await p.waitForFunction(`Object.values((${sessions})()).some((s) => s.views.length === 1)`, null, { timeout: 10_000 });
    await p.evaluate(() => (window as unknown as { focal: { reset(): void; flush(): Promise<void> } }).focal.reset());
    await p.evaluate(() => (window as unknown as { focal: { flush(): Promise<void> } }).focal.flush());
    // a page that tracks nothing yet (its recommendations are ranked before the first impression is tracked)
    await p.goto(`${site.url}/quiet.html`);
    await p.waitForFunction(() => !!(window as unknown as { focal?: { sessionId?: string } }).focal?.sessionId);
    await p.waitForFunction(`Object.values((${sessions})()).every((s) => s.views.length === 0 && s.sessionId === focal.sessionId)`, null, { timeout: 10_000 });
    await p.close();
  });
});
