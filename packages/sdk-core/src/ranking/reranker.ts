/**
 * The browser reranker: orders a placement's candidates with what the shopper did in this session.
 * Scorer by availability: the ONNX model in onnxruntime-web (loaded lazily, sha256-checked) → the same model in pure
 * TypeScript (weights from the manifest) → the server's order. Recommendations are always returned.
 */
import { signal, type ReadonlySignal } from '@preact/signals-core';
import type { ModelManifest } from '../contracts/model-manifest.js';
import { computeFeatures, FEATURE_COUNT } from './feature-vector.js';
import { decodeWeights, forward, standardise, type Mlp } from './mlp.js';
import { orderCandidates, type OrderOptions } from './order.js';
import type { RankCandidate } from './session-context.js';
import type { SessionState } from './session-state.js';
import { manifestProblem, parseManifest } from './manifest-check.js';
import type { OnnxScorer, RerankerRuntime } from './runtime-types.js';
import { sha256Hex } from './sha256.js';

/** A response naming another model version re-fetches the manifest at most this often. */
export const VERSION_RECHECK_MS = 60_000;
/**
 * A load that failed (the manifest or the ONNX model not fetched, the runtime not loaded) is tried again on a later
 * rerank this long after, then twice and four times as long: {@link LOAD_RETRIES} times at most, per model.
 */
export const LOAD_RETRY_MS = 10_000;
export const LOAD_RETRIES = 3;

/** Which scorer produced an order. */
export type RerankSource = 'onnx' | 'ts' | 'server';

export interface RerankerOptions extends OrderOptions {
  /** URL of `reranker.json` (served by the adapter). */
  manifestUrl: string;
  /** URL of the ONNX file. @default the manifest's `file`, next to the manifest */
  modelUrl?: string;
  /** URL of `focal-reranker.min.js` (the script-tag bundle loads the runtime by URL). */
  runtimeUrl?: string;
  /** Loads the runtime module (ESM: `loadBundledRuntime`); wins over `runtimeUrl`. Neither ⇒ the TS scorer only. */
  loadRuntime?: () => Promise<RerankerRuntime>;
  /** URL prefix (ending in `/`) where the adapter serves onnxruntime-web's `ort-wasm-simd-threaded.wasm` (the only file fetched there). */
  wasmPaths?: string;
  /** When to load: on idle after first paint, at once, or only when `load()` is called. @default 'idle' */
  load?: 'idle' | 'now' | 'manual';
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Clock for the features (epoch ms). @default Date.now */
  now?: () => number;
}

export interface RerankResult<T> {
  /** The candidates in display order (excluded ones removed). */
  items: T[];
  /** The score of each item in `items` (model score, or the server score for `server`). */
  scores: number[];
  source: RerankSource;
  /** The model version that scored, when a model did. */
  modelVersion?: string;
}

export interface RerankCallOptions extends OrderOptions {
  /** Epoch ms for the features. */
  now?: number;
  /** The `modelVersion` a recommendation response asked for: a different one makes the reranker refresh its model. */
  modelVersion?: string;
}

export interface Reranker {
  /** Orders candidates for this session. Never rejects: on any scorer failure it falls back (see `source`). */
  rerank<T extends RankCandidate>(candidates: readonly T[], state: SessionState, options?: RerankCallOptions): Promise<RerankResult<T>>;
  /**
   * The same, synchronously, with the pure-TS model (or the server order before the manifest is loaded): for a
   * first render that must not wait. The ONNX model is only used by `rerank`.
   */
  rerankSync<T extends RankCandidate>(candidates: readonly T[], state: SessionState, options?: RerankCallOptions): RerankResult<T>;
  /** The best scorer available now: `server` until the manifest is verified, then `ts`, then `onnx`. */
  readonly ready: ReadonlySignal<RerankSource>;
  /** The loaded model's version. */
  readonly version: ReadonlySignal<string | undefined>;
  /** Why the reranker is below `onnx`, if it is: a message saying what to fix. */
  readonly error: ReadonlySignal<string | undefined>;
  /** Loads (or re-checks) the manifest, model and runtime now; resolves with the resulting source. */
  load(): Promise<RerankSource>;
  /** Releases the ONNX session. */
  dispose(): Promise<void>;
}

interface Model {
  manifest: ModelManifest;
  mlp: Mlp | undefined;
  onnx: OnnxScorer | undefined;
}

/** Runs `fn` after first paint when the browser is idle (or soon, outside a browser). */
function whenIdle(fn: () => void): void {
  const g = globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void; requestAnimationFrame?: (cb: () => void) => void };
  const idle = () => (g.requestIdleCallback ? g.requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 50));
  if (g.requestAnimationFrame) g.requestAnimationFrame(() => setTimeout(idle, 0));
  else setTimeout(idle, 0);
}

async function importRuntime(url: string): Promise<RerankerRuntime> {
  const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ url)) as Partial<RerankerRuntime>;
  if (typeof mod.createScorer !== 'function') throw new Error(`${url} is not Focal's reranker runtime (no createScorer export)`);
  return mod as RerankerRuntime;
}

/**
 * Creates a reranker. Loading starts on idle after first paint (option `load`); until then `rerank` returns the
 * server order, after the manifest the pure-TS model, after the runtime the ONNX model.
 *
 * @example
 * const reranker = createReranker({ manifestUrl: '/focal/models/reranker.json', runtimeUrl: '/focal/focal-reranker.min.js', wasmPaths: '/focal/ort/' });
 * const { items, source } = await reranker.rerank(response.items, session.state.value, { modelVersion: response.modelVersion });
 */
export function createReranker(options: RerankerOptions): Reranker {
  if (!options || typeof options.manifestUrl !== 'string' || !options.manifestUrl) {
    throw new TypeError('createReranker needs { manifestUrl }: the URL of reranker.json served by the Focal adapter');
  }
  const fetchFn = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const clock = options.now ?? Date.now;
  const ready = signal<RerankSource>('server');
  const version = signal<string | undefined>(undefined);
  const error = signal<string | undefined>(undefined);
  let model: Model | undefined;
  let loading: Promise<RerankSource> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let lastCheck = -Infinity;
  /** Failed loads of this model so far, and when the next try is due (see LOAD_RETRY_MS). */
  let failures = 0;
  let retryAt = Infinity;
  /**
   * Loads of the ONNX model that failed: the next one imports another copy of the runtime by URL (`#focal-<n>`: another
   * module to the browser, fetched again or from its HTTP cache). onnxruntime-web gives up for good, in one copy, once
   * its `.wasm` or `.mjs` failed to load (a network blip), so a try with the same copy could never succeed.
   */
  let copies = 0;
  /** Schedules the next try after a failed load; answers the scorer in use meanwhile. */
  const later = () => {
    retryAt = failures < LOAD_RETRIES ? clock() + LOAD_RETRY_MS * 2 ** failures++ : Infinity;
    return ready.value;
  };

  async function fetchOk(url: string): Promise<Response> {
    const res = await fetchFn(url, { credentials: 'omit' });
    if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
    return res;
  }

  async function loadOnce(): Promise<RerankSource> {
    // a due retry is used up by this load (a failure below schedules the next one)
    const due = clock() >= retryAt;
    if (due) retryAt = Infinity;
    const base = new URL(options.manifestUrl, globalThis.location?.href ?? 'http://localhost/');
    let manifest: ModelManifest;
    try {
      const json: unknown = await (await fetchOk(base.href)).json();
      try {
        manifest = parseManifest(json);
      } catch (e) {
        throw new Error(`${base.href} is not a valid model manifest: ${(e as Error).message}`);
      }
      const problem = manifestProblem(manifest);
      if (problem) throw new Error(problem);
    } catch (e) {
      error.value = `reranker manifest unusable, keeping the server order: ${(e as Error).message}`;
      return later();
    }
    if (model?.manifest.sha256 !== manifest.sha256) {
      let mlp: Mlp | undefined;
      try {
        if (manifest.weights) mlp = decodeWeights(manifest.weights, manifest.layers);
      } catch (e) {
        error.value = `model ${manifest.version}: ${(e as Error).message}`;
      }
      const previous = model;
      model = { manifest, mlp, onnx: undefined };
      version.value = manifest.version;
      ready.value = mlp ? 'ts' : 'server';
      failures = 0;
      if (previous?.onnx) void previous.onnx.release().catch(() => undefined);
    } else if (model.onnx || !due) return ready.value; // the same model: only a due retry loads its ONNX file again
    const m = model;
    if (!options.loadRuntime && !options.runtimeUrl) {
      // (the model file is not fetched for nothing)
      error.value = 'ONNX model not used: no runtimeUrl or loadRuntime given: scoring with the pure-TypeScript model';
      return ready.value;
    }
    try {
      const modelUrl = new URL(options.modelUrl ?? manifest.file, base).href;
      const bytes = new Uint8Array(await (await fetchOk(modelUrl)).arrayBuffer());
      const digest = await sha256Hex(bytes);
      if (digest !== manifest.sha256) throw new Error(`${modelUrl} has sha256 ${digest}, the manifest says ${manifest.sha256}: the file was changed or is stale — re-run focal-adapter train or fix the cache`);
      const runtime = options.loadRuntime ? await options.loadRuntime() : await importRuntime(new URL(options.runtimeUrl! + (copies ? `#focal-${copies}` : ''), base).href);
      const onnx = await runtime.createScorer(bytes, { wasmPaths: options.wasmPaths, numThreads: 1 });
      if (model !== m) {
        void onnx.release();
        return ready.value;
      }
      m.onnx = onnx;
      ready.value = 'onnx';
      error.value = undefined;
    } catch (e) {
      copies++;
      if (model !== m) return ready.value;
      error.value = `ONNX model not used (${ready.value === 'ts' ? 'pure-TS scorer instead' : 'server order instead'}): ${(e as Error).message}`;
      return later();
    }
    return ready.value;
  }

  function load(): Promise<RerankSource> {
    loading ??= loadOnce().finally(() => { loading = undefined; });
    return loading;
  }

  function serverOrder<T extends RankCandidate>(candidates: readonly T[], call: RerankCallOptions): RerankResult<T> {
    const scores = candidates.map((c) => -c.features.rank);
    const { items } = orderCandidates(candidates, scores, { rules: call.rules ?? options.rules, diversity: call.diversity ?? options.diversity });
    return { items, scores: items.map((c) => c.features.score), source: 'server' };
  }

  async function score(x: Float32Array, n: number, m: Model): Promise<{ scores: Float32Array; source: RerankSource }> {
    if (m.onnx) {
      const onnx = m.onnx;
      try {
        const run = queue.then(() => onnx.run(x, n, FEATURE_COUNT));
        queue = run.catch(() => undefined);
        return { scores: await run, source: 'onnx' };
      } catch (e) {
        m.onnx = undefined;
        ready.value = m.mlp ? 'ts' : 'server';
        error.value = `ONNX inference failed, using the ${ready.value === 'ts' ? 'pure-TS scorer' : 'server order'}: ${(e as Error).message}`;
      }
    }
    if (!m.mlp) throw new Error('no scorer');
    return { scores: forward(m.mlp, x, n), source: 'ts' };
  }

  /**
   * An answer naming another model than the loaded one re-fetches the manifest (at most every VERSION_RECHECK_MS),
   * also when the last load got none (a page opened before the first model was served); not before the first load.
   */
  function recheck(call: RerankCallOptions) {
    if (clock() >= retryAt) void load();
    else if (call.modelVersion && call.modelVersion !== model?.manifest.version && (model || error.value) && clock() - lastCheck > VERSION_RECHECK_MS) {
      lastCheck = clock();
      void load();
    }
  }

  async function rerank<T extends RankCandidate>(candidates: readonly T[], state: SessionState, call: RerankCallOptions = {}): Promise<RerankResult<T>> {
    if (!Array.isArray(candidates)) throw new TypeError('rerank(candidates, state): candidates must be an array of Candidate');
    recheck(call);
    const m = model;
    if (!m || candidates.length < 2 || (!m.onnx && !m.mlp)) return serverOrder(candidates, call);
    try {
      const n = candidates.length;
      const { mean, std } = m.manifest.normalization;
      const x = standardise(computeFeatures(candidates, state, call.now ?? clock()), FEATURE_COUNT, mean, std);
      const { scores, source } = await score(x, n, m);
      const ordered = orderCandidates(candidates, scores, { rules: call.rules ?? options.rules, diversity: call.diversity ?? options.diversity });
      return { ...ordered, source, modelVersion: m.manifest.version };
    } catch (e) {
      error.value = `reranking failed, server order shown: ${(e as Error).message}`;
      return serverOrder(candidates, call);
    }
  }

  function rerankSync<T extends RankCandidate>(candidates: readonly T[], state: SessionState, call: RerankCallOptions = {}): RerankResult<T> {
    if (!Array.isArray(candidates)) throw new TypeError('rerankSync(candidates, state): candidates must be an array of Candidate');
    recheck(call);
    const m = model;
    if (!m?.mlp || candidates.length < 2) return serverOrder(candidates, call);
    try {
      const { mean, std } = m.manifest.normalization;
      const x = standardise(computeFeatures(candidates, state, call.now ?? clock()), FEATURE_COUNT, mean, std);
      const ordered = orderCandidates(candidates, forward(m.mlp, x, candidates.length), { rules: call.rules ?? options.rules, diversity: call.diversity ?? options.diversity });
      return { ...ordered, source: 'ts', modelVersion: m.manifest.version };
    } catch (e) {
      error.value = `reranking failed, server order shown: ${(e as Error).message}`;
      return serverOrder(candidates, call);
    }
  }

  const when = options.load ?? 'idle';
  if (when === 'now') void load();
  else if (when === 'idle') whenIdle(() => void load());

  return {
    rerank, rerankSync, ready, version, error, load,
    async dispose() {
      const onnx = model?.onnx;
      model = undefined;
      lastCheck = retryAt = Infinity; // no answer (nor a retry) re-loads a disposed reranker
      ready.value = 'server';
      if (onnx) await onnx.release();
    },
  };
}

