/** Builds the manifest of a trained model and writes `reranker.onnx` + `reranker.json` (atomically, by rename). */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelManifest } from '@focal/sdk-core/contracts';
import { encodeWeights, FEATURE_NAMES, mlpWidths } from '@focal/sdk-core/ranking';
import { exportOnnx, IR_VERSION, OPSET } from './onnx-export.js';
import type { TrainResult } from './train.js';

export interface ModelInfo {
  /** Where the lists came from, e.g. `demo history (seed 42)` or `store events`. */
  source: string;
  lists: number;
  candidates: number;
  positives: number;
  metrics: Record<string, number>;
  /** @default now */
  createdAt?: string;
  /** @default `reranker.onnx` */
  file?: string;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The ONNX bytes and the validated manifest of a training result. The version is derived from the file's hash. */
export function buildModel(result: TrainResult, info: ModelInfo): { onnx: Uint8Array; manifest: ModelManifest } {
  const onnx = exportOnnx(result.mlp);
  const sha256 = sha256Hex(onnx);
  const manifest = ModelManifest.parse({
    version: `mlp-${sha256.slice(0, 12)}`,
    sha256,
    file: info.file ?? 'reranker.onnx',
    featureNames: [...FEATURE_NAMES],
    normalization: { mean: result.normalization.mean.map((v) => +v.toPrecision(7)), std: result.normalization.std.map((v) => +v.toPrecision(7)) },
    layers: mlpWidths(result.mlp),
    weights: encodeWeights(result.mlp),
    opset: OPSET,
    irVersion: IR_VERSION,
    createdAt: info.createdAt ?? new Date().toISOString(),
    training: { source: info.source, lists: info.lists, candidates: info.candidates, positives: info.positives, epochs: result.bestEpoch },
    metrics: info.metrics,
  });
  return { onnx, manifest };
}

/** The folder under the models folder where `train --no-activate` keeps candidates (not served). */
export const CANDIDATES_DIR = 'candidates';

/** Where the candidate `version` lives: `<modelsDir>/candidates/<version>/` (the same file names as the served model). */
export const candidateDir = (modelsDir: string, version: string): string => join(modelsDir, CANDIDATES_DIR, version);

/** Writes the model files into `dir` (created if needed); the manifest is written last so readers never see a half model. */
export async function writeModel(dir: string, model: { onnx: Uint8Array; manifest: ModelManifest }): Promise<{ onnxPath: string; manifestPath: string }> {
  await mkdir(dir, { recursive: true });
  const onnxPath = join(dir, model.manifest.file);
  const manifestPath = join(dir, 'reranker.json');
  await writeFile(`${onnxPath}.tmp`, model.onnx);
  await rename(`${onnxPath}.tmp`, onnxPath);
  await writeFile(`${manifestPath}.tmp`, `${JSON.stringify(model.manifest, null, 2)}\n`);
  await rename(`${manifestPath}.tmp`, manifestPath);
  return { onnxPath, manifestPath };
}
