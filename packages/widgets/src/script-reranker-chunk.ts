/**
 * Entry of `focal-reranker.min.js`, the script tag's lazily loaded reranker chunk (fetched by URL on idle after first
 * paint, see `script-reranking.ts`): the whole device ranking (session reducer, features, pure-TS MLP, rules,
 * diversity, the reranker) and the onnxruntime-web scorer (`createScorer`, which imports onnxruntime-web itself).
 * Keeping all of it here keeps `focal.min.js` small; the server order shows until this chunk has loaded.
 */
import { createReranker } from '../../sdk-core/src/ranking/reranker.js';
import { asRerankerLike } from '../../sdk-core/src/ranking/reranker-adapter.js';
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
  rerank<T extends RankCandidate>(items: T[]): T[] | Promise<T[]>;
  state(): SessionState;
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
 * The model loads now (the caller is already past first paint).
 */
export function createDeviceReranking(base: string, key: string, buffered: readonly BufferedSignal[] = []): DeviceReranking {
  const reranker = createReranker({
    manifestUrl: `${base}/assets/reranker.json`,
    loadRuntime: async () => ({ createScorer }),
    wasmPaths: `${base}/assets/ort/`,
    load: 'now',
  });
  const session = createSessionStore(loadSession(key));
  const apply = (s: BufferedSignal) => ('event' in s ? session.observe(s.event) : session.remember(s.products));
  for (const s of buffered) {
    try { apply(s); } catch { /* one malformed buffered signal does not lose the others */ }
  }
  session.state.subscribe((state) => {
    try { sessionStorage.setItem(key, JSON.stringify(state)); } catch { /* storage full or blocked: memory only */ }
  });
  const inner = asRerankerLike(reranker);
  return {
    rerank(items) {
      session.remember(items);
      return inner.rerank(items, session.state.value);
    },
    state: () => session.state.value,
    observe: (event) => void session.observe(event),
    describe: (products) => session.remember(products),
    version: inner.version,
  };
}
