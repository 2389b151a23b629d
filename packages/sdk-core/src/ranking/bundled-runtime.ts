/**
 * For ESM consumers (bundlers): the runtime chunk by an ordinary dynamic import, code-split by your bundler.
 * The script-tag bundle cannot code-split and passes `runtimeUrl` to `createReranker` instead.
 *
 * @example
 * const reranker = createReranker({ manifestUrl: '/focal/models/reranker.json', loadRuntime: loadBundledRuntime, wasmPaths: '/focal/ort/' });
 */
import type { RerankerRuntime } from './runtime-types.js';

export const loadBundledRuntime = (): Promise<RerankerRuntime> => import('./runtime-entry.js');
