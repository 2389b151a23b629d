import { h, type ComponentType } from 'preact';
import type { Candidate, PlacementHandle, PlacementItem, Promotion } from '@focal/sdk-core';
import { Carousel } from '../components/Carousel.js';
import { Grid } from '../components/Grid.js';
import type { ViewProps } from '../components/types.js';
import { connectPlacement, type PlacementRenderProps } from '../connectors/connect-placement.js';
import { connectPromo } from '../connectors/connect-promo.js';
import { lateTracker, type TrackerLike } from '../connectors/tracker.js';
import { DEV, SCRIPT_TAG } from '../../../sdk-core/src/tracking/build.js';
import { attach } from './attach.js';
import { texts } from '../components/parts.js';
import { contentClientFor, promoLocale, recommendClientFor, type ConnectionOptions } from './clients.js';

/** Options of `mountCarousel` / `mountGrid` / `mountBundle`. */
export interface PlacementWidgetOptions extends ConnectionOptions, Omit<ViewProps, 'state' | 'onItemClick' | 'onRetry' | 'promos' | 'onPromoClick'> {
  /** Product ids in context (the product page's, the cart's). */
  items?: string[];
  /** How many items to ask for. */
  limit?: number;
  /** Shown if the server cannot answer and nothing is cached. */
  fallback?: Candidate[];
  /** Tracks impressions, clicks and add-to-carts (`createFocal()` from `@focal/sdk-core`). */
  tracker?: TrackerLike;
  /** CMS slot whose promotions appear as tiles among the items (carousel and grid), in `locale`, else the page's `<html lang>`. */
  promoSlot?: string;
}

let mounts = 0;

export interface MountedWidget {
  handle: PlacementHandle;
  /**
   * Re-renders with changed presentation options (title, templates, classNames, translations, showReason, locale,
   * tracker…) without a new request. The request (placement, items, limit, fallback, promoSlot, client, and the
   * promotions' locale) is fixed at mount: unmount and mount again to change it.
   */
  update(options: Partial<PlacementWidgetOptions>): void;
  unmount(): void;
}

/** How `mountView` connects a placement: the handle, a tracker and the current options in, a connector out. */
export type Connect<R> = (handle: PlacementHandle, tracker: TrackerLike, el: Element, current: () => PlacementWidgetOptions) => {
  subscribe(render: (props: R) => void): () => void;
  sendEvent: PlacementRenderProps['sendEvent'];
};

/**
 * Mounts a placement view: registers the placement (batched with the page's others), renders every state,
 * sends impressions (≥ 50 % for ≥ 1 s, once per placement, request and item however often it is mounted) and clicks.
 */
export function mountView<P extends ViewProps, R extends PlacementRenderProps = PlacementRenderProps>(
  View: ComponentType<P>, container: Element | string, options: PlacementWidgetOptions,
  connect: Connect<R> = connectPlacement as never,
  extra: (props: R) => Partial<P> = () => ({}),
): MountedWidget {
  if (!options || typeof options.placement !== 'string') {
    throw new Error(DEV
      ? `focal: mount options need a placement, e.g. { placement: "pdp-similar", items: ["SKU1"] }; got ${JSON.stringify(options?.placement)}`
      : 'focal: mount needs a placement (focal.dev.js explains)');
  }
  texts(options); // (translations of the wrong kind are refused before the widget there is replaced)
  const view = attach(container, (slide) => {
    const { focalPromo, focalPos, focalId } = slide.dataset;
    if (focalPromo) return promo?.seen(focalPromo);
    const item = handle.state.value.items[Number(focalPos)];
    if (item?.id === focalId) connector.sendEvent('rec_impression', item, Number(focalPos));
  });
  // the client reads the request's fields (placement, items, limit, fallback) from the options
  const handle = recommendClientFor(options).placement(options);
  // Reads the current options' tracker on every event, so `update({ tracker })` takes effect; events before there is
  // one are kept for it (the script tag always has one)
  const tracker = SCRIPT_TAG
    ? { track: (type, properties) => options.tracker?.track(type, properties) } as ReturnType<typeof lateTracker>
    : lateTracker(() => options.tracker);
  const connector = connect(handle, tracker, view.el, () => options);
  // (in the widget's locale, else the page's: a French page's tiles are its French promotions)
  const promo = options.promoSlot ? connectPromo(contentClientFor(options).slot(options.promoSlot, promoLocale(options.locale)), tracker) : undefined;
  const id = options.id ?? `focal-${options.placement}-${++mounts}`;
  let promos: Promotion[] = [];
  let last: R | undefined;
  let gone = false;
  const draw = () => {
    // (once unmounted, never again: a bundle's cart call that settles later, update(), would draw over the element)
    if (!last || gone) return;
    view.draw(h(View, {
      slots: options.limit, ...options, id, state: last.state, placement: handle.request.placement, promos,
      onItemClick: (item: PlacementItem, position: number) => connector.sendEvent('rec_click', item, position),
      onRetry: last.retry,
      onPromoClick: (p: Promotion, i: number) => promo?.sendEvent('promo_click', p, i),
      // prices in the page's language (as the script tag's always were), else the browser's
      locale: options.locale || document.documentElement.lang || navigator.language,
      ...extra(last),
    } as unknown as P));
  };
  const stopPromo = promo?.subscribe((p) => { promos = p.state.promotions; draw(); });
  const stop = connector.subscribe((props) => {
    // a new answer (request id) in slides already in view is a new impression of them (the same answer is not)
    const fresh = last && props.state.requestId !== last.state.requestId;
    last = props;
    draw();
    if (fresh) view.restart();
  });
  // update() is for ESM and React callers (the script tag's focal.mount answers only unmount())
  const widget: MountedWidget = {
    handle,
    update: SCRIPT_TAG ? undefined as never : (next) => {
      options = { ...options, ...next };
      tracker.flush();
      draw();
    },
    unmount() {
      // a second call must not give back another widget's share of the placement
      if (gone) return;
      gone = true;
      stop();
      stopPromo?.();
      view.detach();
      handle.release();
    },
  };
  view.own(widget.unmount);
  return widget;
}

/**
 * Mounts an accessible carousel of a placement.
 * @example mountCarousel('#similar', { endpoint: 'https://recs.shop.example', siteKey: 'pk_live_…', placement: 'pdp-similar', items: ['FR-00042'], title: 'Similar frames' })
 */
export const mountCarousel = (container: Element | string, options: PlacementWidgetOptions) => mountView(Carousel, container, options);

/** Mounts a grid of a placement. Same options as `mountCarousel`. */
export const mountGrid = (container: Element | string, options: PlacementWidgetOptions) => mountView(Grid, container, options);
