import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../../tests/helpers/chromium.js';
import { renderEmail, type EmailOptions } from '../../src/email/index.js';
import { candidate, response } from './fixtures.js';

/** The email as a shopper's client shows it, in real Chromium: layout at desktop and phone widths, images off, dark mode. */
let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => browser?.close());

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400" fill="#c7d2fe"/><circle cx="200" cy="200" r="120" fill="#3730a3"/></svg>';

async function open(options: EmailOptions, { width, images = true, dark = false, svg = SVG }: { width: number; images?: boolean; dark?: boolean; svg?: string }): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  await page.route('https://cdn.shop.example/**', (route) => (images
    ? route.fulfill({ status: 200, contentType: 'image/svg+xml', body: svg })
    : route.abort()));
  await page.setContent(renderEmail(response(6), options).html, { waitUntil: 'load' });
  return page;
}

const boxes = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((el) => {
  const r = el.getBoundingClientRect();
  return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
}));

describe('email rendering in Chromium', () => {
  it('desktop: a row of 3 products side by side in a 600 px container', async () => {
    const page = await open({ layout: 'row', columns: 3 }, { width: 900 });
    const cols = await boxes(page, '.focal-col');
    expect(cols).toHaveLength(3);
    expect(new Set(cols.map((c) => c.y)).size).toBe(1);
    expect(cols[1].x).toBeGreaterThan(cols[0].x);
    for (const c of cols) expect(c.width).toBe(192);
    const [container] = await boxes(page, '.focal-container');
    expect(container.width).toBe(600);
    const images = await page.$$eval('img', (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(images.every((w) => w > 0)).toBe(true);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/email-row-desktop.png', fullPage: true });
    await page.close();
  });

  it('phone: columns stack to the full width, nothing scrolls sideways', async () => {
    const page = await open({ layout: 'grid' }, { width: 375 });
    const cols = await boxes(page, '.focal-col');
    expect(cols).toHaveLength(4);
    expect(cols.map((c) => c.y)).toEqual([...cols.map((c) => c.y)].sort((a, b) => a - b));
    expect(new Set(cols.map((c) => c.y)).size).toBe(4);
    for (const c of cols) expect(c.width).toBeGreaterThan(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: 'test-results/email-grid-phone.png', fullPage: true });
    await page.close();
  });

  it('a landscape (4:3) product photo keeps its shape where only the img attributes count, as in Outlook on Windows', async () => {
    const landscape = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="#c7d2fe"/></svg>';
    for (const layout of ['row', 'hero'] as const) {
      const page = await open({ layout, columns: 3 }, { width: 900, svg: landscape });
      // Outlook's Word engine ignores CSS height:auto and max-width on images: drop every inline and head style
      await page.evaluate(() => {
        document.querySelectorAll('style').forEach((el) => el.remove());
        document.querySelectorAll('img').forEach((img) => img.removeAttribute('style'));
      });
      const imgs = await boxes(page, 'img');
      expect(imgs.length).toBeGreaterThan(0);
      for (const img of imgs) {
        expect(img.width).toBeGreaterThan(100);
        expect(Math.abs(img.height - img.width * 0.75), `${layout}: ${img.width}×${img.height}`).toBeLessThanOrEqual(1);
      }
      // and where CSS is read (every other client), too
      const page2 = await open({ layout, columns: 3 }, { width: 900, svg: landscape });
      for (const img of await boxes(page2, 'img')) expect(Math.abs(img.height - img.width * 0.75)).toBeLessThanOrEqual(1);
      await Promise.all([page.close(), page2.close()]);
    }
  });

  it('images off: every product still shows its name, price and button, and the image box keeps its alt text', async () => {
    const page = await open({ layout: 'row', columns: 3 }, { width: 900, images: false });
    const text = await page.evaluate(() => document.body.innerText);
    for (const name of ['Aria Round', 'Milo Rectangle', 'Luna Cat-Eye']) expect(text).toContain(name);
    for (const price of ['€89.00', '€99.50', '€110.00']) expect(text).toContain(price);
    expect(text.match(/Shop now/g)).toHaveLength(3);
    const imgs = await boxes(page, 'img');
    for (const img of imgs) expect(img.height).toBeGreaterThan(0);
    await page.close();
  });

  it('a product name or price without spaces wraps inside its column: no overlap with the next product, nothing wider than 600 px', async () => {
    // A compound word / SKU-like name (70 characters after shortening) and a price of a billion in a 4-column row.
    const items = [
      candidate(0, { title: 'Augenoptikermeisterbetriebsqualitätsbrillengestellkollektionsvorschau'.repeat(2) }),
      candidate(1, { price: 1e9 }), candidate(2), candidate(3),
    ];
    for (const width of [900, 375]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.route('https://cdn.shop.example/**', (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: SVG }));
      await page.setContent(renderEmail({ items }, { layout: 'row', columns: 4 }).html, { waitUntil: 'load' });
      const [container] = await boxes(page, '.focal-container');
      expect(container.width).toBeLessThanOrEqual(600);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // every title and price stays inside its own column
      const spill = await page.$$eval('.focal-col', (cols) => cols.flatMap((col) => {
        const box = col.getBoundingClientRect();
        return [...col.querySelectorAll('a.focal-text, p.focal-accent')].map((el) => el.getBoundingClientRect())
          .filter((r) => r.left < box.left - 1 || r.right > box.right + 1).map((r) => `${Math.round(r.left)}-${Math.round(r.right)} outside ${Math.round(box.left)}-${Math.round(box.right)}`);
      }));
      expect(spill).toEqual([]);
      if (width === 900) await page.screenshot({ path: 'test-results/email-long-words.png', fullPage: true });
      await page.close();
    }
  });

  it('dark mode: surfaces, text and buttons switch to the dark palette', async () => {
    const page = await open({ layout: 'hero' }, { width: 900, dark: true });
    const colours = await page.evaluate(() => ({
      surface: getComputedStyle(document.querySelector('.focal-surface')!).backgroundColor,
      title: getComputedStyle(document.querySelector('a.focal-text')!).color,
      button: getComputedStyle(document.querySelector('a.focal-button')!).backgroundColor,
    }));
    expect(colours).toEqual({ surface: 'rgb(39, 39, 42)', title: 'rgb(244, 244, 245)', button: 'rgb(96, 165, 250)' });
    await page.screenshot({ path: 'test-results/email-hero-dark.png', fullPage: true });
    await page.close();
  });

  it('dark mode with images off: the alt text in each image box is in the dark palette\'s text colour, not dark on dark', async () => {
    const page = await open({ layout: 'row', columns: 3 }, { width: 900, images: false, dark: true });
    const colours = await page.evaluate(() => ({
      surface: getComputedStyle(document.querySelector('.focal-surface')!).backgroundColor,
      alt: [...document.querySelectorAll('img')].map((img) => getComputedStyle(img).color),
    }));
    expect(colours).toEqual({ surface: 'rgb(39, 39, 42)', alt: Array(3).fill('rgb(244, 244, 245)') });
    // Outlook.com's dark mode (its [data-ogsc]/[data-ogsb] hooks on a light page) too
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => { document.body.setAttribute('data-ogsc', ''); document.body.setAttribute('data-ogsb', ''); });
    expect(await page.$$eval('img', (imgs) => imgs.map((img) => getComputedStyle(img).color))).toEqual(Array(3).fill('rgb(244, 244, 245)'));
    await page.close();
  });
});
