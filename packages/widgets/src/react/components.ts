import { createElement, useEffect, useRef, useState } from 'react';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PlacementItem } from '@focal/sdk-core';
import { Bundle as BundleView, type BundleAnchor } from '../components/Bundle.js';
import { Carousel } from '../components/Carousel.js';
import { Grid } from '../components/Grid.js';
import { PromoBanner } from '../components/PromoBanner.js';
import type { ViewProps } from '../components/types.js';
import { mountBundle } from '../widgets/mount-bundle.js';
import { mountPromo } from '../widgets/mount-promo.js';
import { PlacementIsland, useFocalId } from './island.js';
import { useFocal, useRecommendations, type PlacementQuery } from './use-recommendations.js';

type Presentation = Omit<ViewProps, 'state' | 'placement' | 'onItemClick' | 'onRetry' | 'promos' | 'onPromoClick'>;

export interface RecommendationsProps extends PlacementQuery, Presentation {
  /** @default 'carousel' */
  layout?: 'carousel' | 'grid';
  /** CMS slot shown as tiles among the slides. */
  promoSlot?: string;
}

/**
 * A placement as a carousel or grid; server-rendered and hydrated without mismatch.
 * @example <Recommendations placement="pdp-similar" items={[sku]} title="Similar frames" />
 */
export function Recommendations({ layout, ...props }: RecommendationsProps) {
  return PlacementIsland(layout === 'grid' ? Grid : Carousel, props);
}

export interface BundleProps extends PlacementQuery, Presentation {
  anchor?: BundleAnchor;
  picks?: number;
  onAddToCart?: (items: PlacementItem[]) => void;
}

/**
 * "Frequently bought together" with one "add all to cart" calling `onAddToCart`.
 * @example <Bundle placement="pdp-bundle" items={[sku]} anchor={product} onAddToCart={(items) => cart.add(items)} />
 */
export function Bundle(props: BundleProps) {
  const focal = useFocal();
  const ref = useRef<HTMLDivElement>(null);
  const id = useFocalId(props.id);
  const latest = useRef(props);
  latest.current = { ...props, id };
  const { handle } = useRecommendations(props);
  const [html] = useState(() => renderToString(h(BundleView, {
    locale: focal.locale, ...props, id, state: handle.initial, selected: handle.initial.items.slice(0, props.picks ?? 2).map((i) => i.id), onToggle: () => {}, onAddAll: () => {},
  })));
  useEffect(() => {
    const widget = mountBundle(ref.current!, {
      locale: focal.locale, ...latest.current, client: focal.client, tracker: focal.tracker,
      onAddToCart: (items) => latest.current.onAddToCart?.(items),
    });
    return () => widget.unmount();
  }, [handle]);
  return createElement('div', { ref, className: 'focal-Island', dangerouslySetInnerHTML: { __html: html } });
}

/**
 * A CMS promo slot (`GET /v1/content?slot=`); collapses when empty.
 * @example <PromoSlot slot="home-hero" />
 */
export function PromoSlot({ slot, height }: { slot: string; height?: number }) {
  const focal = useFocal();
  const ref = useRef<HTMLDivElement>(null);
  const [html] = useState(() => renderToString(h(PromoBanner, { state: { status: 'loading', slot, promotions: [] }, height })));
  useEffect(() => {
    if (!focal.content) return undefined;
    const widget = mountPromo(ref.current!, { content: focal.content, slot, height, tracker: focal.tracker });
    return () => widget.unmount();
  }, [slot]);
  return createElement('div', { ref, className: 'focal-Island', dangerouslySetInnerHTML: { __html: html } });
}
