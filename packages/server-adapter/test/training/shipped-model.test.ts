/**
 * The shipped `models/` (made by `npm run train:demo`): the manifest describes the ONNX file, and the model ranks the
 * lists the adapter serves as it was trained to.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelManifest } from '@focal/sdk-core/contracts';
import { computeFeatures, decodeWeights, emptySession, FEATURE_COUNT, FEATURE_NAMES, forward, standardise } from '@focal/sdk-core/ranking';
import { sha256Hex } from '../../src/training/model-files.js';

const models = resolve(__dirname, '../../../../models');
const manifest = ModelManifest.parse(JSON.parse(readFileSync(`${models}/reranker.json`, 'utf8')));
const mlp = decodeWeights(manifest.weights!, manifest.layers);

describe('the shipped model', () => {
  it('is the ONNX file its manifest names, for the features this SDK computes', () => {
    expect(sha256Hex(readFileSync(`${models}/${manifest.file}`))).toBe(manifest.sha256);
    expect(manifest.version).toBe(`mlp-${manifest.sha256.slice(0, 12)}`);
    expect(manifest.featureNames).toEqual(FEATURE_NAMES);
  });

  it('orders a list the adapter serves (blend scores, about 1.3 down to 0.8) as the same list scored 1/(1 + rank)', () => {
    // an answer of 8 as the adapter's blend scores them (npm run demo: the mean score at each position of its answers)
    const blend = [1.28, 1.11, 1.0, 0.94, 0.89, 0.85, 0.83, 0.8];
    const served = (score: (rank: number) => number) => blend.map((_, rank) => ({
      id: `P${rank}`, price: 60 + 25 * rank, categoryPath: ['Frames', rank % 2 ? 'Round' : 'Square'], brand: `b${rank % 3}`,
      features: { score: score(rank), rank, popularity: [40, 3, 25, 8, 60, 1, 12, 30][rank], cooccurrence: rank % 3, ageDays: [80, 5, 40, 2, 90, 30, 1, 60][rank], strategyScores: {} },
    }));
    const order = (list: ReturnType<typeof served>) => {
      const x = standardise(computeFeatures(list, emptySession(), Date.UTC(2026, 10, 24)), FEATURE_COUNT, manifest.normalization.mean, manifest.normalization.std);
      const scores = forward(mlp, x, list.length);
      return list.map((c, i) => [c.id, scores[i]] as const).sort((a, b) => b[1] - a[1]).map(([id]) => id);
    };
    expect(order(served((rank) => blend[rank]))).toEqual(order(served((rank) => 1 / (1 + rank))));
  });
});
