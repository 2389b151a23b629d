/**
 * The browser entry: hydrates the server-rendered page, tracks with `createFocal`, and turns device reranking on
 * (`@focal/sdk-core/ranking`: the adapter's reranker manifest, lazy ONNX runtime; the session kept in sessionStorage
 * so it carries over between pages). Bundled by server.ts with esbuild.
 */
import { createElement } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { createFocal } from '@focal/sdk-core';
import { asRerankerLike, createReranker, createSessionStore } from '@focal/sdk-core/ranking';
import type { Product } from '@focal/sdk-core/contracts';
import { readAttribution } from '@focal/widgets';
import { App, type PageData } from './app.js';

const data = JSON.parse(document.getElementById('focal-data')!.textContent!) as PageData;
const focal = createFocal({ endpoint: data.endpoint, siteKey: data.siteKey });
(window as unknown as { focal: typeof focal }).focal = focal;
// The server renders the next pages for this shopper (their personal recommendations) from this cookie.
if (focal.anonymousId) document.cookie = `focal_aid=${focal.anonymousId}; path=/; SameSite=Lax`;

const KEY = 'focal-session';
let saved;
try { saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') ?? undefined; } catch { saved = undefined; }
const session = createSessionStore(saved);
session.state.subscribe((state) => { try { sessionStorage.setItem(KEY, JSON.stringify(state)); } catch { /* memory only */ } });
const reranker = asRerankerLike(createReranker({
  manifestUrl: `${data.endpoint}/assets/reranker.json`, runtimeUrl: `${data.endpoint}/assets/focal-reranker.min.js`, wasmPaths: `${data.endpoint}/assets/ort/`,
}));
session.remember(data.products);

// A product page reached from a recommendation: its view and add-to-cart carry the recommendation (request, placement,
// position) from the link's focal_rid/focal_pl/focal_pos, so they are credited to it.
const from = data.route.page === 'product' ? readAttribution(location.href) : undefined;

const setCart = (ids: string[]) => { document.cookie = `cart=${ids.join(',')}; path=/; SameSite=Lax`; };

hydrateRoot(document.getElementById('root')!, createElement(App, {
  data,
  parts: {
    tracker: focal,
    clientOptions: {
      anonymousId: () => focal.anonymousId,
      reranker: { rerank: (items) => { session.remember(items as never); return reranker.rerank(items, session.state.value) as never; } },
      sessionState: () => session.state.value,
      onEvent: (listener) => focal.onEvent((event) => { session.observe(event); listener(event); }),
    },
    onQuickLook: (p: Product) => { void focal.track('product_view', { productId: p.id }); },
    onAddToCart: (p: Product, cart: string[]) => {
      setCart(cart);
      void focal.track('add_to_cart', { productId: p.id, quantity: 1, price: p.price, ...from });
    },
    onBuy: async (lines: Product[]) => {
      const orderId = `ord-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      const revenue = Math.round(lines.reduce((s, p) => s + p.price, 0) * 100) / 100;
      void focal.track('purchase', { orderId, currency: 'EUR', revenue, lineItems: lines.map((p) => ({ productId: p.id, quantity: 1, price: p.price })) });
      await focal.flush().catch(() => undefined);
      setCart([]);
      location.href = `/order?id=${encodeURIComponent(orderId)}`;
    },
  },
}), { onRecoverableError: (error) => console.error(`hydration mismatch: ${String((error as Error)?.message ?? error)}`) });

if (data.route.page === 'product') void focal.track('product_view', { productId: data.route.productId, ...from });
document.documentElement.setAttribute('data-store-ready', '');
