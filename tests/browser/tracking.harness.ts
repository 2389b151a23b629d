/**
 * Shared set-up of the tracking browser suites: the real adapter on loopback (fresh in-memory PGlite per test),
 * a static server for the test pages, and a page that loads the BUILT `packages/widgets/dist/focal.min.js`
 * through the documented inline snippet.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '../helpers/static-server.js';
import { startTestAdapter, type TestAdapter } from '../helpers/adapter.js';

/** The inline snippet documented in packages/sdk-core/README.md. */
export const SNIPPET = '!function(w){var f=w.focal=w.focal||{q:[]};["track","identify","consent","reset","flush"].forEach(function(m){f[m]=f[m]||function(){f.q.push([m,[].slice.call(arguments)])}})}(window);';

export interface Env { site: StaticServer; pages: Record<string, string>; adapter: TestAdapter }

export async function startSite(): Promise<{ site: StaticServer; pages: Record<string, string> }> {
  const pages: Record<string, string> = {};
  const site = await serveStatic(process.cwd(), pages);
  return { site, pages };
}

export async function startAdapter(site: StaticServer): Promise<TestAdapter> {
  return startTestAdapter({ allowedOrigins: [site.url] });
}

/**
 * A test page at `path`: the snippet, `before` (calls made before the bundle loads), then the bundle with
 * `data-*` options (short intervals for tests; the defaults stay the schedule).
 */
export function definePage(env: Env, path: string, data: Record<string, string | number | boolean> = {}, before = ''): string {
  // the on-device reranker (another module of the bundle) is switched off: these pages test tracking alone
  const attributes = Object.entries({ endpoint: env.adapter.url, 'site-key': env.adapter.siteKey, 'flush-interval': 300, 'retry-base-ms': 300, reranker: false, ...data })
    .map(([k, v]) => `data-${k}="${String(v)}"`).join(' ');
  env.pages[path] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>tracking test</title><script>${SNIPPET}</script><script>${before}</script></head>
<body><p>tracking test</p><script src="/packages/widgets/dist/focal.min.js" ${attributes}></script></body></html>`;
  return `${env.site.url}${path}`;
}

/** Tracks `n` product views in the page and returns their ids (resolved once stored). */
export async function trackViews(page: Page, n: number, prefix = 'P', padding = 0): Promise<string[]> {
  return page.evaluate(async ({ n, prefix, padding }) => {
    const focal = (window as unknown as { focal: { track(t: string, p: unknown): Promise<string> } }).focal;
    const calls = [];
    for (let i = 0; i < n; i++) {
      calls.push(padding
        ? focal.track('custom', { name: 'padded', properties: { i, pad: 'x'.repeat(padding) } })
        : focal.track('product_view', { productId: `${prefix}-${i}` }));
    }
    return Promise.all(calls);
  }, { n, prefix, padding });
}

export const stats = (page: Page) => page.evaluate(() => (window as unknown as { focal: { stats: { value: Record<string, number> } } }).focal.stats.value);

/** Polls `fn` every 100 ms until it holds, failing with `what` after `ms`. */
export async function until(fn: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Asserts the server stored exactly `ids`: waits (bounded) until it has at least that many, then a little
 * longer for any late duplicate, and compares the sets and the counts.
 */
export async function expectStoredExactly(adapter: TestAdapter, ids: string[], ms = 15_000): Promise<void> {
  let stored: string[] = [];
  await until(async () => {
    stored = (await adapter.storedEvents()).map((e) => e.id);
    return stored.length >= ids.length;
  }, ms, `${ids.length} stored events`).catch((error) => {
    throw new Error(`${(error as Error).message}; the server has ${stored.length}`);
  });
  await new Promise((r) => setTimeout(r, 400));
  stored = (await adapter.storedEvents()).map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(stored.length).toBe(new Set(stored).size); // no duplicates
  expect([...stored].sort()).toEqual([...ids].sort());
}

/** Whether IndexedDB holds a database named `name` for the page's origin. */
export const hasDatabase = (page: Page, name = 'focal') =>
  page.evaluate(async (n) => (await indexedDB.databases()).some((d) => d.name === n), name);
