/**
 * Both example stores name each page in its <title> (the browser tab, the history, a bookmark, a shared link), as the
 * server sends it: the React store titled every page "Lumen Optics (React)", the plain store's product pages
 * "Product · Lumen Optics" until its script had run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../packages/server-adapter/src/demo/index.js';
import { startStorefront, type Storefront } from '../../examples/storefront/server.js';
import { startReactStorefront, type ReactStorefront } from '../../examples/react-storefront/server.js';

const products = generateDemoData({ products: 600, sessions: 0 }).products;
// a product whose name has a character HTML escapes ("Harbor & Co …")
const frame = products.find((p) => p.categoryPath[0] === 'Frames' && p.title.includes('&'))!;
const lenses = products.find((p) => p.categoryPath[0] === 'Contact lenses')!;
// no adapter: the pages render without recommendations (fetchBatch fails at once on a closed port)
const endpoint = () => 'http://127.0.0.1:9';
const titleOf = async (url: string) => {
  const res = await fetch(url, { headers: { cookie: `cart=${lenses.id}` } });
  expect(res.status, url).toBe(200);
  return /<title>([^<]*)<\/title>/.exec(await res.text())?.[1];
};
const decode = (html: string | undefined) => html?.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

describe('page titles', () => {
  let plain: Storefront;
  let react: ReactStorefront;
  beforeAll(async () => {
    [plain, react] = await Promise.all([startStorefront({ endpoint, siteKey: 'pk_demo', products }), startReactStorefront({ endpoint, siteKey: 'pk_demo', products })]);
  });
  afterAll(async () => { await Promise.all([plain?.close(), react?.close()]); });

  it('the React store: a product page is titled by its product, the cart and the order page by what they are', async () => {
    expect(frame).toBeDefined();
    const productTitle = await titleOf(`${react.url}/products/${frame.id}`);
    expect(productTitle).not.toContain(' & '); // escaped in the HTML
    expect(decode(productTitle)).toBe(`${frame.title} · Lumen Optics (React)`);
    expect(decode(await titleOf(`${react.url}/products/${lenses.id}`))).toBe(`${lenses.title} · Lumen Optics (React)`);
    expect(await titleOf(`${react.url}/cart`)).toBe('Your cart · Lumen Optics (React)');
    expect(await titleOf(`${react.url}/order?id=ord-1`)).toBe('Thank you for your order · Lumen Optics (React)');
    expect(await titleOf(`${react.url}/`)).toBe('Lumen Optics (React)');
  });

  it('the plain store: a product page arrives titled by its product', async () => {
    const productTitle = await titleOf(`${plain.url}/products/${frame.id}`);
    expect(productTitle).not.toContain(' & ');
    expect(decode(productTitle)).toBe(`${frame.title} · Lumen Optics`);
  });
});
