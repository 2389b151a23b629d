/**
 * The real adapter serves the trained model and the SDK's reranker loads it, sha256-checked, into onnxruntime-web;
 * a newly trained version written to the models directory is picked up by manifest version.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createReranker, emptySession, initMlp, loadBundledRuntime } from '@focal/sdk-core/ranking';
import type { Candidate } from '@focal/sdk-core/contracts';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { buildModel, writeModel } from '../../src/training/model-files.js';
import { seededRandom } from '../../src/training/random.js';

const dir = mkdtempSync(join(tmpdir(), 'focal-serve-'));
let adapter: TestAdapter | undefined;
afterAll(async () => {
  await adapter?.close();
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
});
