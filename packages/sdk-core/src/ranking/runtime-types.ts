/** The contract between the reranker and its lazily loaded ONNX runtime chunk (`runtime-entry.ts`). */

export interface ScorerOptions {
  /**
   * Where onnxruntime-web finds its `ort-wasm-simd-threaded.wasm`: a URL prefix ending in `/`, served by the
   * adapter. Only that file is fetched (the runtime's JS glue is bundled). Without it onnxruntime-web looks next to
   * the script.
   */
  wasmPaths?: string;
  /** @default 1 */
  numThreads?: number;
}

/** An ONNX model session that scores feature rows. */
export interface OnnxScorer {
  /** Scores `n` standardised rows (row-major `[n × columns]`); one score per row. */
  run(x: Float32Array, n: number, columns: number): Promise<Float32Array>;
  release(): Promise<void>;
}

/** What the runtime chunk exports. */
export interface RerankerRuntime {
  createScorer(model: Uint8Array, options?: ScorerOptions): Promise<OnnxScorer>;
}
