/**
 * Checks the browser tests make of store pages: layout shift from load on, a promotion's button shown whole, and the
 * adapter's index warmed before the browser comes.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { TestAdapter } from './adapter.js';

/** A browser context (of `width` × `height`) whose pages sum their layout shifts from load on; read it with `layoutShift`. */
export async function shiftContext(browser: Browser, width = 1280, height = 900): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height } });
  await context.addInitScript(() => {
    (window as unknown as { __cls: number }).__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as Array<{ value: number; hadRecentInput: boolean }>) {
        if (!entry.hadRecentInput) (window as unknown as { __cls: number }).__cls += entry.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return context;
}

/** The layout shift a page of a `shiftContext` has had so far (without the shopper's input). */
export const layoutShift = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __cls: number }).__cls);

/**
 * Whether a button is drawn whole inside its slot (`[data-focal-slot]`), and is what a tap on its lower edge
 * reaches (a slot of fixed height cuts it off), with its height in px.
 */
export function shownWhole(button: Locator): Promise<{ inside: boolean; tappable: boolean; height: number }> {
  return button.evaluate((a) => {
    const slot = a.closest('[data-focal-slot]')!.getBoundingClientRect();
    const box = a.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.bottom - 2);
    return { inside: box.top >= slot.top && box.bottom <= slot.bottom, tappable: !!hit && a.contains(hit), height: Math.round(box.height) };
  });
}

/**
 * Asks the adapter once for `placements`, so it builds the site's indexes before the browser comes (the widgets give
 * up after 800 ms, by design). Returns the HTTP status.
 */
export async function warmUp(adapterUrl: string, siteKey: string, placements: Array<{ placement: string; items?: string[] }>): Promise<number> {
  const response = await fetch(`${adapterUrl}/v1/recommendations`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': siteKey, 'x-focal-anonymous-id': 'warm-up' },
    body: JSON.stringify({ placements }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Which recommendation an event was credited to, as the adapter stored it. */
export interface Credit { productId: unknown; requestId: unknown; placement: unknown; position: unknown }

/**
 * The credits of a shopper's stored events of each of `types`, read from the adapter until every type has one (at
 * most 10 s): what the report attributes a view, a click or an add-to-cart to.
 */
export async function storedCredits(adapter: Pick<TestAdapter, 'storedEvents'>, anonymousId: string, types: string[]): Promise<Record<string, Credit[]>> {
  let credits: Record<string, Credit[]> = {};
  for (let i = 0; i < 50; i++) {
    credits = Object.fromEntries(types.map((type) => [type, [] as Credit[]]));
    for (const e of await adapter.storedEvents()) {
      if (e.anonymousId !== anonymousId || !credits[e.type]) continue;
      const { productId, requestId, placement, position } = e.event.properties as Record<string, unknown>;
      credits[e.type]!.push({ productId, requestId, placement, position });
    }
    if (types.every((type) => credits[type]!.length)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return credits;
}
