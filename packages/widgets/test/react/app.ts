// The React test storefront: rendered on the server with react-dom/server, hydrated in Chromium.
import { createElement as h, useState } from 'react';
import type { RecommendationResponse } from '@focal/sdk-core';
import { Bundle, FocalProvider, PromoSlot, Recommendations, useRecommendations } from '../../src/react/index.js';

export interface AppProps {
  endpoint: string;
  initialResults: RecommendationResponse[];
  /** The product page (default), or a cart of two lines showing one placement for each. */
  page?: 'product' | 'cart';
}

/** The cart's lines, each with its add-ons: one placement asked for with two different items. */
export const CART_LINES = [['FR-1'], ['LN-7']];

function Cart() {
  return h('div', null, CART_LINES.map((items) => h(Recommendations, { key: items[0], placement: 'cart-add-ons', items, limit: 3, title: `Add-ons for ${items[0]}` })));
}

function Summary() {
  // Inline array on purpose: must not re-fetch on re-render.
  const { status, items } = useRecommendations({ placement: 'pdp-similar', items: ['FR-1'] });
  return h('p', { id: 'summary' }, `${status}: ${items.length} similar frames`);
}

function Product() {
  const [ticks, setTicks] = useState(0);
  return h('div', null,
    h('button', { id: 'tick', type: 'button', onClick: () => setTicks(ticks + 1) }, `Re-render (${ticks})`),
    h(Summary),
    h(Recommendations, { placement: 'pdp-similar', items: ['FR-1'], title: 'Similar frames', showReason: true }),
    // The same placement a second time: its ids must not collide with the first one's.
    h(Recommendations, { placement: 'pdp-similar', items: ['FR-1'], title: 'More like this' }),
    h(Bundle, { placement: 'pdp-bundle', items: ['FR-1'], title: 'Frequently bought together', anchor: { id: 'FR-1', title: 'Aria Round', price: 129, currency: 'EUR', url: '/p/FR-1' } }),
    h(PromoSlot, { slot: 'home-hero', height: 120 }));
}

export function App({ endpoint, initialResults, page }: AppProps) {
  return h(FocalProvider, { endpoint, siteKey: 'pk_test', initialResults, locale: 'en-GB', clientOptions: { cache: false } },
    h('main', null, h('h1', null, 'React optical store'), page === 'cart' ? h(Cart) : h(Product)));
}
