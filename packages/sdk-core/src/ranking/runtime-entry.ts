/**
 * The reranker's runtime chunk (built to `focal-reranker.min.js`): the ONLY module that imports onnxruntime-web,
 * by dynamic `import()`, so nothing of it is fetched before the reranker asks for it.
 */
import type { OnnxScorer, ScorerOptions } from './runtime-types.js';

/** Creates an onnxruntime-web (wasm backend, single thread) session for the model bytes. */
export async function createScorer(model: Uint8Array, options: ScorerOptions = {}): Promise<OnnxScorer> {
  const ort = await import('onnxruntime-web/wasm');
  ort.env.wasm.numThreads = options.numThreads ?? 1;
  ort.env.wasm.proxy = false;
  // the .wasm's URL only: onnxruntime-web then runs the JS glue bundled with it (this chunk), never fetching its
  // ort-wasm-simd-threaded.mjs (a prefix would make it import that file too: one request and one failure more)
  if (options.wasmPaths) ort.env.wasm.wasmPaths = { wasm: options.wasmPaths + 'ort-wasm-simd-threaded.wasm' };
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const input = session.inputNames[0];
  const output = session.outputNames[0];
  return {
    async run(x, n, columns) {
      const feeds = { [input]: new ort.Tensor('float32', x, [n, columns]) };
      const result = await session.run(feeds);
      const data = result[output].data as Float32Array;
      result[output].dispose?.();
      return data;
    },
    release: () => session.release(),
  };
}
