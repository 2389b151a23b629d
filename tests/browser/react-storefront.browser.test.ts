/**
 * The React storefront (examples/react-storefront: react-dom/server, hydrated by client.ts) as a shopper meets it, in
 * Chromium, against the REAL adapter on loopback seeded with a reduced demo set: keyboard use of the quick look, and
 * what a product page reached from a recommendation tracks.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_SITE_KEY, seedDemo } from '@focal/server-adapter';
import { generateDemoData } from '../../packages/server-adapter/src/demo/index.js';
import { startReactStorefront, type ReactStorefront } from '../../examples/react-storefront/server.js';
import { launchChromium } from '../helpers/chromium.js';
import { addToCartAndFlush, edgeSlideRingCuts, emptyCartHeadings, homeHeroAt, storedCredits, warmUpStore } from '../helpers/page-checks.js';
import { startTestAdapter, type TestAdapter } from '../helpers/adapter.js';

let adapter: TestAdapter;
let store: ReactStorefront;
let browser: Browser;

const data = generateDemoData({ products: 600, sessions: 600 });

beforeAll(async () => {
  let endpoint = '';
  store = await startReactStorefront({ endpoint: () => endpoint, siteKey: DEMO_SITE_KEY, products: data.products });
  adapter = await startTestAdapter({ siteKey: DEMO_SITE_KEY, allowedOrigins: [store.url] });
  endpoint = adapter.url;
  await seedDemo(adapter.store, () => data, { origins: [store.url] });
  // The adapter builds its indexes on the first request; do that before the browser comes.
  expect(await warmUpStore(adapter.url, DEMO_SITE_KEY, data.products[0]!.id)).toBe(200);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await store?.close();
  await adapter?.close();
});

describe('React storefront: the quick look', () => {
  it('opens as a modal dialog from the keyboard: focus moves in and stays in, Escape closes it, focus returns to its button', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
    await page.goto(`${store.url}/`);
    await page.waitForSelector('html[data-store-ready]');
    const opener = page.locator('[data-quick]').first();
    const title = (await opener.getAttribute('aria-label'))!.replace('Quick look: ', '');
    await opener.focus();
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // Named by its product, modal (the page behind is inert: aria-modal for screen readers).
    expect(await dialog.evaluate((d) => d.matches(':modal'))).toBe(true);
    expect(await dialog.evaluate((d) => d.textContent)).toContain(title);
    expect(await page.getByRole('dialog', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).count()).toBe(1);
    // Focus is in the dialog and Tab keeps it there.
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-quick-look-open]'))).toBe(true);
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !document.activeElement || document.activeElement === document.body || !!document.activeElement.closest('[data-quick-look-open]'))).toBe(true);
    }
    // No axe violations with the dialog open.
    await page.addScriptTag({ content: readFileSync('node_modules/axe-core/axe.min.js', 'utf8') });
    const violations = await page.evaluate(async () => (await (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: Array<{ id: string }> }> } })
      .axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => v.id));
    expect(violations).toEqual([]);

    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-quick-look-open]', { state: 'detached', timeout: 2_000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-quick'))).toBe(await opener.getAttribute('data-quick'));

    // The Close button closes it too, and focus returns as well.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.waitForSelector('[data-quick-look-open]', { state: 'detached', timeout: 2_000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-quick'))).toBe(await opener.getAttribute('data-quick'));
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('React storefront: a product page reached from a recommendation', () => {
  it('credits its product_view and add_to_cart to the recommendation clicked (requestId, placement, position)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${store.url}/`);
    await page.waitForSelector('html[data-store-ready]');
    const link = page.locator('[data-focal-placement="home-trending"] .focal-Carousel-item a.focal-Item').nth(1);
    await link.scrollIntoViewIfNeeded();
    const clicked = new URL((await link.getAttribute('href'))!, store.url);
    const productId = clicked.pathname.split('/').pop()!;
    await link.click();
    await page.waitForURL(/\/products\//);
    const anonymousId = await addToCartAndFlush(page);
    await context.close();

    const expected = { productId, requestId: clicked.searchParams.get('focal_rid'), placement: 'home-trending', position: 1 };
    const credits = await storedCredits(adapter, anonymousId, ['rec_click', 'product_view', 'add_to_cart']);
    expect(credits).toEqual({ rec_click: [expected], product_view: [expected], add_to_cart: [expected] });
  });
});

describe('React storefront: the empty cart', () => {
  it('keeps its page heading: one h1, "Your cart", shown above "Your cart is empty."; axe clean', async () => {
    const { page, headings, height } = await emptyCartHeadings(browser, `${store.url}/cart`);
    expect(headings).toEqual(['Your cart']);
    expect(height).toBeGreaterThan(10);
    await page.addScriptTag({ content: readFileSync('node_modules/axe-core/axe.min.js', 'utf8') });
    const violations = await page.evaluate(async () => (await (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: Array<{ id: string }> }> } })
      .axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => v.id));
    expect(violations).toEqual([]);
    await page.close();
  });
});

describe('React storefront: the carousels on a 375 px phone', () => {
  it('draw the keyboard focus ring of the first and the last slide whole, on the home and the product page, without sideways scroll', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    const whole = { ring: 2, top: 0, right: 0, bottom: 0, left: 0 };
    for (const path of ['/', `/products/${data.products[0]!.id}`]) {
      expect({ path, ...await edgeSlideRingCuts(page, store.url + path) }).toEqual({ path, Home: whole, End: whole });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    }
    await context.close();
  });
});

describe('React storefront: the home hero on a phone', () => {
  it('shows the whole promotion, its button too, at 320, 375 and 1280 px, without moving the page when it arrives', async () => {
    for (const width of [320, 375, 1280]) {
      const { cls, ...seen } = await homeHeroAt(browser, `${store.url}/`, width);
      // The button is inside the slot's visible box (not cut off by it) and it is what a tap on its lower edge reaches.
      expect({ width, ...seen }).toEqual({ width, inside: true, tappable: true, height: seen.height });
      expect(seen.height).toBeGreaterThan(20);
      expect({ width, cls }).toEqual({ width, cls: 0 });
    }
  });
});

describe('React storefront: adding to the cart', () => {
  it('counts every click: a product added twice is two in the header at once, and two lines in the cart', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const product = data.products.find((p) => p.categoryPath[0] === 'Frames' && p.inStock)!;
    await page.goto(`${store.url}/products/${product.id}`);
    await page.waitForSelector('html[data-store-ready]');
    const cartLink = page.locator('header nav a[href="/cart"]');
    expect(await cartLink.textContent()).toBe('Cart (0)');
    await page.click('[data-add]');
    await expect.poll(() => cartLink.textContent(), { timeout: 2_000 }).toBe('Cart (1)');
    await page.click('[data-add]');
    await expect.poll(() => cartLink.textContent(), { timeout: 2_000 }).toBe('Cart (2)');
    await page.goto(`${store.url}/cart`);
    await page.waitForSelector('html[data-store-ready]');
    expect(await page.locator('[data-cart] li a').allTextContents()).toEqual([product.title, product.title]);
    expect(await cartLink.textContent()).toBe('Cart (2)');
    await context.close();
  });
});
