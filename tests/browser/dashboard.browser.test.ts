/**
 * The `/admin` dashboard of the real adapter in Chromium, on a demo history (with its A/B test on pdp-similar, the
 * site configured like the demo's) plus a hand-built A/B test and a day of rejected and dead-lettered events: log in
 * through the form, charts rendered as SVG with titles, tables, verdicts and the pipeline's rejection reasons present,
 * zero axe-core violations on the login page and the dashboard, and a laptop-sized screenshot in
 * test-results/dashboard.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLACEMENTS, generateDemoData } from '../../packages/server-adapter/src/demo/index.js';
import { healthCounts, recordHealth } from '../../packages/server-adapter/src/ingest/health.js';
import { bulkInsertEvents } from '../../packages/server-adapter/src/seed/bulk-events.js';
import { experimentHistory } from '../../packages/server-adapter/test/report/scenarios.js';
import { makeEvent } from '../../packages/server-adapter/test/fixtures.js';
import { startTestAdapter, type TestAdapter } from '../helpers/adapter.js';
import { launchChromium } from '../helpers/chromium.js';

async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: readFileSync('node_modules/axe-core/axe.min.js', 'utf8') });
  const result = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run());
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('/admin dashboard in Chromium', () => {
  let adapter: TestAdapter;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    adapter = await startTestAdapter();
    const demo = generateDemoData({ sessions: 1500, products: 400 });
    await bulkInsertEvents(adapter.store, adapter.siteKey, demo.events);
    await experimentHistory().store(adapter.store, adapter.siteKey);
    // One big order day (a store of real size): its revenue axis runs to 50,000, wider than the demo's
    await bulkInsertEvents(adapter.store, adapter.siteKey, [makeEvent('purchase', {
      createdAt: '2026-11-10T12:00:00.000Z', anonymousId: 'big-spender', sessionId: 'big-order',
      properties: { orderId: 'o-big', lineItems: [{ productId: 'FR-001', quantity: 100, price: 480 }], revenue: 48_000, currency: 'EUR' },
    })]);
    const site = (await adapter.store.sites.get(adapter.siteKey))!;
    await adapter.store.sites.upsert({ ...site, settings: { ...site.settings, placements: DEMO_PLACEMENTS } });
    // A day of the history's pipeline counters, as POST /v1/events records them (test/report/ingest-health.test.ts).
    await recordHealth(adapter.sql, adapter.siteKey, new Date('2026-11-20T10:00:00Z'), [
      ...healthCounts([{ reason: 'must be string, got number', field: 'properties.title' }, { reason: 'must be string, got number', field: 'properties.title' }], 3, 5),
      { kind: 'batch_rejected', reason: 'body is not JSON', field: '', n: 1 },
    ]);
    browser = await launchChromium();
    // The dashboard's CSP allows no script at all; bypassing it lets the test inject axe-core.
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await adapter?.close();
  });

  it('logs in through the form; the login page has no axe violations', async () => {
    const response = await page.goto(`${adapter.url}/admin`);
    expect(response?.status()).toBe(401);
    expect(await axe(page)).toEqual([]);
    await page.fill('#key', adapter.adminKey);
    await Promise.all([page.waitForURL(`${adapter.url}/admin`), page.click('button[type=submit]')]);
    expect(await page.locator('h1').textContent()).toContain('Focal results for');
  });

  it('shows the charts, tables and verdicts of the demo history with zero axe violations, and saves a screenshot', async () => {
    const response = await page.goto(`${adapter.url}/admin?from=2026-08-25&to=2026-11-23`);
    expect(response?.status()).toBe(200);
    for (const id of ['revenue-chart', 'ctr-chart']) {
      const chart = page.locator(`svg[data-chart="${id}"]`);
      await expect.poll(() => chart.count()).toBe(1);
      expect(await chart.getAttribute('role')).toBe('img');
      expect(await chart.locator('title').textContent()).toMatch(/per day/);
      const points = (await chart.locator('polyline').first().getAttribute('points'))!.split(' ');
      expect(points.length).toBeGreaterThan(60);
      const box = await chart.boundingBox();
      expect(box!.width).toBeGreaterThan(400);
      // every axis label is drawn inside the chart (a "20,000.00" tick was cut off at the left edge)
      for (const label of await chart.locator('text').all()) {
        const b = (await label.boundingBox())!;
        expect(b.x, `${await label.textContent()}`).toBeGreaterThanOrEqual(box!.x - 0.5);
        expect(b.x + b.width, `${await label.textContent()}`).toBeLessThanOrEqual(box!.x + box!.width + 0.5);
      }
    }
    expect(await page.locator('table caption', { hasText: 'All placements' }).count()).toBe(1);
    expect(await page.locator('table caption', { hasText: 'pdp-similar by strategy and variant' }).count()).toBe(1);
    expect(await page.locator('article.experiment h3').allTextContents()).toEqual(['home-trending', 'pdp-similar']);
    expect((await page.locator('.verdicts').allTextContents()).join(' ')).toMatch(/not enough data yet: ~\d+ more visitors needed/);
    expect(await page.locator('#exp-pdp-similar + .verdicts').textContent()).toMatch(/personal .*control|assignment matches the configured split/);
    const reasons = page.locator('table', { has: page.locator('caption', { hasText: 'Top rejection reasons' }) });
    expect(await reasons.locator('tbody tr').first().textContent()).toMatch(/must be string, got number.*title.*2/);
    expect(await page.locator('.kpis').last().textContent()).toMatch(/Dead-lettered, reported by SDKs\s*5/);
    expect(await page.locator('section[aria-labelledby="h-models"] table tbody tr').count()).toBeGreaterThan(0);
    expect(await axe(page)).toEqual([]);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
  });

  it('fits a 375 px phone: the page does not scroll sideways, wide tables scroll in their own keyboard-reachable region', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      expect((await page.goto(`${adapter.url}/admin?from=2026-08-25&to=2026-11-23`))?.status()).toBe(200);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      // the charts shrink to the screen
      for (const id of ['revenue-chart', 'ctr-chart']) expect((await page.locator(`svg[data-chart="${id}"]`).boundingBox())!.width).toBeLessThanOrEqual(375);
      // the placements table is wider than the screen and scrolls inside its region
      const region = page.locator('.scroll', { has: page.locator('caption', { hasText: 'All placements' }) });
      expect(await region.getAttribute('tabindex')).toBe('0');
      const { scrollWidth, clientWidth } = await region.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
      expect(scrollWidth).toBeGreaterThan(clientWidth);
      expect(clientWidth).toBeLessThanOrEqual(375);
      expect(await axe(page)).toEqual([]);
      await page.screenshot({ path: 'test-results/dashboard-375.png', fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });
});
