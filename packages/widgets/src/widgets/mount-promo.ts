import { h } from 'preact';
import { PromoBanner, type PromoBannerProps } from '../components/PromoBanner.js';
import { connectPromo } from '../connectors/connect-promo.js';
import type { TrackerLike } from '../connectors/tracker.js';
import { attach } from './attach.js';
import { contentClientFor, promoLocale, type ConnectionOptions } from './clients.js';

export interface PromoWidgetOptions extends ConnectionOptions, Omit<PromoBannerProps, 'state' | 'onClick'> {
  /** The CMS slot, e.g. `home-hero`. */
  slot: string;
  /**
   * The page's language, which the adapter maps to one of the CMS's locales (`fr-CA` → `fr-FR`).
   * @default the page's `<html lang>` (none: the adapter's default locale)
   */
  locale?: string;
  tracker?: TrackerLike;
}

/**
 * Mounts a CMS promotion banner for a slot (`GET /v1/content?slot=&locale=`), in the page's language; the slot
 * collapses when it has nothing.
 * @example mountPromo('#hero', { endpoint: 'https://recs.shop.example', siteKey: 'pk_live_…', slot: 'home-hero' })
 */
export function mountPromo(container: Element | string, options: PromoWidgetOptions) {
  const view = attach(container, (slide) => connector.seen(slide.dataset.focalPromo));
  const connector = connectPromo(contentClientFor(options).slot(options.slot, promoLocale(options.locale)), options.tracker);
  const stop = connector.subscribe(({ state, sendEvent }) => view.draw(h(PromoBanner, { ...options, state, onClick: (p, i) => sendEvent('promo_click', p, i) })));
  const unmount = () => { stop(); view.detach(); };
  view.own(unmount);
  return { unmount };
}
