/**
 * The reranker in real Chromium with the real runtime chunk (packages/widgets/dist/focal-reranker.min.js, built by
 * `npm run build`), real onnxruntime-web wasm and the shipped model; the page loads the SDK as a classic script, like
 * the script tag, so the runtime comes by URL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../../tests/helpers/chromium.js';
import { serveStatic, type StaticServer } from '../../../../tests/helpers/static-server.js';

const root = new URL('../../../../', import.meta.url).pathname;
const CHUNK = 'packages/widgets/dist/focal-reranker.min.js';

const pageScript = `
  import * as ranking from './packages/sdk-core/src/ranking/index.ts';
  window.ranking = ranking;
  window.makeCandidates = () => Array.from({ length: 60 }, (_, i) => ({
    id: 'P' + i, title: 'P' + i, url: '/p/' + i, price: 30 + (i * 11) % 200, currency: 'EUR', categoryPath: [['Frames', 'Optical'], ['Sunglasses', 'Sport'], ['Cases', 'Hard']][i % 3],
    brand: 'B' + (i % 5), inStock: true, strategy: 'co-view',
    features: { score: 1 - i / 60, rank: i, popularity: (i * 7) % 90, cooccurrence: (i % 5) / 3, ageDays: i, strategyScores: {} },
  }));
  window.makeState = (candidates) => {
    let s = ranking.rememberProducts(ranking.emptySession(), candidates);
    for (const id of ['P7', 'P13', 'P7', 'P22']) s = ranking.observe(s, { id: 'x', type: 'product_view', createdAt: new Date().toISOString(), anonymousId: 'a', sessionId: 's', consent: { analytics: true, personalization: true }, properties: { productId: id } });
    return s;
  };
  window.readyAtStart = 'unset';
  window.startIdle = () => {
    const r = ranking.createReranker({ manifestUrl: '/models/reranker.json', runtimeUrl: '/${CHUNK}', wasmPaths: '/node_modules/onnxruntime-web/dist/' });
    window.readyAtStart = r.ready.value;
    window.idleReranker = r;
  };
  window.startIdle();
`;

describe('reranker in Chromium', () => {
  let browser: Browser;
  let site: StaticServer;
  let page: Page;
  const requests: string[] = [];
  let wasmDown = false;
  beforeAll(async () => {
    if (!existsSync(`${root}${CHUNK}`)) throw new Error(`${CHUNK} is missing: run npm run build first`);
    const bundle = await build({ stdin: { contents: pageScript, resolveDir: root, loader: 'ts' }, bundle: true, format: 'iife', write: false, conditions: ['@focal/source'], platform: 'browser', logLevel: 'silent' });
    const onnx = readFileSync(`${root}models/reranker.onnx`);
    const tampered = Buffer.from(onnx);
    tampered[tampered.length - 9] ^= 0x55;
    // /flaky-ort/: onnxruntime-web's files, the .wasm answered 503 while `wasmDown` (a CDN's blip)
    site = await serveStatic(root, {
      '/page.html': '<!doctype html><html lang="en"><head><title>rerank</title><script src="/sdk.js"></script></head><body></body></html>',
      '/sdk.js': bundle.outputFiles[0].text,
      '/tampered/reranker.json': readFileSync(`${root}models/reranker.json`, 'utf8'),
      '/tampered/reranker.onnx': tampered.toString('latin1'),
    }, (path) => {
      if (!path.startsWith('/flaky-ort/')) return path;
      return wasmDown && path.endsWith('.wasm') ? null : path.replace('/flaky-ort/', '/node_modules/onnxruntime-web/dist/');
    });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${site.url}/page.html`);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('starts with the server order and loads the ONNX model on idle, scoring like the pure-TS model', async () => {
    expect(await page.evaluate(() => (window as any).readyAtStart)).toBe('server');
    await page.waitForFunction(() => (window as any).idleReranker.ready.value === 'onnx' || (window as any).idleReranker.error.value, undefined, { timeout: 60_000 });
    const out = await page.evaluate(async () => {
      const w = window as any;
      const candidates = w.makeCandidates();
      const state = w.makeState(candidates);
      const now = Date.now();
      const onnx = await w.idleReranker.rerank(candidates, state, { now, diversity: false });
      const ts = w.idleReranker.rerankSync(candidates, state, { now, diversity: false });
      return { error: w.idleReranker.error.value, onnx, ts, adapted: w.ranking.asRerankerLike(w.idleReranker).version() };
    });
    // the recommendation client's view of it names the model that ranks (a reranked placement's modelVersion)
    expect(out.adapted).toBe(JSON.parse(readFileSync(`${root}models/reranker.json`, 'utf8')).version);
    expect(out.error).toBeUndefined();
    expect(out.onnx.source).toBe('onnx');
    expect(out.ts.source).toBe('ts');
    expect(out.onnx.items.map((c: { id: string }) => c.id)).toEqual(out.ts.items.map((c: { id: string }) => c.id));
    out.onnx.scores.forEach((s: number, i: number) => expect(Math.abs(s - out.ts.scores[i])).toBeLessThanOrEqual(1e-5));
    expect(requests).toContain(`/${CHUNK}`);
    // onnxruntime-web's files: the .wasm only (its JS glue, ort-wasm-simd-threaded.mjs, is inside the chunk)
    expect(requests.filter((p) => p.includes('/onnxruntime-web/'))).toEqual(['/node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm']);
  });

  it('refuses a model whose sha256 differs from the manifest: pure-TS scorer, runtime never fetched for it', async () => {
    const out = await page.evaluate(async () => {
      const w = window as any;
      const r = w.ranking.createReranker({ manifestUrl: '/tampered/reranker.json', runtimeUrl: '/never-loaded.js', load: 'manual' });
      const source = await r.load();
      const candidates = w.makeCandidates();
      return { source, error: r.error.value, rerank: (await r.rerank(candidates, w.makeState(candidates))).source };
    });
    expect(out).toMatchObject({ source: 'ts', rerank: 'ts' });
    expect(out.error).toMatch(/sha256/);
    expect(requests).not.toContain('/never-loaded.js');
  });

  it('loads the ONNX model on a later try after onnxruntime-web failed to fetch its .wasm (a network blip): with a fresh copy of the runtime', async () => {
    wasmDown = true;
    // (its own URL of the chunk: another module than the one the first test loaded, whose onnxruntime-web is initialised)
    const first = await page.evaluate(async (chunk) => {
      const w = window as any;
      w.flakyNow = 1_000_000;
      w.flaky = w.ranking.createReranker({ manifestUrl: '/models/reranker.json', runtimeUrl: chunk, wasmPaths: '/flaky-ort/', load: 'manual', now: () => w.flakyNow });
      return { source: await w.flaky.load(), error: w.flaky.error.value };
    }, `/${CHUNK}?flaky-wasm`);
    expect(first.source).toBe('ts');
    expect(first.error).toMatch(/^ONNX model not used \(pure-TS scorer instead\)/);
    wasmDown = false; // the CDN is back
    const later = await page.evaluate(async () => {
      const w = window as any;
      const candidates = w.makeCandidates();
      const state = w.makeState(candidates);
      const before = (await w.flaky.rerank(candidates, state)).source; // not due yet: no request
      w.flakyNow += w.ranking.LOAD_RETRY_MS;
      const during = (await w.flaky.rerank(candidates, state)).source; // due: this call starts the retry
      const source = await w.flaky.load(); // (joins it)
      return { before, during, source, error: w.flaky.error.value, after: (await w.flaky.rerank(candidates, state)).source };
    });
    expect(later).toEqual({ before: 'ts', during: 'ts', source: 'onnx', error: undefined, after: 'onnx' });
  });

  it('keeps the pure-TS scorer when the runtime cannot load, and the server order without a manifest — items always shown', async () => {
    const out = await page.evaluate(async () => {
      const w = window as any;
      const candidates = w.makeCandidates();
      const noRuntime = w.ranking.createReranker({ manifestUrl: '/models/reranker.json', runtimeUrl: '/missing-runtime.js', load: 'manual' });
      const noManifest = w.ranking.createReranker({ manifestUrl: '/missing/reranker.json', runtimeUrl: '/missing-runtime.js', load: 'manual' });
      const a = await noRuntime.load();
      const b = await noManifest.load();
      const served = await noManifest.rerank(candidates, w.makeState(candidates), { diversity: false });
      return { a, b, count: served.items.length, first: served.items[0].id, source: served.source };
    });
    expect(out).toEqual({ a: 'ts', b: 'server', count: 60, first: 'P0', source: 'server' });
  });
});
