/**
 * The React storefront's server: renders each page with react-dom/server (the placements' answers fetched here in
 * one `POST /v1/recommendations` and embedded for hydration), and serves the client bundle (esbuild, built in
 * memory at start), the store's CSS and generated SVG images.
 *
 *   npx tsx --conditions=@focal/source examples/react-storefront/server.ts --port 5173 --endpoint http://localhost:8787
 *
 * (with `npm run demo` running; http://localhost:5173 is among pk_demo's allowed origins).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { build } from 'esbuild';
import { fetchBatch } from '@focal/sdk-core';
import type { Product, RecommendationResponse } from '@focal/sdk-core/contracts';
import { focalCss } from '@focal/widgets/react';
import { generateDemoData } from '../../packages/server-adapter/src/demo/index.js';
import { productSvg, promoSvg } from '../storefront/images.js';
import { CATEGORIES } from '../storefront/copy.js';
import { App, type PageData, type Route } from './app.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface ReactStorefrontOptions {
  endpoint: string | (() => string);
  siteKey: string;
  port?: number;
  host?: string;
  products?: Product[];
}

export interface ReactStorefront { url: string; server: Server; close(): Promise<void> }

/** The client bundle, built once. */
async function bundleClient(): Promise<string> {
  const result = await build({
    entryPoints: [join(HERE, 'client.ts')], bundle: true, write: false, format: 'esm', platform: 'browser', minify: true,
    conditions: ['@focal/source', 'browser'], define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/**
 * The home hero's reserved height (the banner arrives after the page: reserving its height keeps the page below from
 * moving). Never clipped: on a phone the banner (image, a title and body that wrap, its button) is taller than 360 px.
 */
const HERO_CSS = '[data-focal-slot="home-hero"]{min-height:360px}@media (max-width:37.5rem){[data-focal-slot="home-hero"]{min-height:420px}}';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export async function startReactStorefront(options: ReactStorefrontOptions): Promise<ReactStorefront> {
  const products = options.products ?? generateDemoData({ sessions: 0 }).products;
  const byId = new Map(products.map((p) => [p.id, p]));
  const endpoint = () => (typeof options.endpoint === 'function' ? options.endpoint() : options.endpoint).replace(/\/$/, '');
  const [client, css] = await Promise.all([bundleClient(), readFile(join(HERE, '..', 'storefront', 'public', 'store.css'), 'utf8')]);
  const seen: Record<string, number> = {};
  const browse = products.filter((p) => p.categoryPath?.[0] === 'Frames' && p.inStock)
    .filter((p) => { const k = `${p.categoryPath?.[1]}${p.attributes?.shape}`; seen[k] = (seen[k] ?? 0) + 1; return seen[k]! <= 3; }).slice(0, 24);

  async function page(route: Route, cart: string[], debug: boolean, shopper: string): Promise<string> {
    const placements = route.page === 'home' ? [{ placement: 'home-for-you', limit: 10 }, { placement: 'home-trending', limit: 10 }]
      : route.page === 'product' ? [{ placement: 'pdp-similar', items: [route.productId], limit: 8 }, { placement: 'pdp-complete-the-look', items: [route.productId], limit: 6 }]
        : route.page === 'cart' && cart.length ? [{ placement: 'cart-add-ons', items: cart, limit: 6 }] : [];
    let initialResults: RecommendationResponse[] = [];
    if (placements.length) {
      initialResults = await fetchBatch({ endpoint: endpoint(), siteKey: options.siteKey, timeoutMs: 800, anonymousId: () => shopper }, { placements })
        .then((r) => r.filter((x): x is RecommendationResponse => !!x), () => []);
    }
    const shown = route.page === 'home' ? browse : route.page === 'category' ? products.filter(CATEGORIES[route.slug]!.test).slice(0, 40)
      : route.page === 'product' ? [byId.get(route.productId)!] : cart.map((id) => byId.get(id)!).filter(Boolean);
    const data: PageData = { route, endpoint: endpoint(), siteKey: options.siteKey, debug, products: shown, cart, initialResults };
    const body = renderToString(createElement(App, { data }));
    // each page names itself (the tab, history, bookmarks), as in the plain store
    const heading = route.page === 'product' ? byId.get(route.productId)!.title : route.page === 'category' ? CATEGORIES[route.slug]!.title : route.page === 'cart' ? 'Your cart' : route.page === 'order' ? 'Thank you for your order' : '';
    const title = heading ? `${escapeHtml(heading)} · Lumen Optics (React)` : 'Lumen Optics (React)';
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="icon" href="data:,"><style data-focal-css>${focalCss}</style><style>${HERO_CSS}</style><link rel="stylesheet" href="/store.css"></head>
<body><div id="root">${body}</div><script type="application/json" id="focal-data">${json(data)}</script><script type="module" src="/client.js"></script></body></html>`;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, type: string, body: string) => { res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' }); res.end(body); };
    try {
      if (url.pathname === '/client.js') return send(200, 'text/javascript', client);
      if (url.pathname === '/store.css') return send(200, 'text/css', css);
      const img = /^\/img\/([A-Za-z0-9_-]{1,80})\.svg$/.exec(url.pathname);
      if (img) {
        const svg = byId.has(img[1]!) ? productSvg(byId.get(img[1]!)!) : img[1]!.startsWith('promo-') ? promoSvg(img[1]!) : undefined;
        return svg ? send(200, 'image/svg+xml', svg) : send(404, 'text/plain', 'no such image');
      }
      const cart = (/(?:^|;\s*)cart=([^;]*)/.exec(req.headers.cookie ?? '')?.[1] ?? '').split(',').filter((id) => byId.has(id));
      const debug = url.searchParams.has('debug');
      const product = /^\/products\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname)?.[1];
      const category = /^\/category\/([a-z-]{1,40})$/.exec(url.pathname)?.[1];
      const route: Route | undefined = url.pathname === '/' ? { page: 'home' } : product && byId.has(product) ? { page: 'product', productId: product }
        : category && Object.hasOwn(CATEGORIES, category) ? { page: 'category', slug: category }
        : url.pathname === '/cart' ? { page: 'cart' } : url.pathname === '/order' ? { page: 'order', orderId: (url.searchParams.get('id') ?? '').slice(0, 64) } : undefined;
      if (!route) return send(404, 'text/plain', 'not found');
      // The shopper's anonymous id: the tracker's, from the cookie the client sets; a first visit asks as a new shopper.
      const shopper = /(?:^|;\s*)focal_aid=([A-Za-z0-9_-]{1,128})/.exec(req.headers.cookie ?? '')?.[1] ?? `ssr-${randomUUID()}`;
      return send(200, 'text/html; charset=utf-8', await page(route, cart, debug, shopper));
    } catch (error) {
      return send(500, 'text/plain', `the page failed: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve); });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://${options.host === 'localhost' ? 'localhost' : '127.0.0.1'}:${port}`, server, close: () => new Promise((r) => server.close(() => r())) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '5173' }, host: { type: 'string', default: 'localhost' }, endpoint: { type: 'string', default: 'http://localhost:8787' }, 'site-key': { type: 'string', default: 'pk_demo' } } });
  const store = await startReactStorefront({ endpoint: values.endpoint!, siteKey: values['site-key']!, port: Number(values.port), host: values.host! });
  console.log(JSON.stringify({ msg: 'react storefront listening', url: store.url }));
}
