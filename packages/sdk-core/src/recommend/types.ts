import type { Candidate, RecommendationRequest } from '../contracts/index.js';

/** A candidate as a widget shows it, with its position in the server's order kept for `?debug` views. */
export type PlacementItem = Candidate & {
  /** 0-based position in the server's answer, before any device reranking. */
  serverRank: number;
};

/** Where the items on screen came from. */
export type ItemSource = 'server' | 'cache' | 'reranked' | 'fallback';

/**
 * What one placement shows right now. `loading` always settles to `ready`, `empty` or `error` within the
 * client's timeout; `error` may still carry cached or fallback `items`, which a widget should show.
 */
export interface PlacementState {
  status: 'loading' | 'ready' | 'error' | 'empty';
  items: PlacementItem[];
  requestId?: string;
  variant?: string;
  strategy?: string;
  /**
   * The version of the device model that reranked these items (`RerankerLike.version`), sent with their impressions
   * and clicks. Absent on lists in the server's order (no reranker, personalisation refused, no model loaded yet), so
   * they are never credited to a model.
   */
  modelVersion?: string;
  source?: ItemSource;
  /**
   * On an `error` without items: the adapter refused the request (HTTP 4xx other than 408 and 429: a placement it does
   * not know, a limit above its maximum, a wrong site key), so asking again would get the same answer. Widgets
   * collapse (or show their `empty` template) rather than offer "Try again"; the client does not ask again when the
   * browser comes back online. The reason is in the console (`focal: …`).
   */
  refused?: boolean;
}

/** One placement to load: the wire request plus items to show if the server cannot answer. */
export interface PlacementRequest extends RecommendationRequest {
  fallback?: Candidate[];
}

/** Minimal event shape the client listens to for in-session reranking (the tracker's `onEvent`). */
export interface ObservedEvent {
  type: string;
  properties?: unknown;
}

/** The device reranker (`createReranker` in `@focal/sdk-core/ranking`), seen through the calls used here. */
export interface RerankerLike {
  /**
   * `modelVersion`, on a fresh answer: the model version the adapter serves now (the answer's `modelVersion`); a
   * reranker holding another model re-checks the manifest, so an open page follows a newly activated model.
   */
  rerank(items: Candidate[], sessionState?: unknown, modelVersion?: string): Candidate[] | Promise<Candidate[]>;
  /** The version of the model it ranks with: a reranked placement's `modelVersion` (its impressions and clicks carry it). */
  version?(): string | undefined;
}
