/**
 * The React storefront's pages (rendered on the server with react-dom/server, hydrated in the browser by client.ts).
 * Focal comes in only through `@focal/widgets/react`: <FocalProvider>, <Recommendations>, <PromoSlot>.
 * Written with createElement (no JSX build step needed).
 */
import { createElement as h, useEffect, useRef, useState, type ReactNode } from 'react';
import { FocalProvider, PromoSlot, Recommendations } from '@focal/widgets/react';
import type { Product, RecommendationResponse } from '@focal/sdk-core/contracts';
import type { RecommendClientOptions } from '@focal/sdk-core';
import { CATEGORIES, placementTitles } from '../storefront/copy.js';

export type Route = { page: 'home' } | { page: 'category'; slug: string } | { page: 'product'; productId: string } | { page: 'cart' } | { page: 'order'; orderId: string };

/** Everything a page needs; serialised into the HTML for hydration. */
export interface PageData {
  route: Route;
  endpoint: string;
  siteKey: string;
  debug: boolean;
  /** Products this page shows itself (the product, the browse list, a category's, the cart lines). */
  products: Product[];
  /** Product ids in the cart (a cookie, so the server renders the cart too). */
  cart: string[];
  initialResults: RecommendationResponse[];
}

/** What the browser adds: the tracker and the device reranker. Absent on the server. */
export interface BrowserParts {
  tracker?: { track(type: string, properties: Record<string, unknown>): unknown };
  clientOptions?: Partial<RecommendClientOptions>;
  /** A product added to the cart on this page; `cart`: the cart's product ids with it (what to store). */
  onAddToCart?(product: Product, cart: string[]): void;
  onQuickLook?(product: Product): void;
  onBuy?(products: Product[]): void;
}

const fmt = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });
const recs = (placement: string, title: string, debug: boolean, items?: string[], limit = 10) =>
  h('div', { 'data-focal-placement': placement, key: placement, style: { minHeight: 340 } },
    h(Recommendations, { placement, title, items, limit, debug, height: 340 }));

/** A product in a list of the store's own (the home page's frames, a category): as the plain store's cards. */
const card = (p: Product, onQuickLook?: () => void) => h('li', {
  key: p.id, className: 'card', 'data-id': p.id, 'data-kind': (p.categoryPath ?? []).slice(0, 2).join('/'), 'data-shape': String(p.attributes?.shape ?? ''),
},
h('a', { href: p.url }, h('img', { src: p.image, alt: '', width: 400, height: 300, loading: 'lazy' }), h('span', { className: 'title' }, p.title)),
h('span', { className: 'price' }, fmt.format(p.price)),
onQuickLook ? h('button', { type: 'button', 'data-quick': p.id, 'aria-label': `Quick look: ${p.title}`, onClick: onQuickLook }, 'Quick look') : null);

function Home({ data, parts }: { data: PageData; parts: BrowserParts }) {
  const [looked, setLooked] = useState<Product | undefined>();
  return h('div', null,
    h('h1', { className: 'visually-hidden' }, 'Lumen Optics (React)'),
    // its height is reserved by the page's stylesheet (server.ts), per screen width: a phone's banner is taller
    h('div', { 'data-focal-slot': 'home-hero' }, h(PromoSlot, { slot: 'home-hero', height: 360, priority: true })),
    recs('home-for-you', 'For you', data.debug),
    recs('home-trending', 'Trending now', data.debug),
    h('section', { 'aria-labelledby': 'browse-title' },
      h('h2', { id: 'browse-title' }, 'Browse frames'),
      h('ul', { className: 'grid', 'data-browse': 'frames' }, data.products.map((p) => card(p, () => { setLooked(p); parts.onQuickLook?.(p); })))),
    looked ? h(QuickLook, { product: looked, onClose: () => setLooked(undefined) }) : null);
}

/**
 * The quick look: a modal <dialog> (as in the plain store), so focus moves into it, the page behind is inert,
 * Escape closes it, and focus goes back to the button that opened it.
 */
function QuickLook({ product, onClose }: { product: Product; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    return () => { if (dialog.open) dialog.close(); if (opener?.isConnected) opener.focus(); };
  }, []);
  const titleId = `ql-title-${product.id}`;
  return h('dialog', { ref, 'aria-labelledby': titleId, 'data-quick-look-open': '', className: 'ql', onClose },
    h('p', { id: titleId }, product.title, ' — ', fmt.format(product.price)),
    h('button', { type: 'button', 'data-ql-close': '', onClick: onClose }, 'Close'));
}

/** A category page (`/category/<slug>`, the same ones as the plain store's): where the promotions' buttons lead. */
function Category({ data, slug }: { data: PageData; slug: string }) {
  return h('div', null,
    h('h1', null, CATEGORIES[slug]!.title),
    h('ul', { className: 'grid', 'data-category': slug }, data.products.map((p) => card(p))));
}

function ProductPage({ data, id, onAdd }: { data: PageData; id: string; onAdd(product: Product): void }) {
  const p = data.products.find((x) => x.id === id)!;
  const [added, setAdded] = useState(false);
  const titles = placementTitles(p);
  return h('div', null,
    h('article', { className: 'pdp', 'data-product': p.id },
      h('img', { src: p.image, alt: p.title, width: 400, height: 300 }),
      h('div', null,
        h('p', { className: 'crumbs' }, (p.categoryPath ?? []).join(' › ')),
        h('h1', null, p.title), h('p', { className: 'price' }, fmt.format(p.price)),
        h('button', { type: 'button', className: 'primary', 'data-add': p.id, onClick: () => { onAdd(p); setAdded(true); } }, 'Add to cart'),
        h('p', { role: 'status', 'data-added': '' }, added ? 'Added to your cart.' : ''))),
    recs('pdp-similar', titles.SIMILAR_TITLE, data.debug, [p.id], 8),
    recs('pdp-complete-the-look', titles.LOOK_TITLE, data.debug, [p.id], 6));
}

function Cart({ data, parts }: { data: PageData; parts: BrowserParts }) {
  const lines = data.cart.map((id) => data.products.find((p) => p.id === id)).filter((p): p is Product => !!p);
  // A CMS promotion slot (the demo's free-case offer), last on the page: nothing above moves when it arrives or collapses.
  const banner = h('div', { 'data-focal-slot': 'cart-banner' }, h(PromoSlot, { slot: 'cart-banner' }));
  // the page's heading stays when the cart is empty
  if (!lines.length) return h('div', null, h('h1', null, 'Your cart'), h('p', null, 'Your cart is empty.'), banner);
  return h('div', null,
    h('h1', null, 'Your cart'),
    h('ul', { className: 'lines', 'data-cart': '' }, lines.map((p, i) => h('li', { key: `${p.id}-${i}` }, h('a', { href: p.url }, p.title), h('span', null, fmt.format(p.price))))),
    h('button', { type: 'button', className: 'primary', 'data-buy': '', onClick: () => parts.onBuy?.(lines) }, 'Place order'),
    recs('cart-add-ons', 'Add-ons for your glasses', data.debug, lines.map((p) => p.id), 6),
    banner);
}

/** The whole page body. */
export function App({ data, parts = {} }: { data: PageData; parts?: BrowserParts }): ReactNode {
  const { route } = data;
  // The cart of this page: each "Add to cart" adds to what the previous one left (a second click is a second line,
  // as in the plain store), and the header's count follows.
  const cart = useRef(data.cart);
  const [count, setCount] = useState(data.cart.length);
  const add = (product: Product) => {
    cart.current = [...cart.current, product.id];
    setCount(cart.current.length);
    parts.onAddToCart?.(product, cart.current);
  };
  const page = route.page === 'home' ? h(Home, { data, parts })
    : route.page === 'category' ? h(Category, { data, slug: route.slug })
    : route.page === 'product' ? h(ProductPage, { data, id: route.productId, onAdd: add })
      : route.page === 'cart' ? h(Cart, { data, parts })
        : h('div', null, h('h1', null, 'Thank you for your order'), h('p', { 'data-order': '', role: 'status' }, `Order ${route.orderId} is confirmed.`));
  return h(FocalProvider, { endpoint: data.endpoint, siteKey: data.siteKey, locale: 'en', initialResults: data.initialResults, tracker: parts.tracker, clientOptions: parts.clientOptions },
    h('a', { className: 'skip', href: '#main' }, 'Skip to content'),
    h('header', { className: 'site' }, h('a', { className: 'logo', href: '/' }, 'Lumen Optics'),
      h('nav', { 'aria-label': 'Main' }, Object.entries(CATEGORIES).map(([slug, c]) => h('a', { key: slug, href: `/category/${slug}` }, c.nav)),
        h('a', { href: '/cart' }, `Cart (${count})`))),
    h('main', { id: 'main' }, page));
}
