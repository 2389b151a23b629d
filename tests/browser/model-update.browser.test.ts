/**
 * A single-page storefront on the script tag, in Chromium, against the REAL adapter: a model activated while the page
 * stays open is loaded by the device with the page's next recommendations (the answer names the served version, the
 * device re-checks its manifest). Reads packages/widgets/dist (run `npm run build` first).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Product } from '@focal/sdk-core/contracts';
import { initMlp } from '@focal/sdk-core/ranking';
import { buildModel, writeModel } from '../../packages/server-adapter/src/training/model-files.js';
import { seededRandom } from '../../packages/server-adapter/src/training/random.js';
import { launchChromium } from '../helpers/chromium.js';
import { serveStatic, type StaticServer } from '../helpers/static-server.js';
import { startTestAdapter, type TestAdapter } from '../helpers/adapter.js';

const model = (seed: number) => buildModel({ mlp: initMlp([16, 32, 16, 1], seededRandom(seed)), normalization: { mean: Array(16).fill(0), std: Array(16).fill(1) }, history: [], bestEpoch: 1, epochs: 1 },
  { source: 'test', lists: 0, candidates: 0, positives: 0, metrics: {} });
const products: Product[] = Array.from({ length: 10 }, (_, i) => ({
  id: `F${i}`, title: `Frame ${i}`, url: `/p/F${i}`, price: 80 + 5 * i, currency: 'EUR', categoryPath: ['Frames', `S${i % 2}`], brand: 'Lumen', inStock: true,
}));

describe('script tag: a model activated while the page is open', () => {
  const models = mkdtempSync(join(tmpdir(), 'focal-spa-models-'));
  const pages: Record<string, string> = {};
  let browser: Browser;
  let site: StaticServer;
  let adapter: TestAdapter;
  beforeAll(async () => {
    await writeModel(models, model(21));
    site = await serveStatic(process.cwd(), pages);
    adapter = await startTestAdapter({ products, allowedOrigins: [site.url], config: { assets: { modelsDir: models } } });
    pages['/spa.html'] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>
<script src="/packages/widgets/dist/focal.min.js" data-endpoint="${adapter.url}" data-site-key="${adapter.siteKey}"></script>
<div id="app"><div data-focal-placement="home-trending"></div></div></body></html>`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await adapter?.close();
    rmSync(models, { recursive: true, force: true });
  });

  it('the next recommendations make the device load the new model, without a reload', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    /** sha256 of every ONNX file the page downloaded, in order. */
    const onnx: string[] = [];
    const answered: Array<string | undefined> = [];
    page.on('response', async (r) => {
      if (r.url().endsWith('/assets/reranker.onnx') && r.status() === 200) onnx.push(createHash('sha256').update(await r.body()).digest('hex'));
      if (r.url().endsWith('/v1/recommendations') && r.request().method() === 'POST') answered.push(...((await r.json()) as { results: Array<{ modelVersion?: string }> }).results.map((x) => x.modelVersion));
    });
    const first = model(21);
    await page.goto(`${site.url}/spa.html`);
    await page.waitForSelector('[data-focal-placement="home-trending"] a.focal-Item');
    await expect.poll(() => onnx, { timeout: 15_000 }).toEqual([first.manifest.sha256]);

    // the retailer activates a new model (what focal-adapter activate writes); the adapter serves it within 2 s
    const second = model(22);
    await writeModel(models, second);
    await expect.poll(async () => ((await (await fetch(`${adapter.url}/assets/reranker.json`)).json()) as { version: string }).version, { timeout: 5_000 })
      .toBe(second.manifest.version);

    // the shopper moves on within the single-page app: a new placement, a new answer
    await page.evaluate(() => document.getElementById('app')!.insertAdjacentHTML('beforeend', '<div data-focal-placement="pdp-similar" data-focal-items="F1"></div>'));
    await page.waitForSelector('[data-focal-placement="pdp-similar"] a.focal-Item');
    expect(answered.at(-1)).toBe(second.manifest.version);
    await expect.poll(() => onnx, { timeout: 10_000 }).toEqual([first.manifest.sha256, second.manifest.sha256]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
