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
      '/configured.html': '<!doctype html><html lang="en"><head><title>t</title></head><body><script src="/packages/widgets/dist/focal.min.js" data-endpoint="http://127.0.0.1:9/focal" data-site-key="pk_test" data-reranker="false"></script></body></html>',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('without data-endpoint / data-site-key: window.focal exists, its calls do not throw and say what to set', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const logged: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
    await page.goto(`${site.url}/page.html`);
    expect(await page.evaluate(() => typeof (window as unknown as { focal?: unknown }).focal)).toBe('object');
    await page.evaluate(() => (window as unknown as { focal: { track(t: string, p: object): void } }).focal.track('page_view', {}));
    expect(errors).toEqual([]);
    expect(logged[0]).toMatch(/data-endpoint and data-site-key missing/);
    expect(logged.at(-1)).toMatch(/focal\.track\(\) ignored/);
    await page.close();
  });

  it('with them: window.focal is the SDK (its track() returns a promise)', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}/configured.html`);
    const kind = await page.evaluate(() => {
      const focal = (window as unknown as { focal: { track(t: string, p: object): unknown; anonymousId?: unknown } }).focal;
      const result = focal.track('page_view', {});
      return result instanceof Promise ? 'promise' : typeof result;
    });
    expect(kind).toBe('promise');
    expect(errors).toEqual([]);
    await page.close();
  });
});
