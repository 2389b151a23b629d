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

/**
 * {@link warmUp} for every placement the example stores show (home, product page with `productId`, cart with it), so
 * no page's first request also pays for building that placement's strategies: on a loaded machine that took past
 * the widgets' 800 ms, the placement showed its error state and a wait for its items could never end.
 */
export function warmUpStore(adapterUrl: string, siteKey: string, productId: string): Promise<number> {
  return warmUp(adapterUrl, siteKey, [
    { placement: 'home-for-you' }, { placement: 'home-trending' },
    { placement: 'pdp-similar', items: [productId] }, { placement: 'pdp-complete-the-look', items: [productId] },
    { placement: 'cart-add-ons', items: [productId] },
  ]);
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

/**
 * How many px of the focused element's focus ring (its outline: the box grown by outline-offset + outline-width) each
 * side loses to the boxes it sits in that clip their content (overflow other than visible, e.g. a scrolling list), and
 * the ring's width (0: no ring drawn). Waits for a scroll under way (smooth scrolling to the focused slide) to end.
 */
export async function focusRingCut(page: Page): Promise<{ ring: number; top: number; right: number; bottom: number; left: number }> {
  const positions = () => page.evaluate(() => [...document.querySelectorAll('*')].map((e) => `${e.scrollLeft},${e.scrollTop}`).join());
  for (let i = 0, before = ''; i < 40 && before !== (before = await positions()); i++) await page.waitForTimeout(150);
  return page.evaluate(() => {
    const el = document.activeElement!;
    const style = getComputedStyle(el);
    const ring = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth);
    const grow = ring && ring + parseFloat(style.outlineOffset);
    const box = el.getBoundingClientRect();
    let { top, right, bottom, left } = { top: -Infinity, right: Infinity, bottom: Infinity, left: -Infinity };
    for (let a = el.parentElement; a && a !== document.documentElement && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      // what a box shows of its content: its padding box
      const b = a.getBoundingClientRect();
      const [bt, br, bb, bl] = [s.borderTopWidth, s.borderRightWidth, s.borderBottomWidth, s.borderLeftWidth].map(parseFloat);
      top = Math.max(top, b.top + bt!); right = Math.min(right, b.right - br!); bottom = Math.min(bottom, b.bottom - bb!); left = Math.max(left, b.left + bl!);
    }
    const cut = (n: number) => Math.max(0, Math.round(n * 10) / 10);
    return { ring, top: cut(top - (box.top - grow)), right: cut(box.right + grow - right), bottom: cut(box.bottom + grow - bottom), left: cut(left - (box.left - grow)) };
  });
}

/**
 * Focuses the first link of `carousel` (a `.focal-Carousel`), presses each of `keys` in turn (the carousel's arrow
 * keys, Home, End) and returns what each focused slide's ring loses (`focusRingCut`), by key.
 */
export async function slideRingCuts(page: Page, carousel: Locator, keys: string[]): Promise<Record<string, Awaited<ReturnType<typeof focusRingCut>>>> {
  await carousel.locator('.focal-Carousel-item a').first().focus();
  const cuts: Record<string, Awaited<ReturnType<typeof focusRingCut>>> = {};
  for (const key of keys) {
    await page.keyboard.press(key);
    cuts[key] = await focusRingCut(page);
  }
  return cuts;
}

/**
 * Opens `url` in `page`, waits for the store and for the first carousel of a placement to show its items, and returns
 * what the focus ring of its first and its last slide loses (`slideRingCuts` with Home and End).
 */
export async function edgeSlideRingCuts(page: Page, url: string): Promise<Record<string, Awaited<ReturnType<typeof focusRingCut>>>> {
  await page.goto(url);
  await page.waitForSelector('html[data-store-ready]');
  const carousel = page.locator('[data-focal-placement] .focal-Carousel').first();
  await carousel.locator('.focal-Item:not(.focal-Item--skeleton)').first().waitFor({ timeout: 15_000 });
  return slideRingCuts(page, carousel, ['Home', 'End']);
}

/**
 * Opens a store's home page (`url`) at `width` × 800 px, waits for the home-hero promotion's button and 500 ms more
 * for anything arriving after it, and returns whether the button is shown whole (`shownWhole`) and the layout shift
 * the page has had from load on (`cls`).
 */
export async function homeHeroAt(browser: Browser, url: string, width: number): Promise<{ inside: boolean; tappable: boolean; height: number; cls: number }> {
  const context = await shiftContext(browser, width, 800);
  try {
    const page = await context.newPage();
    await page.goto(url);
    const cta = page.locator('[data-focal-slot="home-hero"] .focal-Promo-cta');
    await cta.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    return { ...await shownWhole(cta), cls: await layoutShift(page) };
  } finally {
    await context.close();
  }
}

/**
 * On a store's product page (once the store is ready), adds its product to the cart, waits for "Added", sends what
 * Focal has queued (`focal.flush()`) and returns the shopper's anonymous id.
 */
export async function addToCartAndFlush(page: Page): Promise<string> {
  await page.waitForSelector('html[data-store-ready]');
  await page.click('[data-add]');
  await page.waitForSelector('[data-added]:has-text("Added")');
  return page.evaluate(async () => {
    const focal = (window as unknown as { focal: { anonymousId: string; flush(): Promise<unknown> } }).focal;
    await focal.flush();
    return focal.anonymousId;
  });
}

/**
 * Opens a store's empty cart page (`url`, on a 375 px phone) and reads its level-1 headings and the first one's
 * height, once "Your cart is empty." shows; the page is left open for more checks (close it).
 */
export async function emptyCartHeadings(browser: Browser, url: string): Promise<{ page: Page; headings: string[]; height: number }> {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await page.goto(url);
  await page.waitForSelector('html[data-store-ready]');
  await page.getByText('Your cart is empty.').waitFor();
  const h1 = page.getByRole('heading', { level: 1 });
  return { page, headings: await h1.allTextContents(), height: (await h1.first().boundingBox())?.height ?? 0 };
}
