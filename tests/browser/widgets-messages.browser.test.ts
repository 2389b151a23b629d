/**
 * The production script tag (focal.min.js) and its development twin (focal.dev.js) refuse the same widget mistakes:
 * focal.min.js with a short message that still names the option and points at focal.dev.js, focal.dev.js with the
 * long one (an example, the value received). The long strings are not shipped in focal.min.js at all.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { serveStatic, type StaticServer } from '../helpers/static-server.js';

const MIN = 'packages/widgets/dist/focal.min.js';
const DEV = 'packages/widgets/dist/focal.dev.js';

describe('widget error messages: focal.min.js short, focal.dev.js long', () => {
  let browser: Browser;
  let site: StaticServer;
  const pages: Record<string, string> = {};
  beforeAll(async () => {
    for (const file of [MIN, DEV]) if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
    for (const file of [MIN, DEV]) {
      // the endpoint is never reached: every mount below is refused before a request
      pages[`/${file.endsWith('min.js') ? 'min' : 'dev'}.html`] = `<!doctype html><html lang="en"><head><title>t</title></head><body><div id="w"></div>
<script src="/${file}" data-endpoint="http://127.0.0.1:9/focal" data-site-key="pk_test" data-reranker="false"></script></body></html>`;
    }
    site = await serveStatic(process.cwd(), pages);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** Loads the page of `build`, calls `focal.mount(#w, options)` for each options, returns the warnings logged. */
  async function mountWarnings(build: 'min' | 'dev', ...calls: unknown[]): Promise<string[]> {
    const page = await browser.newPage();
    const warnings: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}/${build}.html`);
    const results = await page.evaluate((all) => all.map((options) => {
      const focal = (window as unknown as { focal: { mount(el: Element, o: unknown): unknown } }).focal;
      return focal.mount(document.getElementById('w')!, options) === undefined;
    }), calls);
    expect(results.every(Boolean)).toBe(true); // nothing mounted
    expect(await page.locator('#w').innerHTML()).toBe('');
    expect(errors).toEqual([]);
    await page.close();
    return warnings;
  }

  it('focal.min.js: focal.mount(el, {}) and a malformed placement warn briefly, naming placement and focal.dev.js', async () => {
    const [none, bad, limit, layout] = await mountWarnings('min', {}, { placement: 'PDP Similar' }, { placement: 'pdp-similar', limit: 0 }, { placement: 'pdp-similar', layout: 'list' });
    expect(none).toBe('focal: mount needs a placement (focal.dev.js explains)');
    expect(bad).toBe('focal: placement must be lower-case letters, digits, dashes (focal.dev.js explains)');
    expect(limit).toBe('focal: limit must be 1-200 (focal.dev.js explains)');
    expect(layout).toBe('focal: layout must be carousel, grid or bundle (focal.dev.js explains)');
  });

  it('focal.dev.js: the same calls warn with the long messages (an example, the value received)', async () => {
    const [none, bad, limit, layout] = await mountWarnings('dev', {}, { placement: 'PDP Similar' }, { placement: 'pdp-similar', limit: 0 }, { placement: 'pdp-similar', layout: 'list' });
    expect(none).toBe('focal: mount options need a placement, e.g. { placement: "pdp-similar", items: ["SKU1"] }; got undefined');
    expect(bad).toBe('focal: placement must be 1-64 lower-case letters, digits and dashes; got "PDP Similar" (e.g. { placement: "pdp-similar", items: ["SKU1"], limit: 8 })');
    expect(limit).toMatch(/^focal: limit must be a whole number from 1 to 200; got 0 \(e\.g\. /);
    expect(layout).toBe('focal: layout "list" is not a layout; use "carousel" (the default), "grid" or "bundle"');
  });

  it('the long messages and the full response checks are not in focal.min.js, and are in focal.dev.js', () => {
    const min = readFileSync(MIN, 'utf8');
    const dev = readFileSync(DEV, 'utf8');
    for (const long of ['mount options need a placement, e.g.', 'lower-case letters, digits and dashes; got', 'See the @focal/widgets README', 'strategyScores', 'is not a layout; use']) {
      expect(min).not.toContain(long);
      expect(dev).toContain(long);
    }
  });
});
