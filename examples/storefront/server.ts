/**
 * The example optical store's own web server (not Focal): serves the plain-HTML pages under `public/`, the demo
 * catalog as `/catalog.json` (the same deterministic catalog `focal-adapter seed --demo` loads into the adapter) and
 * generated SVG product images at `/img/<id>.svg`. Focal itself is only the script tag in each page, pointing at the
 * adapter (`endpoint`).
 *
 *   npx tsx examples/storefront/server.ts --port 3000 --endpoint http://localhost:8787 --site-key pk_demo
 *
 * The store's origin must be in the site's allowed origins (the demo site allows http://localhost:3000).
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, extname, join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import type { Product } from '@focal/sdk-core/contracts';
import { generateDemoData } from '../../packages/server-adapter/src/demo/index.js';
import { productSvg, promoSvg } from './images.js';
import { factLabel, factValue, placementTitles } from './copy.js';

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), 'public');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const euros = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });

/**
 * A product page's article, rendered here so it is in place at first paint: built by the page's script after
 * fetching the catalog, it pushed the recommendations below it down (layout shift 0.165 at 375 px).
 */
function productArticle(p: Product): string {
  const facts = Object.entries(p.attributes ?? {}).map(([k, v]) => `<dt>${escape(factLabel(k))}</dt><dd>${escape(factValue(k, v))}</dd>`).join('');
  return `<img src="${escape(p.image ?? '')}" alt="${escape(p.title)}" width="400" height="300"><div>`
    + `<p class="crumbs">${escape(p.categoryPath.join(' › '))}</p><h1>${escape(p.title)}</h1><p class="price">${escape(euros.format(p.price))}</p>`
    + `<button type="button" class="primary" data-add="${escape(p.id)}">Add to cart</button><p role="status" data-added></p><dl>${facts}</dl></div>`;
}

/** Page routes → page file (product pages share one template). */
function pageFor(path: string): { file: string; vars: Record<string, string> } | undefined {
  if (path === '/') return { file: 'index.html', vars: {} };
  const product = /^\/products\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (product) return { file: 'product.html', vars: { PRODUCT_ID: product[1]! } };
  const category = /^\/category\/([a-z-]{1,40})$/.exec(path);
  if (category) return { file: 'category.html', vars: { CATEGORY: category[1]! } };
  const simple: Record<string, string> = { '/cart': 'cart.html', '/checkout': 'checkout.html', '/order': 'order.html' };
  return simple[path] ? { file: simple[path]!, vars: {} } : undefined;
}

export interface StorefrontOptions {
  /** The Focal adapter the pages' script tag talks to, e.g. `http://localhost:8787` (a function: read per request). */
  endpoint: string | (() => string);
  siteKey: string;
  port?: number;
  host?: string;
  /** The catalog to sell; default: the demo catalog. */
  products?: Product[];
}

export interface Storefront { url: string; server: Server; close(): Promise<void> }

/** Starts the example store; resolves when it listens. */
export async function startStorefront(options: StorefrontOptions): Promise<Storefront> {
  const products = options.products ?? generateDemoData({ sessions: 0 }).products;
  const byId = new Map(products.map((p) => [p.id, p]));
  const catalogJson = JSON.stringify(products);
  const endpoint = () => (typeof options.endpoint === 'function' ? options.endpoint() : options.endpoint).replace(/\/$/, '');
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (status: number, type: string, body: string | Buffer, cache = 'no-cache') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': cache });
      res.end(body);
    };
    try {
      if (path === '/catalog.json') return send(200, TYPES['.json']!, catalogJson);
      const img = /^\/img\/([A-Za-z0-9_-]{1,80})\.svg$/.exec(path);
      if (img) {
        const product = byId.get(img[1]!);
        const svg = product ? productSvg(product) : img[1]!.startsWith('promo-') ? promoSvg(img[1]!) : undefined;
        return svg ? send(200, TYPES['.svg']!, svg, 'public, max-age=3600') : send(404, 'text/plain', 'no such image');
      }
      const page = pageFor(path);
      if (page) {
        if (page.vars.PRODUCT_ID && !byId.has(page.vars.PRODUCT_ID)) return send(404, 'text/plain; charset=utf-8', 'no such product');
        const html = await readFile(join(PUBLIC, page.file), 'utf8');
        const all: Record<string, string> = { ENDPOINT: endpoint(), SITE_KEY: options.siteKey, ...page.vars };
        if (page.vars.PRODUCT_ID) {
          const product = byId.get(page.vars.PRODUCT_ID)!;
          Object.assign(all, { PRODUCT_ARTICLE: productArticle(product), PRODUCT_TITLE: escape(product.title) }, placementTitles(product));
        }
        return send(200, TYPES['.html']!, html.replace(/\{\{([A-Z_]+)\}\}/g, (m, name: string) => all[name] ?? m));
      }
      const file = normalize(join(PUBLIC, path));
      if (!file.startsWith(PUBLIC) || !TYPES[extname(file)]) return send(404, 'text/plain', 'not found');
      return send(200, TYPES[extname(file)]!, await readFile(file));
    } catch {
      return send(404, 'text/plain', 'not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://${options.host === 'localhost' ? 'localhost' : '127.0.0.1'}:${port}`, server, close: () => new Promise((r) => server.close(() => r())) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '3000' }, host: { type: 'string', default: 'localhost' }, endpoint: { type: 'string', default: 'http://localhost:8787' }, 'site-key': { type: 'string', default: 'pk_demo' } } });
  const store = await startStorefront({ endpoint: values.endpoint!, siteKey: values['site-key']!, port: Number(values.port), host: values.host! });
  console.log(JSON.stringify({ msg: 'storefront listening', url: store.url }));
}
