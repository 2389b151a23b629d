/**
 * A session state held in a signal, for the SDK's tracking and widgets: feed it every tracked event; it tells you
 * when the change is worth a rerank.
 */
import { signal, type ReadonlySignal } from '@preact/signals-core';
import { observe, type SessionSignal } from './observe.js';
import { emptySession, rememberProducts, type ProductMeta, type SessionState } from './session-state.js';

/** Impressions of one product without a click after which its placements are reranked. @default 3 */
export const IMPRESSIONS_BEFORE_RERANK = 3;

/**
 * Whether going from `before` to `after` through `signal` should rerank the page's placements: a product view, an
 * add-to-cart, a purchase, or a product reaching another `k` impressions without a click.
 */
export function rerankTrigger(before: SessionState, after: SessionState, signal: SessionSignal, k = IMPRESSIONS_BEFORE_RERANK): boolean {
  if (before === after) return false;
  switch (signal.type) {
    case 'product_view':
    case 'add_to_cart':
    case 'remove_from_cart':
    case 'purchase':
      return true;
    case 'rec_impression': {
      const count = after.impressions[signal.properties.productId] ?? 0;
      return count > 0 && count % k === 0;
    }
    default:
      return false;
  }
}

export interface SessionStore {
  readonly state: ReadonlySignal<SessionState>;
  /** Applies a signal; returns whether placements should be reranked (see {@link rerankTrigger}). */
  observe(signal: SessionSignal, meta?: ProductMeta): boolean;
  /** Learns the metadata of candidates (call with each recommendation response's items). */
  remember(products: Parameters<typeof rememberProducts>[1]): void;
  reset(): void;
}

/** @example const session = createSessionStore(); if (session.observe(event)) rerankAll(); */
export function createSessionStore(initial: SessionState = emptySession(), k = IMPRESSIONS_BEFORE_RERANK): SessionStore {
  const state = signal(initial);
  return {
    state,
    observe(sig, meta) {
      const before = state.value;
      const after = observe(before, sig, meta);
      state.value = after;
      return rerankTrigger(before, after, sig, k);
    },
    remember(products) {
      state.value = rememberProducts(state.value, products);
    },
    reset() {
      state.value = emptySession();
    },
  };
}
