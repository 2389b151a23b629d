/**
 * The demo promotions' buttons lead to pages of both example stores: a shopper who clicks "Shop frames" on the home
 * hero lands on the store's frames, not on "not found". They linked to /c/frames/optical-frames, /c/contact-lenses,
 * /eye-test…, which neither store has (the plain store's categories are /category/<slug>; the React store had none).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPromotions, DEFAULT_DEMO_NOW, generateDemoData } from '../../packages/server-adapter/src/demo/index.js';
import { startStorefront, type Storefront } from '../../examples/storefront/server.js';
import { startReactStorefront, type ReactStorefront } from '../../examples/react-storefront/server.js';

const products = generateDemoData({ products: 600, sessions: 0 }).products;
const ctas = demoPromotions(new Date(DEFAULT_DEMO_NOW)).flatMap((p) => (p.cta ? [{ id: p.id, url: p.cta.url }] : []));
// no adapter: the pages render without recommendations (fetchBatch fails at once on a closed port)
const endpoint = () => 'http://127.0.0.1:9';

/** The top-level catalog category each call to action should list, by what its promotion offers. */
const OFFERS: Record<string, string[]> = {
  'promo-student-frames': ['Frames'],
  'promo-contacts-subscription': ['Contact lenses'],
  'promo-summer-sunglasses': ['Frames'],
  'promo-free-eye-test': ['Frames'],
  'promo-free-case': ['Accessories', 'Eye care'],
};

describe('the demo promotions\' calls to action', () => {
  let plain: Storefront;
  let react: ReactStorefront;
  beforeAll(async () => {
    [plain, react] = await Promise.all([startStorefront({ endpoint, siteKey: 'pk_demo', products }), startReactStorefront({ endpoint, siteKey: 'pk_demo', products })]);
  });
  afterAll(async () => { await Promise.all([plain?.close(), react?.close()]); });

  it('every one is a page of the plain store', async () => {
    expect(ctas.map((c) => c.id).sort()).toEqual(Object.keys(OFFERS).sort());
    for (const { id, url } of ctas) {
      const res = await fetch(plain.url + url);
      expect({ id, url, status: res.status }).toEqual({ id, url, status: 200 });
      // a category page, which public/store.js fills from the catalog (tests/browser/storefront-layout checks what it lists)
      expect(await res.text()).toMatch(/<ul class="grid" data-category="[a-z-]+"/);
    }
  });

  it('every one is a page of the React store, listing the products its promotion offers', async () => {
    for (const { id, url } of ctas) {
      const res = await fetch(react.url + url);
      expect({ id, url, status: res.status }).toEqual({ id, url, status: 200 });
      const html = await res.text();
      const kinds = [...html.matchAll(/<li class="card" data-id="[^"]+" data-kind="([^"/]+)/g)].map((m) => m[1]!);
      expect(kinds.length, url).toBeGreaterThan(0);
      expect(new Set(kinds.filter((k) => !OFFERS[id]!.includes(k))), url).toEqual(new Set());
    }
  });

  it('the React store\'s category pages are named, and an unknown one is not found', async () => {
    const res = await fetch(`${react.url}/category/contact-lenses`);
    expect(/<title>([^<]*)<\/title>/.exec(await res.text())?.[1]).toBe('Contact lenses · Lumen Optics (React)');
    expect((await fetch(`${react.url}/category/constructor`)).status).toBe(404);
    expect((await fetch(`${react.url}/category/eyewear`)).status).toBe(404);
  });
});
