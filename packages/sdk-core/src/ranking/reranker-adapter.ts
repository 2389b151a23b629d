import type { RankCandidate } from './session-context.js';
import { emptySession, type SessionState } from './session-state.js';
import type { Reranker } from './reranker.js';

/**
 * Adapts a reranker to the recommendation client's `reranker` option (`rerank(items, sessionState) → items`):
 * synchronous with the pure-TS model until the ONNX model is ready (so the first render is already reranked),
 * then asynchronous with ONNX. A missing or foreign session state counts as an empty session; the `modelVersion` an
 * answer named is passed on (another one than the loaded model's re-checks the manifest).
 *
 * @example
 * const session = createSessionStore();
 * createRecommendationClient({ ..., reranker: asRerankerLike(reranker), sessionState: () => session.state.value,
 *   onEvent: (l) => tracker.onEvent((e) => { session.observe(e); l(e); }) });
 */
export function asRerankerLike(reranker: Reranker): { rerank<T extends RankCandidate>(items: T[], sessionState?: unknown, modelVersion?: string): T[] | Promise<T[]>; version(): string | undefined } {
  return {
    version: () => reranker.version.value,
    rerank(items, sessionState, modelVersion) {
      const state = isSessionState(sessionState) ? sessionState : emptySession();
      const call = { modelVersion };
      if (reranker.ready.value === 'onnx') return reranker.rerank(items, state, call).then((r) => r.items);
      return reranker.rerankSync(items, state, call).items;
    },
  };
}

function isSessionState(value: unknown): value is SessionState {
  const v = value as SessionState | undefined;
  return !!v && Array.isArray(v.views) && typeof v.itemViews === 'object' && typeof v.catalog === 'object' && typeof v.priceBand === 'object';
}
