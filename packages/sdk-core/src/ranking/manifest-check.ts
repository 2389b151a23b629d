import type { ModelManifest } from '../contracts/model-manifest.js';
import { FEATURE_COUNT, FEATURE_NAMES } from './feature-vector.js';

/** Checks that a manifest describes a model this SDK can feed; returns a problem or undefined. */
export function manifestProblem(manifest: ModelManifest): string | undefined {
  if (manifest.featureNames.join(',') !== FEATURE_NAMES.join(',')) {
    return `model ${manifest.version} expects features [${manifest.featureNames.join(', ')}] but this SDK computes [${FEATURE_NAMES.join(', ')}]: retrain with this SDK version (focal-adapter train)`;
  }
  if (manifest.layers[0] !== FEATURE_COUNT || manifest.layers[manifest.layers.length - 1] !== 1) return `model ${manifest.version} has layers ${manifest.layers.join('→')}; expected ${FEATURE_COUNT}→…→1`;
  if (manifest.normalization.mean.length !== FEATURE_COUNT || manifest.normalization.std.length !== FEATURE_COUNT) return `model ${manifest.version} has ${manifest.normalization.mean.length} normalisation constants; expected ${FEATURE_COUNT}`;
  return undefined;
}
