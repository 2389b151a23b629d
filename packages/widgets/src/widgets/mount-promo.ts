import { h, render } from 'preact';
import { PromoBanner, type PromoBannerProps } from '../components/PromoBanner.js';
import { connectPromo } from '../connectors/connect-promo.js';
import type { TrackerLike } from '../connectors/tracker.js';
import { injectStyles } from '../styles.js';
import { contentClientFor, resolveContainer, type ConnectionOptions } from './clients.js';
import { observeImpressions } from './impressions.js';

export interface PromoWidgetOptions extends ConnectionOptions, Omit<PromoBannerProps, 'state' | 'onClick'> {
  /** The CMS slot, e.g. `home-hero`. */
  slot: string;
  tracker?: TrackerLike;
}

/**
 * Mounts a CMS promotion banner for a slot (`GET /v1/content?slot=`); the slot collapses when it has nothing.
 * @example mountPromo('#hero', { endpoint: 'https://recs.shop.example', siteKey: 'pk_live_…', slot: 'home-hero' })
 */
export function mountPromo(container: Element | string, options: PromoWidgetOptions) {
  const el = resolveContainer(container);
  injectStyles(el.ownerDocument);
  const connector = connectPromo(contentClientFor(options).slot(options.slot), options.tracker);
  let promotions: PromoBannerProps['state']['promotions'] = [];
  const io = observeImpressions(el, () => { if (promotions[0]) connector.sendEvent('promo_impression', promotions[0], 0); });
  const stop = connector.subscribe(({ state, sendEvent }) => {
    promotions = state.promotions;
    render(h(PromoBanner, { ...options, state, onClick: (p, i) => sendEvent('promo_click', p, i) }), el);
    io.sync();
  });
  return { unmount() { stop(); io.disconnect(); render(null, el); } };
}
