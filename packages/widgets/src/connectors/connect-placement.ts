import type { PlacementHandle, PlacementItem, PlacementState } from '@focal/sdk-core';
import { firstOnPage, safeTrack, type TrackerLike } from './tracker.js';

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

/**
 * Connects a placement handle (`client.placement(...)`) to a renderer. Impressions are sent once per placement,
 * request and item on the page (also across connectors: a widget mounted again, in another layout, does not
 * count the same answer twice; a new answer counts again); clicks and add-to-carts carry request id, placement and position.
 */
export function connectPlacement(handle: PlacementHandle, tracker?: TrackerLike): PlacementConnector {
  const { placement } = handle.request;
  const sendEvent = (type: PlacementEventType, item: PlacementItem, position: number) => {
    const { requestId, variant, modelVersion } = handle.state.value;
    const ref = { requestId, placement, position };
    if (type === 'add_to_cart') return safeTrack(tracker, type, { productId: item.id, quantity: 1, price: item.price, currency: item.currency, ...ref });
    // impressions once per placement, request and item on the page
    if (!requestId || (type === 'rec_impression' && !firstOnPage(`${placement}|${requestId}|${item.id}`))) return;
    // with the server features (rank = the server's, whatever order the device showed): what focal-adapter train
    // feeds the model from an impression, as the device did; `position` is where it was shown
    safeTrack(tracker, type, { ...ref, productId: item.id, variant, strategy: item.strategy.slice(0, 64), modelVersion, channel: 'web', features: item.features });
  };
  return {
    sendEvent,
    subscribe: (render) => handle.state.subscribe((state) => render({ state, placement, retry: handle.retry, sendEvent })),
  };
}
