/**
 * The real adapter serves the trained model and the SDK's reranker loads it, sha256-checked, into onnxruntime-web;
 * a newly trained version written to the models directory is picked up by manifest version.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asRerankerLike, createReranker, emptySession, initMlp, loadBundledRuntime } from '@focal/sdk-core/ranking';
import { createRecommendClient, type PlacementHandle, type PlacementState } from '@focal/sdk-core';
import type { Candidate, Product } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { settled } from '../../../sdk-core/test/recommend/fixtures.js';
import { runActivate } from '../../src/training/cli.js';
import { buildModel, candidateDir, writeModel } from '../../src/training/model-files.js';
import { seededRandom } from '../../src/training/random.js';

const dir = mkdtempSync(join(tmpdir(), 'focal-serve-'));
let adapter: TestAdapter | undefined;
let spaAdapter: TestAdapter | undefined;
afterAll(async () => {
  await adapter?.close();
  await spaAdapter?.close();
  rmSync(dir, { recursive: true, force: true });
});

const model = (seed: number) => buildModel({ mlp: initMlp([16, 32, 16, 1], seededRandom(seed)), normalization: { mean: Array(16).fill(0), std: Array(16).fill(1) }, history: [], bestEpoch: 1, epochs: 1 },
  { source: 'test', lists: 0, candidates: 0, positives: 0, metrics: {} });
const cands: Candidate[] = Array.from({ length: 12 }, (_, i) => ({
  id: `P${i}`, title: `P${i}`, url: `/p/${i}`, price: 10 + i, currency: 'EUR', categoryPath: ['Frames', `S${i % 3}`], inStock: true, strategy: 'popular',
  features: { score: 1 / (1 + i), rank: i, popularity: 3 * i, cooccurrence: i % 2, ageDays: i, strategyScores: {} },
}));

describe('model serving', () => {
  it('the adapter serves models/ and the reranker follows a new version', async () => {
    const first = model(1);
    await writeModel(dir, first);
    adapter = await startTestAdapter({ config: { assets: { modelsDir: dir } } });
    const reranker = createReranker({ manifestUrl: `${adapter.url}/assets/reranker.json`, loadRuntime: loadBundledRuntime, load: 'manual' });
    expect(await reranker.load(), reranker.error.value).toBe('onnx');
    expect(reranker.version.value).toBe(first.manifest.version);
    expect((await reranker.rerank(cands, emptySession())).modelVersion).toBe(first.manifest.version);

    const second = model(2);
    await writeModel(dir, second);
    await new Promise((r) => setTimeout(r, 2_100)); // the adapter re-checks its files at most every 2 s
    await reranker.rerank(cands, emptySession(), { modelVersion: second.manifest.version });
    expect(await reranker.load(), reranker.error.value).toBe('onnx');
    expect(reranker.version.value).toBe(second.manifest.version);
    const out = await reranker.rerank(cands, emptySession());
    expect(out).toMatchObject({ source: 'onnx', modelVersion: second.manifest.version });
    await reranker.dispose();
  });

  it('an open single-page storefront ranks with a model activated meanwhile from its next recommendations on', async () => {
    const models = join(dir, 'spa-models');
    const first = model(11);
    await writeModel(models, first);
    const products: Product[] = Array.from({ length: 10 }, (_, i) => ({
      id: `F${i}`, title: `Frame ${i}`, url: `/p/F${i}`, price: 80 + 5 * i, currency: 'EUR', categoryPath: ['Frames', `S${i % 2}`], brand: 'Lumen', inStock: true,
    }));
    spaAdapter = await startTestAdapter({ products, config: { assets: { modelsDir: models } } });
    const { url, siteKey } = spaAdapter;
    // the page: the device reranker (ONNX) and the recommendation client, as an ESM storefront wires them
    const reranker = createReranker({ manifestUrl: `${url}/assets/reranker.json`, loadRuntime: loadBundledRuntime, load: 'manual' });
    expect(await reranker.load(), reranker.error.value).toBe('onnx');
    const answered: Array<string | undefined> = [];
    const fetchAndLog = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await globalThis.fetch(input, init);
      if (String(input).includes('/v1/recommendations')) answered.push(...((await res.clone().json()) as { results: Array<{ modelVersion?: string }> }).results.map((r) => r.modelVersion));
      return res;
    }) as typeof fetch;
    const client = createRecommendClient({ endpoint: url, siteKey, anonymousId: () => 'anon-spa', cache: false, fetch: fetchAndLog, reranker: asRerankerLike(reranker), sessionState: () => emptySession() });
    const reranked = (h: PlacementHandle, version: string) => new Promise<PlacementState>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`placement never reranked with ${version}: last state ${JSON.stringify({ ...h.state.value, items: h.state.value.items.length })}, device model ${reranker.version.value}, answers named ${JSON.stringify(answered)}`)), 10_000);
      const stop = h.state.subscribe((s) => {
        if (s.source === 'reranked' && s.modelVersion === version) {
          clearTimeout(timer);
          queueMicrotask(() => stop());
          resolve(s);
        }
      });
    });
    const home = client.placement({ placement: 'home-trending' });
    expect((await reranked(home, first.manifest.version)).items.length).toBeGreaterThan(1);
    expect(answered).toEqual([first.manifest.version]);

    // while the page stays open, the retailer activates a new model (focal-adapter activate, as train's candidate)
    const second = model(12);
    await writeModel(candidateDir(models, second.manifest.version), second);
    expect(await runActivate([second.manifest.version, '--out', models, '--data-dir', join(dir, 'spa-cli-store')], () => undefined)).toBe(0);
    // the adapter serves it once it has re-read its models folder (at most every 2 s)
    for (let tries = 0; (await (await fetch(`${url}/assets/reranker.json`)).json() as { version: string }).version !== second.manifest.version; tries++) {
      expect(tries).toBeLessThan(50);
      await new Promise((r) => setTimeout(r, 100));
    }

    // the shopper moves on within the page: the next answer names the new model, and the device loads it
    const similar = client.placement({ placement: 'pdp-similar', items: ['F1'] });
    await settled(similar);
    expect(answered.at(-1)).toBe(second.manifest.version);
    // (no load() here: it would fetch the manifest itself; the device must reload because the answer said so)
    const loaded = await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => { stop(); resolve(reranker.version.value); }, 5_000);
      const stop = reranker.version.subscribe((v) => {
        if (v !== second.manifest.version) return;
        clearTimeout(timer);
        queueMicrotask(() => stop());
        resolve(v);
      });
    });
    expect(loaded, 'the device model after the answer that named the new one').toBe(second.manifest.version);
    // and the lists it reranks from then on (their impressions and clicks) are credited to the new model
    client.rerank();
    expect((await reranked(similar, second.manifest.version)).items.length).toBeGreaterThan(1);
    client.dispose();
    await reranker.dispose();
  }, 60_000);
});
