import type { PlacementHandle, PlacementItem, PlacementState } from '@focal/sdk-core';
import { safeTrack, type TrackerLike } from './tracker.js';

/** Events a placement widget sends. */
export type PlacementEventType = 'rec_impression' | 'rec_click' | 'add_to_cart';

/** What a placement renderer receives. */
export interface PlacementRenderProps {
  state: PlacementState;
  placement: string;
  retry: () => void;
  sendEvent: (type: PlacementEventType, item: PlacementItem, position: number) => void;
}

/** The headless side of a placement widget: the placement's signal as typed props, and event sending. */
export interface PlacementConnector {
  /** Calls `render` now and on every state change; returns the unsubscribe. */
  subscribe(render: (props: PlacementRenderProps) => void): () => void;
  sendEvent: PlacementRenderProps['sendEvent'];
}

/** The impressions sent of each placement handle: widgets showing the same placement share it. */
const sent = new WeakMap<PlacementHandle, Set<string>>();

/**
 * Connects a placement handle (`client.placement(...)`) to a renderer. Impressions are sent once per
 * request and item, also when two widgets show the same placement; clicks and add-to-carts carry request id,
 * placement and position.
 */
export function connectPlacement(handle: PlacementHandle, tracker?: TrackerLike): PlacementConnector {
  const seen = sent.get(handle) ?? new Set<string>();
  sent.set(handle, seen);
  const { placement } = handle.request;
  const sendEvent = (type: PlacementEventType, item: PlacementItem, position: number) => {
    const { requestId, variant, modelVersion } = handle.state.value;
    const ref = { requestId, placement, position };
    if (type === 'add_to_cart') return safeTrack(tracker, type, { productId: item.id, quantity: 1, price: item.price, currency: item.currency, ...ref });
    // impressions once per request and item (a Set's size grows only for a new key)
    if (!requestId || (type === 'rec_impression' && seen.size === seen.add(`${requestId}|${item.id}`).size)) return;
    safeTrack(tracker, type, { ...ref, productId: item.id, variant, strategy: item.strategy.slice(0, 64), modelVersion, channel: 'web' });
  };
  return {
    sendEvent,
    subscribe: (render) => handle.state.subscribe((state) => render({ state, placement, retry: handle.retry, sendEvent })),
  };
}
