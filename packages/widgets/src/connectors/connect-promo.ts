import type { ContentState, Promotion } from '@focal/sdk-core';
import type { ReadonlySignal } from '@preact/signals-core';
import { firstOnPage, safeTrack, type TrackerLike } from './tracker.js';

export interface PromoRenderProps {
  state: ContentState;
  retry: () => void;
  sendEvent: (type: 'promo_impression' | 'promo_click', promotion: Promotion, position: number) => void;
}

/**
 * Connects a CMS slot (`contentClient.slot(...)`) to a renderer; promo impressions are sent once per slot and promotion
 * on the page (like recommendations': a slot mounted again, in an SPA's next view or another layout, does not count the
 * same promotion twice), clicks every time.
 */
export function connectPromo(slot: { state: ReadonlySignal<ContentState>; retry(): void }, tracker?: TrackerLike) {
  const sendEvent: PromoRenderProps['sendEvent'] = (type, promotion, position) => {
    if (type === 'promo_impression' && !firstOnPage(`${promotion.slot}|${promotion.id}`)) return;
    safeTrack(tracker, type, { promotionId: promotion.id, slot: promotion.slot, position });
  };
  return {
    sendEvent,
    /** The promotion with this id was seen (≥ 50 % for ≥ 1 s): its impression, at its position in the slot. */
    seen(id?: string) {
      const promotions = slot.state.value.promotions;
      const position = promotions.findIndex((p) => p.id === id);
      if (position >= 0) sendEvent('promo_impression', promotions[position], position);
    },
    subscribe: (render: (props: PromoRenderProps) => void) => slot.state.subscribe((state) => render({ state, retry: slot.retry, sendEvent })),
  };
}
