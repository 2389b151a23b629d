import { describe, expect, it } from 'vitest';
import { ModelManifest } from '../contracts/model-manifest.js';
import { FEATURE_COUNT, FEATURE_NAMES } from './feature-vector.js';
import { manifestProblem, parseManifest } from './manifest-check.js';

const good = {
  version: 'v1', sha256: 'a'.repeat(64), file: 'reranker.onnx', featureNames: [...FEATURE_NAMES],
  normalization: { mean: Array(FEATURE_COUNT).fill(0), std: Array(FEATURE_COUNT).fill(1) }, layers: [FEATURE_COUNT, 8, 1],
  opset: 17, irVersion: 8, createdAt: '2026-01-01T00:00:00.000Z',
  training: { source: 'demo', lists: 1, candidates: 2, positives: 1, epochs: 1 }, metrics: {},
};

describe('parseManifest (the browser’s structural check of reranker.json)', () => {
  it('accepts what the zod contract accepts and hands it back', () => {
    expect(ModelManifest.safeParse(good).success).toBe(true);
    expect(parseManifest(good)).toBe(good);
    expect(manifestProblem(parseManifest(good))).toBeUndefined();
  });

  it.each([
    ['not an object', null, /JSON object/],
    ['bad sha256', { ...good, sha256: 'XYZ' }, /sha256 must be 64 lowercase hex/],
    ['no version', { ...good, version: '' }, /version must be/],
    ['featureNames not strings', { ...good, featureNames: [1] }, /featureNames/],
    ['normalization missing', { ...good, normalization: undefined }, /normalization/],
    ['fractional layer', { ...good, layers: [FEATURE_COUNT, 1.5, 1] }, /layers must be an array of positive integers/],
    ['weights not a string', { ...good, weights: 3 }, /weights/],
  ])('rejects %s with the field to fix (the zod contract rejects it too)', (_, value, message) => {
    expect(() => parseManifest(value)).toThrow(message);
    expect(ModelManifest.safeParse(value).success).toBe(false);
  });
});
