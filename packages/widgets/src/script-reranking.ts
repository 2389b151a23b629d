/**
 * Device reranking for the script-tag bundle: the recommendation client's `reranker`, `sessionState` and `onEvent`
 * options, built from the adapter's `/assets` (manifest `reranker.json`, the lazy runtime chunk
 * `focal-reranker.min.js`, onnxruntime-web's files under `/assets/ort/`). The pure-TS model reorders as soon as the
 * manifest is verified; the ONNX runtime loads on idle. The session state lives in `sessionStorage`
 * (`focal-session`), so a multi-page store keeps what the shopper did across its pages. Opt out with
 * `data-reranker="false"` on the script tag.
 */
import type { RecommendClientOptions } from '../../sdk-core/src/recommend/client.js';
import { createReranker } from '../../sdk-core/src/ranking/reranker.js';
import { asRerankerLike } from '../../sdk-core/src/ranking/reranker-adapter.js';
import { createSessionStore, type SessionStore } from '../../sdk-core/src/ranking/session-store.js';
import type { SessionSignal } from '../../sdk-core/src/ranking/observe.js';
import { emptySession, type SessionState } from '../../sdk-core/src/ranking/session-state.js';
import type { RankCandidate } from '../../sdk-core/src/ranking/session-context.js';

const KEY = 'focal-session';

function loadSession(): SessionState {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as SessionState | null;
    return saved && Array.isArray(saved.views) && typeof saved.catalog === 'object' ? saved : emptySession();
  } catch {
    return emptySession();
  }
}

/** The client options that turn device reranking on, for tracker `focal` and adapter `endpoint`. */
export function deviceReranking(
  focal: { onEvent(listener: (event: SessionSignal & { type: string }) => void): unknown },
  endpoint: string,
): Pick<RecommendClientOptions, 'reranker' | 'sessionState' | 'onEvent'> & { describe(products: Parameters<SessionStore['remember']>[0]): void } {
  const base = endpoint.replace(/\/$/, '');
  const reranker = createReranker({
    manifestUrl: `${base}/assets/reranker.json`,
    runtimeUrl: `${base}/assets/focal-reranker.min.js`,
    wasmPaths: `${base}/assets/ort/`,
  });
  const session = createSessionStore(loadSession());
  session.state.subscribe((state) => {
    try { sessionStorage.setItem(KEY, JSON.stringify(state)); } catch { /* storage full or blocked: memory only */ }
  });
  const inner = asRerankerLike(reranker);
  return {
    reranker: {
      rerank<T extends RankCandidate>(items: T[]) {
        session.remember(items);
        return inner.rerank(items, session.state.value);
      },
    } as RecommendClientOptions['reranker'],
    sessionState: () => session.state.value,
    /** `focal.describe(products)`: products the page lists outside Focal's placements, so views of them count. */
    describe: (products) => session.remember(products),
    onEvent: (listener) => focal.onEvent((event) => {
      session.observe(event);
      listener(event);
    }),
  };
}
