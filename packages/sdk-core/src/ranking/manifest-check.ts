import type { ModelManifest } from '../contracts/model-manifest.js';
import { FEATURE_COUNT, FEATURE_NAMES } from './feature-vector.js';

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

/**
 * A cheap structural check of a fetched `reranker.json`, for the browser bundle (the full zod `ModelManifest` schema
 * stays in the adapter and trainer, which write the file). Checks the fields the device reads; returns the manifest
 * or throws an error naming the first bad field.
 */
export function parseManifest(value: unknown): ModelManifest {
  const m = value as Partial<Record<keyof ModelManifest, unknown>> | null;
  const bad = (field: string, want: string): never => { throw new Error(`${field} must be ${want}`); };
  if (!m || typeof m !== 'object') bad('the manifest', 'a JSON object');
  if (typeof m!.version !== 'string' || !m!.version) bad('version', 'a non-empty string');
  if (typeof m!.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m!.sha256)) bad('sha256', '64 lowercase hex digits');
  if (typeof m!.file !== 'string') bad('file', 'a string');
  if (!Array.isArray(m!.featureNames) || !m!.featureNames.length || m!.featureNames.some((x) => typeof x !== 'string')) bad('featureNames', 'a non-empty array of strings');
  const norm = m!.normalization as { mean?: unknown; std?: unknown } | undefined;
  if (!norm || !isNumbers(norm.mean) || !isNumbers(norm.std)) bad('normalization', '{ mean: number[], std: number[] }');
  if (!isNumbers(m!.layers) || m!.layers.some((x) => !Number.isInteger(x) || x < 1)) bad('layers', 'an array of positive integers');
  if (m!.weights !== undefined && typeof m!.weights !== 'string') bad('weights', 'a base64 string');
  return m as ModelManifest;
}

/** Checks that a manifest describes a model this SDK can feed; returns a problem or undefined. */
export function manifestProblem(manifest: ModelManifest): string | undefined {
  if (manifest.featureNames.join(',') !== FEATURE_NAMES.join(',')) {
    return `model ${manifest.version} expects features [${manifest.featureNames.join(', ')}] but this SDK computes [${FEATURE_NAMES.join(', ')}]: retrain with this SDK version (focal-adapter train)`;
  }
  if (manifest.layers[0] !== FEATURE_COUNT || manifest.layers[manifest.layers.length - 1] !== 1) return `model ${manifest.version} has layers ${manifest.layers.join('→')}; expected ${FEATURE_COUNT}→…→1`;
  if (manifest.normalization.mean.length !== FEATURE_COUNT || manifest.normalization.std.length !== FEATURE_COUNT) return `model ${manifest.version} has ${manifest.normalization.mean.length} normalisation constants; expected ${FEATURE_COUNT}`;
  return undefined;
}
