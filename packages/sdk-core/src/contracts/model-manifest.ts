import * as z from 'zod/mini';
import { Timestamp } from './common.js';

/** `models/reranker.json`: everything the device needs to trust and run `reranker.onnx`. */
export const ModelManifest = z.object({
  version: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Hex sha256 of the ONNX file; the SDK refuses a file that does not match. */
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  /** File name of the ONNX model next to the manifest. */
  file: z.string(),
  /** Feature names in the order the model's input expects them. */
  featureNames: z.array(z.string()).check(z.minLength(1)),
  /** Per-feature standardisation applied before the model: (x - mean) / std. */
  normalization: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }),
  /** Layer widths from input to output, e.g. `[16, 32, 16, 1]`. */
  layers: z.array(z.int().check(z.gte(1))),
  /**
   * The same parameters as the ONNX file (layer by layer: weights row-major [in × out], then bias), little-endian
   * float32 in base64: the device's pure-TypeScript scorer uses them when the ONNX file or runtime cannot be used.
   */
  weights: z.optional(z.string().check(z.maxLength(200_000))),
  opset: z.int(),
  irVersion: z.int(),
  createdAt: Timestamp,
  training: z.object({
    source: z.string(),
    lists: z.int().check(z.gte(0)),
    candidates: z.int().check(z.gte(0)),
    positives: z.int().check(z.gte(0)),
    epochs: z.int().check(z.gte(0)),
  }),
  /** Offline metrics (e.g. `mrr@20`, `ndcg@10`, with `baseline_` twins for the server order). */
  metrics: z.record(z.string(), z.number()),
});
export type ModelManifest = z.infer<typeof ModelManifest>;
