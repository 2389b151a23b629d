/**
 * The plain-HTML example store (examples/storefront) with its Focal widgets, in Chromium against the real adapter:
 * no page scrolls sideways, on a 375 px phone and in a right-to-left page (dir="rtl"), at 375 and 1280 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_SITE_KEY, seedDemo } from '@focal/server-adapter';
import { demoPromotions, generateDemoData } from '../../packages/server-adapter/src/demo/index.js';
import { startStorefront, type Storefront } from '../../examples/storefront/server.js';
import { launchChromium } from '../helpers/chromium.js';
import { addToCartAndFlush, edgeSlideRingCuts, emptyCartHeadings, homeHeroAt, layoutShift, shiftContext, storedCredits, warmUpStore } from '../helpers/page-checks.js';
import { startTestAdapter, type TestAdapter } from '../helpers/adapter.js';

let adapter: TestAdapter;
let store: Storefront;
let browser: Browser;
const data = generateDemoData({ products: 600, sessions: 300 });
const frame = data.products.find((p) => p.categoryPath[0] === 'Frames' && p.inStock)!;
const PAGES = ['/', '/category/optical-frames', `/products/${frame.id}`, '/cart', '/checkout', '/order?id=ord-1'];

beforeAll(async () => {
  let endpoint = '';
  store = await startStorefront({ endpoint: () => endpoint, siteKey: DEMO_SITE_KEY, products: data.products });
  adapter = await startTestAdapter({ siteKey: DEMO_SITE_KEY, allowedOrigins: [store.url] });
  endpoint = adapter.url;
  await seedDemo(adapter.store, () => data, { origins: [store.url] });
  // The adapter builds its indexes on the first request; do that before the browser comes (the widgets give up after
  // 800 ms, by design: without this the first page's placements could show their error state on a loaded machine).
  expect(await warmUpStore(adapter.url, DEMO_SITE_KEY, frame.id)).toBe(200);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await store?.close();
  await adapter?.close();
});

/** Visits every page type (with a frame in the cart, so the cart shows its add-ons) and returns each page's sideways overflow in px. */
async function overflow(width: number, dir: 'ltr' | 'rtl'): Promise<Record<string, number>> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  if (dir === 'rtl') {
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.documentElement) { document.documentElement.dir = 'rtl'; observer.disconnect(); }
      }).observe(document, { childList: true });
    });
  }
  const page = await context.newPage();
  await page.goto(`${store.url}/products/${frame.id}`);
  await page.click('[data-add]');
  const result: Record<string, number> = {};
  for (const path of PAGES) {
    await page.goto(store.url + path);
    await page.waitForSelector('html[data-store-ready]');
    if (path === '/' || path.startsWith('/products/') || path === '/cart') {
      await page.waitForSelector('[data-focal-placement] .focal-Item:not(.focal-Item--skeleton)', { timeout: 15_000 });
    }
    expect(await page.evaluate(() => document.documentElement.dir || 'ltr')).toBe(dir);
    result[path] = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  }
  await context.close();
  return result;
}

const none = Object.fromEntries(PAGES.map((p) => [p, 0]));

describe('the example storefront never scrolls sideways', () => {
  it('on a 375 px phone', async () => {
    expect(await overflow(375, 'ltr')).toEqual(none);
  });

  it('in a right-to-left page, at 1280 and 375 px', async () => {
    expect(await overflow(1280, 'rtl')).toEqual(none);
    expect(await overflow(375, 'rtl')).toEqual(none);
  });
});

describe('the example storefront\'s empty cart', () => {
  it('keeps its page heading: one h1, "Your cart", shown above "Your cart is empty."', async () => {
    const { page, headings, height } = await emptyCartHeadings(browser, `${store.url}/cart`);
    expect(headings).toEqual(['Your cart']);
    expect(height).toBeGreaterThan(10);
    await page.close();
  });

  it('shows the cart banner right below "Your cart is empty.", without a blank space for add-ons that never come, and without moving, at 375, 640 (1280 at 200 % zoom) and 1280 px', async () => {
    const gaps: Record<number, { gap: number; cls: number }> = {};
    for (const width of [375, 640, 1280]) {
      const context = await shiftContext(browser, width, 900);
      const page = await context.newPage();
      await page.goto(`${store.url}/cart`);
      await page.waitForSelector('html[data-store-ready]');
      const banner = page.locator('[data-focal-slot="cart-banner"] .focal-Promo');
      await banner.waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);
      const empty = (await page.getByText('Your cart is empty.').boundingBox())!;
      const top = (await banner.boundingBox())!.y;
      // (the paragraph's bottom margin, 1em, is the most a shopper should see between them)
      gaps[width] = { gap: top - (empty.y + empty.height) <= 16 ? 0 : Math.round(top - (empty.y + empty.height)), cls: await layoutShift(page) };
      await context.close();
    }
    expect(gaps).toEqual({ 375: { gap: 0, cls: 0 }, 640: { gap: 0, cls: 0 }, 1280: { gap: 0, cls: 0 } });
  });
});

describe('the example storefront\'s carousels on a 375 px phone', () => {
  it('draw the keyboard focus ring of the first and the last slide whole, on the home and the product page', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    const whole = { ring: 2, top: 0, right: 0, bottom: 0, left: 0 };
    for (const path of ['/', `/products/${frame.id}`]) {
      expect({ path, ...await edgeSlideRingCuts(page, store.url + path) }).toEqual({ path, Home: whole, End: whole });
    }
    await context.close();
  });
});

describe('the example storefront\'s home banner', () => {
  it('shows the whole promotion, its button too, at 320, 375 and 1280 px, without moving the page when it arrives', async () => {
    for (const width of [320, 375, 1280]) {
      const { inside, tappable, cls } = await homeHeroAt(browser, `${store.url}/`, width);
      // the button is inside the slot's box and is what a tap on its lower edge reaches (a fixed 360 px box cut it off)
      expect({ width, inside, tappable }).toEqual({ width, inside: true, tappable: true });
      expect({ width, cls }).toEqual({ width, cls: 0 });
    }
  });
});

describe('the example storefront\'s tracking', () => {
  it('credits the view and the add-to-cart of a product reached from a recommendation to that recommendation', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${store.url}/`);
    const link = page.locator('[data-focal-placement="home-trending"] a.focal-Item').first();
    await link.waitFor({ timeout: 15_000 });
    const href = (await link.getAttribute('href'))!;
    const productId = /\/products\/([^?/#]+)/.exec(href)![1]!;
    await Promise.all([page.waitForURL(/\/products\//), link.click()]);
    const anonymousId = await addToCartAndFlush(page);
    const query = new URL(href, store.url).searchParams;
    const credit = { productId, requestId: query.get('focal_rid'), placement: 'home-trending', position: Number(query.get('focal_pos')) };
    expect(await storedCredits(adapter, anonymousId, ['product_view', 'add_to_cart'])).toEqual({ product_view: [credit], add_to_cart: [credit] });
    await context.close();
  });
});

describe('the example storefront\'s tracking when focal.min.js arrives late', () => {
  it('still credits the view and the add-to-cart to the recommendation, though the store\'s script ran first', async () => {
    // The script tag loads async: on a slow network the store's own code runs while window.focal is still the snippet's
    // queue, without focal.attribution. The bundle is held here until the store's script has run and the shopper has
    // clicked "Add to cart"; then it is let through.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    await page.route(/\/assets\/focal\.min\.js/, async (route) => { await released; await route.continue(); });
    const credit = { productId: frame.id, requestId: '0193a1b2-0000-7000-8000-00000000c0de', placement: 'home-trending', position: 3 };
    await page.goto(`${store.url}/products/${frame.id}?focal_rid=${credit.requestId}&focal_pl=${credit.placement}&focal_pos=${credit.position}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('html[data-store-ready]');
    await page.click('[data-add]');
    expect(await page.evaluate(() => Array.isArray((window as unknown as { focal: { q?: unknown[] } }).focal.q))).toBe(true); // still the snippet
    release();
    await page.waitForFunction(() => typeof (window as unknown as { focal: { anonymousId?: unknown } }).focal.anonymousId === 'string');
    const anonymousId = await page.evaluate(async () => {
      const focal = (window as unknown as { focal: { anonymousId: string; flush(): Promise<unknown> } }).focal;
      await focal.flush();
      return focal.anonymousId;
    });
    expect(await storedCredits(adapter, anonymousId, ['product_view', 'add_to_cart'])).toEqual({ product_view: [credit], add_to_cart: [credit] });
    await context.close();
  });
});

describe('the example storefront\'s product page does not shift', () => {
  it('from load until its recommendations have rendered, at 375 and 1280 px', async () => {
    const shifts: Record<number, number> = {};
    for (const width of [375, 1280]) {
      const context = await shiftContext(browser, width, 900);
      const page = await context.newPage();
      await page.goto(`${store.url}/products/${frame.id}`);
      await page.waitForSelector('html[data-store-ready]');
      await page.waitForSelector('[data-focal-placement] .focal-Item:not(.focal-Item--skeleton)', { timeout: 15_000 });
      await page.waitForTimeout(300);
      shifts[width] = await layoutShift(page);
      // the server-rendered article still works: its button adds to the cart
      await page.click('[data-add]');
      expect(await page.textContent('[data-added]')).toMatch(/Added/);
      await context.close();
    }
    expect(shifts).toEqual({ 375: 0, 1280: 0 });
  });
});

describe('the example storefront\'s checkout and order confirmation do not shift', () => {
  it('when the store\'s script writes the order summary and the confirmation line, at 375 and 1280 px', async () => {
    const shifts: Record<string, number> = {};
    for (const width of [375, 1280]) {
      const context = await shiftContext(browser, width, 900);
      const page = await context.newPage();
      for (const path of ['/checkout', '/order?id=ord-1']) {
        await page.goto(store.url + path);
        await page.waitForSelector('html[data-store-ready]');
        await page.waitForFunction(() => document.querySelector('[data-checkout-summary], [data-order]')!.textContent);
        await page.waitForTimeout(300);
        shifts[`${path} ${width}`] = await layoutShift(page);
      }
      await context.close();
    }
    expect(shifts).toEqual({ '/checkout 375': 0, '/order?id=ord-1 375': 0, '/checkout 1280': 0, '/order?id=ord-1 1280': 0 });
  });
});

/** The page a shopper is on once the store's script has run: its heading and the top categories of its product cards. */
async function listing(page: Page): Promise<{ path: string; heading: string; kinds: string[] }> {
  // (a page that is not the store's, such as its "not found", has no store script to wait for)
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-store-ready') || !document.querySelector('script[src="/store.js"]'));
  return page.evaluate(() => ({
    path: location.pathname,
    heading: document.querySelector('h1')?.textContent ?? '',
    kinds: [...new Set([...document.querySelectorAll('main .card')].map((c) => c.getAttribute('data-kind')!.split('/')[0]!))].sort(),
  }));
}

describe('the example storefront\'s promotions', () => {
  it('lead where they say: the home banner\'s button and every demo promotion\'s open a page listing what it offers', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${store.url}/`);
    const cta = page.locator('[data-focal-slot="home-hero"] .focal-Promo-cta');
    await cta.waitFor({ timeout: 15_000 });
    await Promise.all([page.waitForURL((url) => url.pathname !== '/'), cta.click()]);
    // the banner for everyone (a free eye test with frames): its button lists optical frames
    expect(await listing(page)).toEqual({ path: '/category/optical-frames', heading: 'Optical frames', kinds: ['Frames'] });

    // each promotion's page, with its products all of the kind it offers
    const offered: Record<string, { heading: string; kinds: string[] }> = {
      'promo-student-frames': { heading: 'Optical frames', kinds: ['Frames'] },
      'promo-contacts-subscription': { heading: 'Contact lenses', kinds: ['Contact lenses'] },
      'promo-summer-sunglasses': { heading: 'Sunglasses', kinds: ['Frames'] },
      'promo-free-eye-test': { heading: 'Optical frames', kinds: ['Frames'] },
      'promo-free-case': { heading: 'Accessories and eye care', kinds: ['Accessories', 'Eye care'] },
    };
    const seen: Record<string, { heading: string; kinds: string[] }> = {};
    for (const promotion of demoPromotions(new Date())) {
      await page.goto(store.url + promotion.cta!.url);
      const { heading, kinds } = await listing(page);
      const allowed = offered[promotion.id]?.kinds ?? [];
      // (what it lists may be fewer kinds than offered: the first 40 accessories of the catalog are all cases)
      seen[promotion.id] = { heading, kinds: kinds.length && kinds.every((k) => allowed.includes(k)) ? allowed : kinds };
    }
    expect(seen).toEqual(offered);
    await page.close();
  });
});
