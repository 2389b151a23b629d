/**
 * The whole journey in the plain-HTML example store (examples/storefront), in Chromium, against the REAL adapter on
 * loopback seeded with a reduced demo set (600 products, 1,500 simulated shoppers' sessions instead of 2,400/20,000,
 * so the suite seeds in seconds; same generator, same placements). Screenshots go to test-results/journey-*.png.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Product } from '@focal/sdk-core/contracts';
import { DEMO_SITE_KEY, seedDemo } from '@focal/server-adapter';
import { generateDemoData } from '../../packages/server-adapter/src/demo/index.js';
import { startStorefront, type Storefront } from '../../examples/storefront/server.js';
import { renderShopperEmail } from '../../examples/email/render.js';
import { startReactStorefront, type ReactStorefront } from '../../examples/react-storefront/server.js';
import { launchChromium } from '../helpers/chromium.js';
import { layoutShift, shiftContext, warmUpStore } from '../helpers/page-checks.js';
import { startTestAdapter, type TestAdapter } from '../helpers/adapter.js';

const SHOTS = 'test-results';
let adapter: TestAdapter;
let store: Storefront;
let reactStore: ReactStorefront;
let browser: Browser;
let catalog: Map<string, Product>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const data = generateDemoData({ products: 600, sessions: 1500 });
  catalog = new Map(data.products.map((p) => [p.id, p]));
  let endpoint = '';
  store = await startStorefront({ endpoint: () => endpoint, siteKey: DEMO_SITE_KEY, products: data.products });
  reactStore = await startReactStorefront({ endpoint: () => endpoint, siteKey: DEMO_SITE_KEY, products: data.products });
  adapter = await startTestAdapter({ siteKey: DEMO_SITE_KEY, allowedOrigins: [store.url, reactStore.url] });
  endpoint = adapter.url;
  await seedDemo(adapter.store, () => data, { origins: [store.url, reactStore.url] });
  // The adapter builds its per-site indexes on the first recommendation request; do that before the browser comes
  // (the widgets give up after 800 ms, by design).
  expect(await warmUpStore(adapter.url, DEMO_SITE_KEY, data.products[0]!.id)).toBe(200);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await store?.close();
  await reactStore?.close();
  await adapter?.close();
});

/** A laptop-sized browser context that sums layout shifts (`layoutShift(page)`). */
const clsContext = () => shiftContext(browser);

/** The shopper's stored events (by anonymous id), once the purchase has arrived. */
async function eventsOf(anonymousId: string) {
  let mine: Awaited<ReturnType<TestAdapter['storedEvents']>> = [];
  for (let i = 0; i < 50; i++) {
    mine = (await adapter.storedEvents()).filter((e) => e.anonymousId === anonymousId);
    if (mine.some((e) => e.type === 'purchase')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return mine;
}

/** Product ids of a placement's items, in display order. */
async function shown(page: Page, placement: string): Promise<string[]> {
  return page.$$eval(`[data-focal-placement="${placement}"] .focal-Item:not(.focal-Item--skeleton):not(.focal-Item--promo)`, (items) =>
    items.map((item) => /\/products\/([^?/#]+)/.exec((item.getAttribute('href') ?? item.querySelector('a')?.getAttribute('href') ?? ''))?.[1] ?? ''));
}

async function waitForItems(page: Page, placement: string, min = 3): Promise<void> {
  await page.waitForFunction(([p, n]) => document.querySelectorAll(`[data-focal-placement="${p}"] .focal-Item:not(.focal-Item--skeleton)`).length >= n, [placement, min] as const, { timeout: 15_000 });
}

/** Mean display position of the items of one category (e.g. `Frames/Optical frames`) (lower = nearer the front), Infinity when none. */
function meanPosition(ids: string[], kind: string): number {
  const at = ids.flatMap((id, i) => (catalog.get(id)?.categoryPath?.slice(0, 2).join('/') === kind ? [i] : []));
  return at.length ? at.reduce((a, b) => a + b, 0) / at.length : Infinity;
}

/** (server rank, device rank) pairs from the `?debug` lines. */
async function debugRanks(page: Page, placement: string): Promise<Array<[number, number]>> {
  const lines = await page.$$eval(`[data-focal-placement="${placement}"] .focal-Item-debug`, (els) => els.map((e) => e.textContent ?? ''));
  return lines.map((l) => /server #(\d+) → device #(\d+)/.exec(l)).filter(Boolean).map((m) => [Number(m![1]), Number(m![2])]);
}

describe('the shopper journey in the script-tag storefront', () => {
  it('home → three views of one style → device reorder without a request → cart add-ons → purchase stored once', async () => {
    const context = await clsContext();
    const page = await context.newPage();
    const recRequests: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/v1/recommendations')) recRequests.push(r.url()); });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (process.env.JOURNEY_DEBUG) page.on('console', (m) => console.log('[page]', m.type(), m.text()));
    if (process.env.JOURNEY_DEBUG) page.on('request', (r) => console.log('[req]', r.method(), r.url()));

    // 1. Home: both carousels and the promo slot filled, no layout shift.
    await page.goto(`${store.url}/?debug`);
    await waitForItems(page, 'home-for-you', 4);
    await waitForItems(page, 'home-trending', 4);
    await page.waitForSelector('[data-focal-slot="home-hero"] .focal-Promo-title', { timeout: 15_000 });
    await page.waitForSelector('html[data-store-ready]');
    await page.waitForTimeout(500);
    expect(await layoutShift(page)).toBe(0);
    expect(await page.locator('[data-focal-placement="home-for-you"] .focal-Item-debug').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/journey-home.png`, fullPage: true });

    // 2. Three quick looks at frames of one shape: the home carousels reorder on the device, with no new request.
    const shownOnSite = new Set<string>();
    const homeForYou = await shown(page, 'home-for-you');
    const homeTrending = await shown(page, 'home-trending');
    const before = [...homeForYou, ...homeTrending];
    const requestsBefore = recRequests.length;
    // One style: three optical frames of the same shape. The reranker knows products by category path, brand and
    // price, so "towards that style" is measured on the frames' category (Frames/Optical frames).
    const kind = 'Frames/Optical frames';
    const browse = await page.$$eval('[data-browse] li[data-shape]', (lis) => lis.map((li) => ({ id: li.getAttribute('data-id')!, kind: li.getAttribute('data-kind')!, shape: li.getAttribute('data-shape')! })));
    const optical = browse.filter((b) => b.kind === kind);
    const shape = optical.map((b) => b.shape).find((s) => optical.filter((b) => b.shape === s).length >= 3)!;
    expect(shape).toBeTruthy();
    const viewed = optical.filter((b) => b.shape === shape).slice(0, 3).map((b) => b.id);
    for (const id of viewed) {
      await page.click(`[data-quick="${id}"]`);
      await page.waitForSelector('dialog[open]');
      await page.click('[data-ql-close]');
    }
    await page.waitForFunction((old) => {
      const ids = [...document.querySelectorAll('[data-focal-placement^="home-"] a.focal-Item:not(.focal-Item--promo)')]
        .map((a) => /\/products\/([^?/#]+)/.exec(a.getAttribute('href') ?? '')?.[1] ?? '');
      return ids.join() !== old;
    }, before.join(), { timeout: 10_000 });
    const afterForYou = await shown(page, 'home-for-you');
    const afterTrending = await shown(page, 'home-trending');
    for (const id of [...afterForYou, ...afterTrending]) shownOnSite.add(id);
    expect([...afterForYou, ...afterTrending]).not.toEqual(before);
    expect(recRequests.length).toBe(requestsBefore);
    // Towards that style: its items sit nearer the front than before, in the placements that show it.
    const moved = [[homeForYou, afterForYou], [homeTrending, afterTrending]].filter(([b]) => Number.isFinite(meanPosition(b!, kind)));
    expect(moved.length).toBeGreaterThan(0);
    for (const [b, a] of moved) expect(meanPosition(a!, kind)).toBeLessThanOrEqual(meanPosition(b!, kind));
    expect(moved.some(([b, a]) => meanPosition(a!, kind) < meanPosition(b!, kind))).toBe(true);
    await page.screenshot({ path: `${SHOTS}/journey-home-reordered.png`, fullPage: true });

    // 3. The product page of one of those frames: similar frames and complete-the-look, reordered on the device
    //    (server rank ≠ device rank) from the page's one batched request.
    const requestsBeforePdp = recRequests.length;
    await page.goto(`${store.url}/products/${viewed[0]}?debug`);
    await waitForItems(page, 'pdp-similar', 3);
    await waitForItems(page, 'pdp-complete-the-look', 2);
    // The device order differs from the server's on the product page (debug lines: server #a → device #b).
    await page.waitForFunction(() => [...document.querySelectorAll('[data-focal-placement^="pdp-"] .focal-Item-debug')]
      .some((e) => { const m = /server #(\d+) → device #(\d+)/.exec(e.textContent ?? ''); return !!m && m[1] !== m[2]; }), null, { timeout: 8_000 });
    const pdpRanks = [...await debugRanks(page, 'pdp-similar'), ...await debugRanks(page, 'pdp-complete-the-look')];
    expect(pdpRanks.length).toBeGreaterThan(4);
    expect(pdpRanks.some(([server, device]) => server !== device)).toBe(true);
    expect(recRequests.length - requestsBeforePdp).toBe(1);
    const completeTheLook = await shown(page, 'pdp-complete-the-look');
    for (const id of [...completeTheLook, ...await shown(page, 'pdp-similar')]) shownOnSite.add(id);
    await page.screenshot({ path: `${SHOTS}/journey-product.png`, fullPage: true });

    // 4. Add the frame to the cart; the cart offers add-ons; lenses and a case are on offer between the two pages.
    await page.click('[data-add]');
    await page.waitForSelector('[data-added]:has-text("Added")');
    await page.goto(`${store.url}/cart?debug`);
    await waitForItems(page, 'cart-add-ons', 2);
    const addOns = await shown(page, 'cart-add-ons');
    for (const id of addOns) shownOnSite.add(id);
    for (const id of addOns) expect(['Accessories', 'Eye care']).toContain(catalog.get(id)?.categoryPath?.[0]);
    const offered = [...completeTheLook, ...addOns].map((id) => catalog.get(id)?.categoryPath ?? []);
    expect(offered.some((path) => path[0] === 'Lenses' || path[0] === 'Contact lenses')).toBe(true);
    expect(offered.some((path) => path[1] === 'Cases')).toBe(true);
    await page.screenshot({ path: `${SHOTS}/journey-cart.png`, fullPage: true });

    // 5. Buy.
    await page.click('a[href="/checkout"]');
    await page.waitForSelector('[data-checkout-summary]:has-text("item")');
    await page.screenshot({ path: `${SHOTS}/journey-checkout.png`, fullPage: true });
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-order]:has-text("is confirmed")');
    const orderId = new URL(page.url()).searchParams.get('id')!;
    await page.screenshot({ path: `${SHOTS}/journey-order.png`, fullPage: true });

    // 6. Every event of the journey is on the server exactly once.
    const anonymousId = await page.evaluate(() => (window as unknown as { focal: { anonymousId: string } }).focal.anonymousId);
    let mine: Awaited<ReturnType<TestAdapter['storedEvents']>> = [];
    for (let i = 0; i < 50; i++) {
      mine = (await adapter.storedEvents()).filter((e) => e.anonymousId === anonymousId);
      if (mine.some((e) => e.type === 'purchase')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(new Set(mine.map((e) => e.id)).size).toBe(mine.length);
    const ofType = (type: string) => mine.filter((e) => e.type === type);
    expect(ofType('purchase').map((e) => (e.event.properties as { orderId: string }).orderId)).toEqual([orderId]);
    expect(ofType('add_to_cart').map((e) => (e.event.properties as { productId: string }).productId)).toEqual([viewed[0]]);
    const views = ofType('product_view').map((e) => (e.event.properties as { productId: string }).productId);
    expect(views.sort()).toEqual([...viewed, viewed[0]!].sort());
    // The student offer: "log in as a demo student" records the trait student=true; the CMS slot then shows the
    // student promotion.
    await page.goto(`${store.url}/`);
    await page.waitForSelector('[data-focal-slot="home-hero"] .focal-Promo-title');
    expect(await page.locator('[data-focal-promo="promo-student-frames"]').count()).toBe(0);
    await page.click('[data-student-login]');
    await page.waitForSelector('[data-focal-promo="promo-student-frames"]', { timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/journey-home-student.png` });
    expect(errors).toEqual([]);
    await context.close();

    // 7. The shopper's email (the example script, through the real adapter endpoint): what the site showed them as
    //    relevant, with links that redirect to the product with UTM tags.
    const email = await renderShopperEmail({ endpoint: adapter.url, adminKey: adapter.adminKey, user: anonymousId, site: DEMO_SITE_KEY, outDir: `${SHOTS}/email` });
    const emailIds = [...email.html.matchAll(/\/img\/([A-Za-z0-9_-]+)\.svg/g)].map((m) => m[1]!);
    expect(emailIds.length).toBeGreaterThan(0);
    expect(emailIds.some((id) => shownOnSite.has(id))).toBe(true);
    const links = [...new Set([...email.html.matchAll(/href="([^"]*\/r\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')))];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links.slice(0, 3)) {
      const response = await fetch(link, { redirect: 'manual' });
      expect(response.status).toBeGreaterThanOrEqual(300);
      expect(response.status).toBeLessThan(400);
      const location = new URL(response.headers.get('location')!, adapter.url);
      expect(location.pathname).toMatch(/^\/products\//);
      expect(location.searchParams.get('utm_source')).toBeTruthy();
      expect(location.searchParams.get('utm_medium')).toBe('email');
      expect(location.searchParams.get('utm_campaign')).toBe('demo-email');
    }
  });
});

describe('the same journey in the React storefront (server-rendered, hydrated)', () => {
  it('SSR home with recommendations → three views → device reorder without a request → cart add-ons → purchase stored once', async () => {
    const context = await clsContext();
    const page = await context.newPage();
    const recRequests: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/v1/recommendations')) recRequests.push(`${r.url()} ${r.postData()}`); });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });

    await page.goto(`${reactStore.url}/?debug`);
    // Server-rendered: the items are in the HTML, before any script ran.
    await waitForItems(page, 'home-for-you', 4);
    await waitForItems(page, 'home-trending', 4);
    await page.waitForSelector('html[data-store-ready]');
    await page.waitForSelector('[data-focal-slot="home-hero"] .focal-Promo-title', { timeout: 15_000 });
    await page.waitForTimeout(800);
    expect(await layoutShift(page)).toBe(0);
    expect(recRequests).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/journey-react-home.png`, fullPage: true });

    const kind = 'Frames/Optical frames';
    const before = [...await shown(page, 'home-for-you'), ...await shown(page, 'home-trending')];
    const browse = await page.$$eval('[data-browse] li[data-shape]', (lis) => lis.map((li) => ({ id: li.getAttribute('data-id')!, kind: li.getAttribute('data-kind')!, shape: li.getAttribute('data-shape')! })));
    const optical = browse.filter((b) => b.kind === kind);
    const shape = optical.map((b) => b.shape).find((s) => optical.filter((b) => b.shape === s).length >= 3)!;
    const viewed = optical.filter((b) => b.shape === shape).slice(0, 3).map((b) => b.id);
    for (const id of viewed) {
      await page.click(`[data-quick="${id}"]`);
      await page.waitForSelector('[data-quick-look-open]');
      await page.click('[data-ql-close]');
    }
    await page.waitForFunction((old) => {
      const ids = [...document.querySelectorAll('[data-focal-placement^="home-"] a.focal-Item:not(.focal-Item--promo)')]
        .map((a) => /\/products\/([^?/#]+)/.exec(a.getAttribute('href') ?? '')?.[1] ?? '');
      return ids.join() !== old;
    }, before.join(), { timeout: 10_000 });
    expect(recRequests).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/journey-react-home-reordered.png`, fullPage: true });

    await page.goto(`${reactStore.url}/products/${viewed[0]}?debug`);
    await waitForItems(page, 'pdp-similar', 3);
    await page.waitForSelector('html[data-store-ready]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-focal-placement^="pdp-"] .focal-Item-debug')]
      .some((e) => { const m = /server #(\d+) → device #(\d+)/.exec(e.textContent ?? ''); return !!m && m[1] !== m[2]; }), null, { timeout: 8_000 });
    expect(recRequests).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/journey-react-product.png`, fullPage: true });
    await page.click('[data-add]');
    await page.waitForSelector('[data-added]:has-text("Added")');

    await page.goto(`${reactStore.url}/cart?debug`);
    await waitForItems(page, 'cart-add-ons', 2);
    for (const id of await shown(page, 'cart-add-ons')) expect(['Accessories', 'Eye care']).toContain(catalog.get(id)?.categoryPath?.[0]);
    await page.waitForSelector('html[data-store-ready]');
    await page.screenshot({ path: `${SHOTS}/journey-react-cart.png`, fullPage: true });
    await page.click('[data-buy]');
    await page.waitForSelector('[data-order]:has-text("is confirmed")');
    const orderId = new URL(page.url()).searchParams.get('id')!;
    await page.screenshot({ path: `${SHOTS}/journey-react-order.png`, fullPage: true });

    const anonymousId = await page.evaluate(() => localStorage.length >= 0 && (window as unknown as { focal?: { anonymousId: string } }).focal?.anonymousId);
    expect(errors).toEqual([]);
    await context.close();
    // The order page's own bundle has the same tracker identity; read the events of the shopper who bought.
    const purchases = (await adapter.storedEvents({ type: 'purchase' })).filter((e) => (e.event.properties as { orderId: string }).orderId === orderId);
    expect(purchases).toHaveLength(1);
    const mine = await eventsOf(anonymousId || purchases[0]!.anonymousId);
    expect(new Set(mine.map((e) => e.id)).size).toBe(mine.length);
    expect(mine.filter((e) => e.type === 'add_to_cart').map((e) => (e.event.properties as { productId: string }).productId)).toEqual([viewed[0]]);
    expect(mine.filter((e) => e.type === 'product_view').map((e) => (e.event.properties as { productId: string }).productId).sort()).toEqual([...viewed, viewed[0]!].sort());
  });
});
