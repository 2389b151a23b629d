/**
 * Entry of `focal-reranker.min.js`, the script tag's lazily loaded reranker chunk (fetched by URL on idle after first
 * paint, see `script-reranking.ts`): the whole device ranking (session reducer, features, pure-TS MLP, rules,
 * diversity, the reranker) and the onnxruntime-web scorer (`createScorer`, which imports onnxruntime-web itself).
 * Keeping all of it here keeps `focal.min.js` small; the server order shows until this chunk has loaded.
 */
import { createReranker } from '../../sdk-core/src/ranking/reranker.js';
import { createSessionStore } from '../../sdk-core/src/ranking/session-store.js';
import type { SessionSignal } from '../../sdk-core/src/ranking/observe.js';
import { emptySession, isSessionState, type SessionState } from '../../sdk-core/src/ranking/session-state.js';
import type { RankCandidate } from '../../sdk-core/src/ranking/session-context.js';
import { createScorer } from '../../sdk-core/src/ranking/runtime-entry.js';

export { createScorer };

/** A signal the script tag buffered before this chunk loaded: a tracked event, or products passed to `describe`. */
export type BufferedSignal = { event: SessionSignal } | { products: RankCandidate[] };

/** The device reranking the script tag hands its recommendation clients once this chunk has loaded. */
export interface DeviceReranking {
  /** `modelVersion`: the version a fresh answer named (the model is re-checked when it is another one). */
  rerank<T extends RankCandidate>(items: T[], modelVersion?: string): T[] | Promise<T[]>;
  observe(event: SessionSignal): void;
  describe(products: RankCandidate[]): void;
  /** The loaded model's version. */
  version(): string | undefined;
}

function loadSession(key: string): SessionState {
  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    return isSessionState(saved) ? saved : emptySession();
  } catch {
    return emptySession();
  }
}

/**
 * Creates the device reranking for adapter assets at `base` (`${base}/assets/reranker.json`, `…/ort/`): the session
 * is read from `sessionStorage[key]`, then `buffered` signals are replayed in order, and every change is saved back.
 * `sessionId` tells the tracker's session now: a saved state of another one (a `focal.reset()`, a sign-out) is not
 * ranked with, here and before every rerank. The model loads now (the caller is already past first paint).
 */
export function createDeviceReranking(base: string, key: string, buffered: readonly BufferedSignal[] = [], sessionId?: () => string | undefined): DeviceReranking {
  const reranker = createReranker({
    manifestUrl: `${base}/assets/reranker.json`,
    // this chunk, by URL (already loaded): after a failed load, a fresh copy of it (see `createReranker`)
    runtimeUrl: import.meta.url,
    wasmPaths: `${base}/assets/ort/`,
    load: 'now',
  });
  const session = createSessionStore(loadSession(key));
  const apply = (s: BufferedSignal) => ('event' in s ? session.observe(s.event) : session.remember(s.products));
  for (const s of buffered) {
    try { apply(s); } catch { /* one malformed buffered signal does not lose the others */ }
  }
  // the reducer starts over on another tracker session (a signal carrying only its id)
  const scope = () => session.observe({ type: 'scope', sessionId: sessionId?.() } as never);
  session.state.subscribe((state) => {
    try { sessionStorage.setItem(key, JSON.stringify(state)); } catch { /* storage full or blocked: memory only */ }
  });
  scope();
  return {
    // as asRerankerLike does (synchronous with the pure-TS model until ONNX is ready), on the session's own state
    rerank(items, modelVersion) {
      scope();
      session.remember(items);
      const state = session.state.value;
      const call = { modelVersion };
      return reranker.ready.value === 'onnx' ? reranker.rerank(items, state, call).then((r) => r.items) : reranker.rerankSync(items, state, call).items;
    },
    observe: (event) => void session.observe(event),
    describe: (products) => session.remember(products),
    version: () => reranker.version.value,
  };
}
