import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { serveStatic, type StaticServer } from '../helpers/static-server.js';

describe('script-tag bundle in Chromium', () => {
  let browser: Browser;
  let site: StaticServer;
  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveStatic(process.cwd(), {
      '/page.html': '<!doctype html><html lang="en"><head><title>t</title></head><body><script src="/packages/widgets/dist/focal.min.js"></script></body></html>',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('loads without errors and exposes window.focal', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}/page.html`);
    expect(await page.evaluate(() => typeof (window as unknown as { focal?: unknown }).focal)).toBe('object');
    expect(errors).toEqual([]);
  });
});
