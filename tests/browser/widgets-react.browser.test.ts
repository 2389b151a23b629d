/**
 * The React bindings in Chromium: a storefront rendered on the server (react-dom/server, widgets through
 * preact-render-to-string), hydrated in the browser without a mismatch, then live (fetches, scrolls) without
 * re-fetch loops. The client bundle is built with esbuild from node_modules; React is not in the widgets' ESM build.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import type { Browser } from 'playwright-core';
import { fetchBatch, type RecommendationResponse } from '@focal/sdk-core';
import type { StaticServer } from '../helpers/static-server.js';
import { startWidgetStack, type WidgetStack } from '../helpers/widget-stack.js';
import { IMAGE_SVG, type RecsServer } from '../../packages/widgets/test/browser/recs-server.js';
import { App, CART_LINES } from '../../packages/widgets/test/react/app.js';
import { focalCss } from '../../packages/widgets/src/index.js';

let browser: Browser;
let site: StaticServer;
let recs: RecsServer;
const files: Record<string, string> = { '/img.svg': IMAGE_SVG };

let stack: WidgetStack | undefined;
beforeAll(async () => {
  const bundle = await build({
    entryPoints: ['packages/widgets/test/react/client.ts'], bundle: true, format: 'iife', write: false, conditions: ['@focal/source'],
    jsx: 'automatic', jsxImportSource: 'preact', logLevel: 'silent', target: 'es2022', define: { 'process.env.NODE_ENV': '"development"' },
  });
  files['/react-app.js'] = bundle.outputFiles[0].text;
  stack = await startWidgetStack(files);
  ({ recs, site, browser } = stack);
});
afterAll(() => stack?.close());

describe('React storefront: server rendering and hydration', () => {
  it('hydrates the server markup without a mismatch, then the widgets are live with no re-fetch loop', async () => {
    // What a server does: fetch the page's placements, render, embed the answers for hydration.
    const results = await fetchBatch({ endpoint: recs.url, siteKey: 'pk_test', timeoutMs: 2_000 }, { placements: [{ placement: 'pdp-similar', items: ['FR-1'] }] });
    const props = { endpoint: recs.url, initialResults: results.filter((r): r is RecommendationResponse => !!r) };
    const markup = renderToString(createElement(App, props));
    expect(markup).toContain('aria-label="Similar frames"');
    expect(markup.match(/aria-roledescription="slide"/g)).toHaveLength(2 * 10);
    const serverIds = [...markup.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(serverIds.filter((id) => id.endsWith('-list'))).toHaveLength(2);
    expect(new Set(serverIds).size).toBe(serverIds.length);
    expect(markup).toContain('ready: 10 similar frames');
    const pageHtml = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>React store</title><style data-focal-css>${focalCss}</style></head>
      <body><div id="root">${body}</div><script>window.__PROPS__=${JSON.stringify(props).replace(/</g, '\\u003c')}</script><script src="/react-app.js"></script></body></html>`;
    files['/react.html'] = pageHtml(markup);
    // Negative control: markup that differs from what the browser renders must be reported by the detector below.
    files['/react-tampered.html'] = pageHtml(markup.replace('aria-label="Similar frames"', 'aria-label="Tampered"'));
    const control = await browser.newPage();
    await control.goto(`${site.url}/react-tampered.html`);
    await control.waitForFunction(() => (window as unknown as { __hydrated?: boolean }).__hydrated === true);
    await control.waitForTimeout(300);
    expect((await control.evaluate(() => (window as unknown as { __errors: string[] }).__errors)).join('\n')).toMatch(/hydrat|did not match|mismatch/i);
    await control.close();
    recs.requests.length = 0;

    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${site.url}/react.html`);
    await page.waitForFunction(() => (window as unknown as { __hydrated?: boolean }).__hydrated === true);
    await page.waitForSelector('.focal-Bundle-check');
    await page.waitForSelector('.focal-Promo-title');
    const errors = await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
    expect(errors.filter((e) => /hydrat|did not match|mismatch|recoverable/i.test(e))).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await page.locator('#summary').innerText()).toBe('ready: 10 similar frames');
    // The live widgets kept the server's ids (unique, each aria-controls on its own list).
    const liveIds = await page.evaluate(() => [...document.querySelectorAll('#root [id]')].map((el) => el.id));
    expect(liveIds.filter((id) => id.endsWith('-list'))).toEqual(serverIds.filter((id) => id.endsWith('-list')));
    expect(new Set(liveIds).size).toBe(liveIds.length);
    expect(await page.evaluate(() => [...document.querySelectorAll('[aria-controls]')].every((b) => document.getElementById(b.getAttribute('aria-controls')!)?.closest('.focal-Carousel') === b.closest('.focal-Carousel')))).toBe(true);
    // The server-rendered carousels are now live ones, each paging its own list.
    await page.getByRole('region', { name: 'More like this' }).getByRole('button', { name: 'Next items' }).click();
    await page.waitForFunction(() => document.querySelector('[aria-label="More like this"] .focal-Carousel-list')!.scrollLeft > 0);
    expect(await page.evaluate(() => document.querySelector('[aria-label="Similar frames"] .focal-Carousel-list')!.scrollLeft)).toBe(0);
    await page.getByRole('region', { name: 'Similar frames' }).getByRole('button', { name: 'Next items' }).click();
    await page.waitForFunction(() => document.querySelector('[aria-label="Similar frames"] .focal-Carousel-list')!.scrollLeft > 0);
    for (let i = 0; i < 3; i++) await page.locator('#tick').click();
    expect(await page.locator('#tick').innerText()).toBe('Re-render (3)');
    await page.waitForTimeout(300);
    // Only the placement the server did not render was fetched, once.
    expect(recs.requests.map((r) => r.placements.map((p) => p.placement))).toEqual([['pdp-bundle']]);
    await page.close();
  });

  it('one placement for two cart lines: the server renders each with its own answer, the browser hydrates both without a mismatch or a request', async () => {
    recs.requests.length = 0;
    const results = await fetchBatch({ endpoint: recs.url, siteKey: 'pk_test', timeoutMs: 2_000 }, { placements: CART_LINES.map((items) => ({ placement: 'cart-add-ons', items, limit: 3 })) });
    expect(recs.requests).toHaveLength(1);
    const props = { endpoint: recs.url, page: 'cart' as const, initialResults: results.filter((r): r is RecommendationResponse => !!r) };
    const markup = renderToString(createElement(App, props));
    expect(markup).not.toContain('focal-Item--skeleton');
    files['/react-cart.html'] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>React cart</title><style data-focal-css>${focalCss}</style></head>
      <body><div id="root">${markup}</div><script>window.__PROPS__=${JSON.stringify(props).replace(/</g, '\\u003c')}</script><script src="/react-app.js"></script></body></html>`;
    recs.requests.length = 0;
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    // each line's widget shows the answer to its own request (its links carry that answer's request id)
    const answers = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.focal-Carousel')].map((c) => [c.getAttribute('aria-label'),
      [...new Set([...c.querySelectorAll<HTMLAnchorElement>('.focal-Carousel-item a')].map((a) => new URL(a.href).searchParams.get('focal_rid')))]])));
    const expected = { 'Add-ons for FR-1': ['req-1-0'], 'Add-ons for LN-7': ['req-1-1'] };
    // the server's markup: each carousel (a <section>) with its own answer
    expect(Object.fromEntries(markup.split('<section').slice(1).map((section) => [/aria-label="([^"]+)"/.exec(section)![1],
      [...new Set([...section.matchAll(/focal_rid=([\w-]+)/g)].map((m) => m[1]))]]))).toEqual(expected);
    await page.goto(`${site.url}/react-cart.html`);
    await page.waitForFunction(() => (window as unknown as { __hydrated?: boolean }).__hydrated === true);
    await page.waitForTimeout(300);
    const errors = await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
    expect(errors.filter((e) => /hydrat|did not match|mismatch|recoverable/i.test(e))).toEqual([]);
    expect(await answers()).toEqual(expected);
    expect(recs.requests).toEqual([]);
    await page.close();
  });

  it('the widgets\' ESM and React builds keep React external', () => {
    for (const file of ['packages/widgets/dist/react.js', 'packages/widgets/dist/index.js']) {
      const code = readFileSync(file, 'utf8');
      expect(code).not.toMatch(/__SECRET_INTERNALS|react\.production|ReactCurrentDispatcher/);
    }
    expect(readFileSync('packages/widgets/dist/react.js', 'utf8')).toMatch(/from\s*['"]react['"]/);
  });
});
