import { createElement, useEffect, useRef, useState } from 'react';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PlacementItem } from '@focal/sdk-core';
import { Bundle as BundleView, type BundleAnchor } from '../components/Bundle.js';
import { Carousel } from '../components/Carousel.js';
import { Grid } from '../components/Grid.js';
import { PromoBanner } from '../components/PromoBanner.js';
import type { ViewProps } from '../components/types.js';
import { mountCarousel, mountGrid } from '../widgets/mount.js';
import { mountBundle } from '../widgets/mount-bundle.js';
import { mountPromo } from '../widgets/mount-promo.js';
import { lateTracker } from '../connectors/tracker.js';
import { useIsland } from './island.js';
import { useFocal, type PlacementQuery } from './use-recommendations.js';

type Presentation = Omit<ViewProps, 'state' | 'placement' | 'onItemClick' | 'onRetry' | 'promos' | 'onPromoClick'>;

export interface RecommendationsProps extends PlacementQuery, Presentation {
  /** @default 'carousel' */
  layout?: 'carousel' | 'grid';
  /** CMS slot shown as tiles among the items (carousel and grid). */
  promoSlot?: string;
}

/**
 * A placement as a carousel or grid; server-rendered and hydrated without mismatch. Changing presentation props
 * (title, templates, classNames, translations, showReason, layout…) re-renders without a request.
 * @example <Recommendations placement="pdp-similar" items={[sku]} title="Similar frames" />
 */
export function Recommendations({ layout, ...props }: RecommendationsProps) {
  if (layout !== undefined && layout !== 'carousel' && layout !== 'grid') {
    throw new Error(`focal: <Recommendations> layout ${JSON.stringify(layout)} is not a layout; use "carousel" (the default) or "grid", and <Bundle> for a bundle`);
  }
  return useIsland(layout === 'grid' ? Grid : Carousel, layout === 'grid' ? mountGrid : mountCarousel, props);
}

export interface BundleProps extends PlacementQuery, Presentation {
  anchor?: BundleAnchor;
  picks?: number;
  /** May return a promise: see `mountBundle`. */
  onAddToCart?: (items: PlacementItem[]) => unknown;
}

/**
 * "Frequently bought together" with one "add all to cart" calling `onAddToCart` (the latest one passed).
 * @example <Bundle placement="pdp-complete-the-look" items={[sku]} anchor={product} onAddToCart={(items) => cart.add(items)} />
 */
export function Bundle(props: BundleProps) {
  return useIsland(BundleView, mountBundle, props, (state) => ({ selected: state.items.map((i) => i.id), onToggle: () => {}, onAddAll: () => {} }));
}

/**
 * A CMS promo slot (`GET /v1/content?slot=&locale=`); collapses when empty. `priority`: the slot is at the top of the
 * page, its image loads at once with `fetchpriority="high"` (see `PromoBannerProps.priority`). `locale`: the language
 * its promotions are asked in; default the `<FocalProvider>`'s `locale`.
 * @example <PromoSlot slot="home-hero" priority />
 */
export function PromoSlot({ slot, height, priority, locale }: { slot: string; height?: number; priority?: boolean; locale?: string }) {
  const focal = useFocal();
  const { content } = focal;
  if (!content) {
    // Without one the slot would show its loading box for ever.
    throw new Error('focal: <PromoSlot> needs a content client: give <FocalProvider> content={createContentClient(…)} or endpoint="…" and siteKey="…".');
  }
  const ref = useRef<HTMLDivElement>(null);
  const [html] = useState(() => renderToString(h(PromoBanner, { state: { status: 'loading', slot, promotions: [] }, height })));
  // the provider's tracker of the latest render; a promotion seen before there was one is tracked once it comes
  const current = useRef(focal.tracker);
  current.current = focal.tracker;
  const [tracker] = useState(() => lateTracker(() => current.current));
  useEffect(() => {
    // in its locale, else the provider's (which is also the prices')
    const widget = mountPromo(ref.current!, { content, slot, height, priority, tracker, locale: locale ?? focal.locale });
    return () => widget.unmount();
  }, [content, tracker, slot, height, priority, locale ?? focal.locale]); // eslint-disable-line react-hooks/exhaustive-deps -- focal.locale is read here
  useEffect(() => tracker.flush(), [tracker, focal.tracker]);
  return createElement('div', { ref, className: 'focal-Island', dangerouslySetInnerHTML: { __html: html } });
}
