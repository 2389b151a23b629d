/**
 * The widgets in real Chromium: keyboard, swipe (scroll-snap), impressions (≥ 50 % for ≥ 1 s), click attribution,
 * CLS through loading → ready → reranked, axe-core in every state, error/empty paths, script-tag SPA mounting.
 * Pages are served on loopback with a small recommendations server (contract-valid JSON).
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { StaticServer } from '../helpers/static-server.js';
import { startWidgetStack, type WidgetStack } from '../helpers/widget-stack.js';
import { IMAGE_SVG, type RecsServer } from '../../packages/widgets/test/browser/recs-server.js';
import { slideRingCuts } from '../helpers/page-checks.js';

const BUNDLE = 'packages/widgets/dist/focal.min.js';
type Recorded = { type: string; properties: Record<string, unknown>; at: number };

let browser: Browser;
let site: StaticServer;
let recs: RecsServer;
const pages: Record<string, string> = { '/img.svg': IMAGE_SVG };
let events: Recorded[] = [];
let counter = 0;

let stack: WidgetStack | undefined;
beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run build" first`);
  const esm = await build({
    entryPoints: ['packages/widgets/test/browser/esm-entry.ts'], bundle: true, format: 'iife', write: false, conditions: ['@focal/source'],
    jsx: 'automatic', jsxImportSource: 'preact', logLevel: 'silent', target: 'es2022',
  });
  pages['/esm.js'] = esm.outputFiles[0].text;
  stack = await startWidgetStack(pages);
  ({ recs, site, browser } = stack);
});
afterAll(() => stack?.close());
afterEach(() => { events = []; recs.requests.length = 0; recs.events.length = 0; recs.slowMs = 400; });

const HEAD = '<meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Focal widgets test</title>';
const LAYOUT_SHIFTS = `<script>window.__shifts=[];new PerformanceObserver(l=>{for(const e of l.getEntries())if(!e.hadRecentInput)window.__shifts.push(e.value)}).observe({type:'layout-shift',buffered:true});</script>`;

/** Serves `html` at a fresh path and opens it with events recorded to `events`. */
async function open(body: string, { head = '', dir = 'ltr', hasTouch = false, width = 800 } = {}): Promise<Page> {
  const path = `/page-${++counter}.html`;
  pages[path] = `<!doctype html><html lang="en" dir="${dir}"><head>${HEAD}${head}</head><body><main><h1>Optical store</h1>${body}</main></body></html>`;
  const page = await browser.newPage({ viewport: { width, height: 600 }, hasTouch });
  page.on('pageerror', (e) => { throw e; });
  await page.exposeFunction('__rec', (e: Recorded) => { events.push({ ...e, at: Date.now() }); });
  await page.goto(`${site.url}${path}`);
  return page;
}

/** A page using the ESM API (`window.F`); `script` runs with `client`, `content` and `tracker` in scope. */
function esmPage(markup: string, script: string, clientOptions = '{}', head = '', hasTouch = false) {
  return open(`${markup}<script src="/esm.js"></script><script>
    const tracker = { track: (type, properties) => window.__rec({ type, properties }) };
    const client = F.createRecommendClient(Object.assign({ endpoint: '${recs.url}', siteKey: 'pk_test', cache: false }, ${clientOptions}));
    const content = F.createContentClient({ endpoint: '${recs.url}', siteKey: 'pk_test' });
    ${script}
  </script>`, { head, hasTouch });
}

/** A page using the script tag, the way a retailer pastes it. */
function scriptPage(markup: string, after = '') {
  return open(`${markup}<script src="/${BUNDLE}" data-endpoint="${recs.url}" data-site-key="pk_test"></script>
    <script>window.focal.onEvent((e) => window.__rec({ type: e.type, properties: e.properties }));${after}</script>`);
}

async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: readFileSync('node_modules/axe-core/axe.min.js', 'utf8') });
  const result = await page.evaluate(() => (window as unknown as { axe: { run(o?: unknown): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run());
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
const recsOf = (type: string) => events.filter((e) => e.type === type);

describe('carousel interaction in Chromium', () => {
  it('keyboard: arrows/Home/End move focus between slides; named prev/next buttons page the list and disable at the ends', async () => {
    const page = await esmPage('<div id="c"></div>', "F.mountCarousel('#c', { client, tracker, placement: 'pdp-similar', title: 'Similar frames' })");
    await page.waitForSelector('.focal-Carousel-item a');
    const prev = page.getByRole('button', { name: 'Previous items' });
    const next = page.getByRole('button', { name: 'Next items' });
    expect(await prev.getAttribute('aria-disabled')).toBe('true');
    expect(await next.getAttribute('aria-disabled')).toBe('false');
    const focusedTitle = () => page.evaluate(() => document.activeElement?.querySelector('.focal-Item-title')?.textContent);
    await page.locator('.focal-Carousel-item a').first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await focusedTitle()).toBe('Milo Rectangle 2');
    await page.keyboard.press('End');
    expect(await focusedTitle()).toBe('Theo Clubmaster 10');
    await page.waitForFunction(() => document.querySelector('.focal-Carousel-list')!.scrollLeft > 0);
    await page.keyboard.press('ArrowLeft');
    expect(await focusedTitle()).toBe('Vera Panto 9');
    await page.keyboard.press('Home');
    expect(await focusedTitle()).toBe('Aria Round 1');
    await page.waitForFunction(() => document.querySelector('.focal-Carousel-list')!.scrollLeft === 0);
    await next.click();
    await page.waitForFunction(() => document.querySelector('.focal-Carousel-list')!.scrollLeft > 0);
    await page.waitForFunction(() => document.querySelector('.focal-Carousel-previous')!.getAttribute('aria-disabled') === 'false');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Next items');
    for (let i = 0; i < 10 && (await next.getAttribute('aria-disabled')) === 'false'; i++) {
      // force: Playwright waits for an aria-disabled button to become enabled; a smooth scroll may just have reached the end.
      await next.click({ force: true });
      await page.waitForTimeout(500);
    }
    expect(await next.getAttribute('aria-disabled')).toBe('true');
    expect(await page.evaluate(() => { const l = document.querySelector('.focal-Carousel-list')!; return l.scrollWidth - l.clientWidth - l.scrollLeft; })).toBeLessThanOrEqual(1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Next items');
    await page.close();
  });

  it('two carousels of the same placement on one page: unique ids, axe clean, each navigable on its own', async () => {
    const page = await esmPage('<div id="top"></div><p>Between</p><div id="bottom"></div>', `
      F.mountCarousel('#top', { client, placement: 'pdp-similar', items: ['FR-1'], title: 'Similar frames' });
      F.mountCarousel('#bottom', { client, placement: 'pdp-similar', items: ['FR-1'], title: 'More like this' });`);
    await page.waitForFunction(() => document.querySelectorAll('.focal-Carousel-item a').length === 20);
    expect(recs.requests).toHaveLength(1);
    const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((el) => el.id));
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(new Set(ids).size).toBe(ids.length);
    // Every aria-controls points at the list of its own carousel.
    expect(await page.evaluate(() => [...document.querySelectorAll('[aria-controls]')].every((b) => {
      const target = document.getElementById(b.getAttribute('aria-controls')!);
      return !!target && target.closest('.focal-Carousel') === b.closest('.focal-Carousel');
    }))).toBe(true);
    expect(await axe(page)).toEqual([]);
    for (const name of ['Similar frames', 'More like this']) {
      const region = page.getByRole('region', { name });
      await region.locator('.focal-Carousel-item a').first().focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.evaluate(() => document.activeElement?.closest('[role=group]')?.getAttribute('aria-label'))).toBe('2 of 10');
      await page.keyboard.press('End');
      expect(await page.evaluate(() => document.activeElement?.closest('[role=group]')?.getAttribute('aria-label'))).toBe('10 of 10');
      expect(await page.evaluate((n) => document.activeElement?.closest('.focal-Carousel')?.getAttribute('aria-label') === n, name)).toBe(true);
      await page.keyboard.press('Home');
      await region.evaluate((r) => r.scrollIntoView({ block: 'center' }));
      await page.waitForFunction((n) => document.querySelector(`[aria-label="${n}"] .focal-Carousel-list`)!.scrollLeft === 0, name);
    }
    // "Next" pages its own list only.
    await page.getByRole('region', { name: 'More like this' }).getByRole('button', { name: 'Next items' }).click();
    await page.waitForFunction(() => document.querySelector('[aria-label="More like this"] .focal-Carousel-list')!.scrollLeft > 0);
    expect(await page.evaluate(() => document.querySelector('[aria-label="Similar frames"] .focal-Carousel-list')!.scrollLeft)).toBe(0);
    await page.waitForFunction(() => document.querySelector('[aria-label="More like this"] .focal-Carousel-previous')!.getAttribute('aria-disabled') === 'false');
    expect(await page.locator('[aria-label="Similar frames"] .focal-Carousel-previous').getAttribute('aria-disabled')).toBe('true');
    await page.close();
  });

  it('the keyboard focus ring of the first, a middle and the last slide is drawn whole at 375 and 800 px (the scrolling list cut it off)', async () => {
    const page = await esmPage('<div id="c"></div>', "F.mountCarousel('#c', { client, placement: 'pdp-similar', title: 'Similar frames' })");
    await page.waitForSelector('.focal-Carousel-item a');
    const whole = { ring: 2, top: 0, right: 0, bottom: 0, left: 0 };
    // at 375 px one slide is in view whole (the second is partly off the list: its ring too), at 800 px several are
    for (const [width, keys] of [[375, ['Home', 'End']], [800, ['Home', 'ArrowRight', 'End']]] as const) {
      await page.setViewportSize({ width, height: 700 });
      const cuts = { width, ...await slideRingCuts(page, page.locator('.focal-Carousel'), [...keys]) };
      expect(cuts).toEqual({ width, ...Object.fromEntries(keys.map((key) => [key, whole])) });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    }
    await page.close();
  });

  it('right-to-left: the arrow keys follow the reading direction and "next" scrolls towards the end', async () => {
    const page = await open(`<div id="c"></div><script src="/esm.js"></script><script>
      const client = F.createRecommendClient({ endpoint: '${recs.url}', siteKey: 'pk_test', cache: false });
      F.mountCarousel('#c', { client, placement: 'pdp-similar', title: 'إطارات مشابهة', locale: 'ar' });</script>`, { dir: 'rtl' });
    await page.waitForSelector('.focal-Carousel-item a');
    await page.locator('.focal-Carousel-item a').first().focus();
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.activeElement?.closest('[role=group]')?.getAttribute('aria-label'))).toBe('2 of 10');
    await page.keyboard.press('Home');
    await page.getByRole('button', { name: 'Next items' }).click();
    await page.waitForFunction(() => document.querySelector('.focal-Carousel-list')!.scrollLeft < 0);
    await page.close();
  });

  it('prefers-reduced-motion: no smooth scrolling; the buttons still page the list', async () => {
    const page = await esmPage('<div id="c"></div>', "F.mountCarousel('#c', { client, placement: 'pdp-similar', title: 'Similar frames' })");
    await page.waitForSelector('.focal-Carousel-item a');
    const behaviour = () => page.evaluate(() => getComputedStyle(document.querySelector('.focal-Carousel-list')!).scrollBehavior);
    expect(await behaviour()).toBe('smooth');
    // Without the preference, "next" animates: right after the click the list has not jumped yet.
    expect(await page.evaluate(() => {
      document.querySelector<HTMLElement>('.focal-Carousel-next')!.click();
      return document.querySelector('.focal-Carousel-list')!.scrollLeft;
    })).toBe(0);
    await page.waitForFunction(() => document.querySelector('.focal-Carousel-list')!.scrollLeft > 0);
    await page.evaluate(() => document.querySelector('.focal-Carousel-list')!.scrollTo({ left: 0, behavior: 'instant' }));
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await behaviour()).toBe('auto');
    await page.getByRole('button', { name: 'Next items' }).click();
    // Without animation the list is at its new position right after the click.
    expect(await page.evaluate(() => document.querySelector('.focal-Carousel-list')!.scrollLeft)).toBeGreaterThan(0);
    await page.close();
  });

  it('swipe: a touch scroll gesture settles on a slide edge (native scroll-snap)', async () => {
    const page = await esmPage('<div id="c"></div>', "F.mountCarousel('#c', { client, placement: 'pdp-similar', title: 'Similar frames' })", '{}', '', true);
    await page.waitForSelector('.focal-Carousel-item a');
    const box = (await page.locator('.focal-Carousel-list').boundingBox())!;
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.focal-Carousel-list')!).scrollSnapType)).toBe('x mandatory');
    // A finger drag of 300 px to the left, as touch events (what a phone sends).
    const cdp = await page.context().newCDPSession(page);
    const y = Math.round(box.y + box.height / 2);
    const x = Math.round(box.x + box.width * 0.75);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    for (let i = 1; i <= 10; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x - i * 30, y }] });
      await page.waitForTimeout(16);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await page.waitForTimeout(800);
    const offsets = await page.evaluate(() => {
      const list = document.querySelector('.focal-Carousel-list')!;
      const left = list.getBoundingClientRect().left + parseFloat(getComputedStyle(list).scrollPaddingLeft || '0');
      return { scrollLeft: list.scrollLeft, nearest: Math.min(...[...list.children].map((s) => Math.abs(s.getBoundingClientRect().left - left))) };
    });
    expect(offsets.scrollLeft).toBeGreaterThan(100);
    expect(offsets.nearest).toBeLessThanOrEqual(1);
    await page.close();
  });
});

describe('tracking from widgets', () => {
  it('impressions: only items ≥ 50 % visible for ≥ 1 s, once per request', async () => {
    const page = await esmPage('<div style="height:1400px">spacer</div><div id="c"></div><div style="height:1400px"></div>',
      "F.mountCarousel('#c', { client, tracker, placement: 'home-for-you', title: 'For you' })");
    await page.waitForSelector('.focal-Carousel-item a');
    await page.waitForTimeout(1_300);
    expect(recsOf('rec_impression')).toHaveLength(0);
    // 40 % of the slides' height in view: still not an impression.
    await page.evaluate(() => {
      const slide = document.querySelector('.focal-Carousel-item')!.getBoundingClientRect();
      scrollBy(0, slide.top - innerHeight + slide.height * 0.4);
    });
    await page.waitForTimeout(1_400);
    expect(recsOf('rec_impression')).toHaveLength(0);
    const shownAt = Date.now();
    await page.evaluate(() => document.querySelector('.focal-Carousel')!.scrollIntoView({ block: 'center' }));
    const visible = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.focal-Carousel-item')].filter((s) => {
      const r = s.getBoundingClientRect();
      const list = s.parentElement!.getBoundingClientRect();
      return (Math.min(r.right, list.right) - Math.max(r.left, list.left)) / r.width >= 0.5;
    }).map((s) => Number(s.dataset.focalPos)));
    // not before 1 s in view: the first impression arrives ≥ 1 s after the scroll (a check that none had arrived 600 ms
    // after it raced the page's 1 s timer against this process's on a loaded machine); a generous bound to arrive
    await expect.poll(() => recsOf('rec_impression').length, { timeout: 15_000 }).toBe(visible.length);
    const seen = recsOf('rec_impression');
    expect(Math.min(...seen.map((e) => e.at)) - shownAt).toBeGreaterThanOrEqual(1_000);
    expect(visible.length).toBeGreaterThanOrEqual(3);
    expect(visible.length).toBeLessThan(10);
    expect(seen.map((e) => e.properties.position).sort()).toEqual(visible.sort());
    expect(seen[0].properties).toMatchObject({ requestId: 'req-1-0', placement: 'home-for-you', variant: 'A' });
    await page.evaluate(() => scrollTo(0, 0));
    await page.waitForTimeout(300);
    await page.evaluate(() => document.querySelector('.focal-Carousel')!.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(1_300);
    expect(recsOf('rec_impression')).toHaveLength(visible.length);
    await page.close();
  });

  it('clicks: rec_click with request id, placement and position, and the link carries the attribution', async () => {
    const page = await scriptPage('<div data-focal-placement="pdp-similar" data-focal-items="FR-1" data-focal-title="Similar frames"></div>');
    await page.waitForSelector('.focal-Carousel-item a');
    await page.locator('.focal-Carousel-item a').nth(1).click();
    await page.waitForURL(/focal_rid=/);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/p/pdp-similar-2');
    expect(Object.fromEntries(url.searchParams)).toEqual({ focal_rid: 'req-1-0', focal_pl: 'pdp-similar', focal_pos: '1' });
    // The tracker stores the click before anything else and delivers it (beacon at pagehide, or on the next page).
    const clicks = () => recs.events.filter((e) => e.type === 'rec_click');
    await expect.poll(clicks, { timeout: 10_000 }).toHaveLength(1);
    expect(clicks()[0].properties).toMatchObject({ requestId: 'req-1-0', placement: 'pdp-similar', position: 1, productId: 'PDP-2' });
    await page.close();
  });
});

describe('stable layout', () => {
  it('CLS is 0 from mount through loading → ready → reranked', async () => {
    const page = await esmPage(
      '<p>Intro text above the placement.</p><div id="c" style="min-height:340px"></div><p id="below">Text below the placement that must not move.</p>',
      `F.mountCarousel('#c', { client, tracker, placement: 'slow-home', title: 'For you', height: 340, showReason: true });
       window.__reranked = new Promise((r) => window.__done = r);
       window.__skeletons = document.querySelectorAll('#c .focal-Item--skeleton').length;
       window.__firstIds = [];
       new MutationObserver(() => { const id = document.querySelector('[data-focal-pos="0"]')?.dataset.focalId; if (window.__firstIds.at(-1) !== id) window.__firstIds.push(id); })
         .observe(document.querySelector('#c'), { subtree: true, childList: true, attributes: true });`,
      `{ reranker: { rerank: (items) => new Promise((r) => setTimeout(() => { r([...items].reverse()); setTimeout(window.__done, 50); }, 300)) } }`,
      LAYOUT_SHIFTS,
    );
    const below = async () => (await page.locator('#below').boundingBox())!.y;
    const y0 = await below();
    await page.evaluate(() => (window as unknown as { __reranked: Promise<void> }).__reranked);
    // Skeleton (no id), then the server's order, then the device's.
    expect(await page.evaluate(() => (window as unknown as { __skeletons: number }).__skeletons)).toBe(4);
    expect(await page.evaluate(() => (window as unknown as { __firstIds: unknown[] }).__firstIds)).toEqual(['SLO-1', 'SLO-10']);
    await page.waitForTimeout(300);
    expect(await below()).toBe(y0);
    expect(await page.evaluate(() => (window as unknown as { __shifts: number[] }).__shifts)).toEqual([]);
    await page.close();
  });

  it('a product name that is one long word (a German compound) wraps in its slide or cell: each keeps its width and image box, nothing scrolls sideways at 375 px, CLS 0', async () => {
    const page = await open(`<div id="c" style="min-height:340px"></div><div id="g"></div>
      <script src="/esm.js"></script><script>
      const client = F.createRecommendClient({ endpoint: '${recs.url}', siteKey: 'pk_test', cache: false });
      F.mountCarousel('#c', { client, placement: 'long-similar', title: 'Ähnliche Fassungen', height: 340, locale: 'de-DE' });
      F.mountGrid('#g', { client, placement: 'long-trending', title: 'Beliebt', limit: 2, locale: 'de-DE' });</script>`, { head: LAYOUT_SHIFTS, width: 375 });
    await page.waitForSelector('#g .focal-Item:not(.focal-Item--skeleton)');
    await page.waitForTimeout(300);
    const layout = await page.evaluate(() => {
      const sizes = (selector: string, side: 'width' | 'height') => [...new Set([...document.querySelectorAll(selector)].map((e) => Math.round(e.getBoundingClientRect()[side])))];
      return {
        slideWidths: sizes('#c .focal-Carousel-item', 'width'), imageHeights: sizes('#c .focal-Item-image', 'height'),
        cellsInside: [...document.querySelectorAll('#g .focal-Grid-item')].every((e) => e.getBoundingClientRect().right <= document.querySelector('#g .focal-Grid-list')!.getBoundingClientRect().right),
        sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        shifts: (window as unknown as { __shifts: number[] }).__shifts,
      };
    });
    // (a slide is 11rem: 176 px)
    expect(layout).toEqual({ slideWidths: [176], imageHeights: [176], cellsInside: true, sideways: 0, shifts: [] });
    await page.close();
  });
});

describe('forced colors (Windows high contrast)', () => {
  it('the loading skeleton stays visible: its boxes are outlined in the system text colour where their grey is replaced', async () => {
    const page = await esmPage('<div id="s"></div>', `F.mountCarousel('#s', { client: F.createRecommendClient({ endpoint: '${recs.url}', siteKey: 'pk_test', cache: false, timeoutMs: 60000 }), placement: 'hang-similar', title: 'Loading', limit: 1 });`);
    await page.emulateMedia({ forcedColors: 'active' });
    const card = (await page.waitForSelector('#s .focal-Item--skeleton'))!;
    // what the shopper sees of the card, against the same card with its boxes hidden: with nothing drawn, the same
    const shown = await card.screenshot();
    await card.evaluate((el) => el.querySelectorAll<HTMLElement>('*').forEach((box) => { box.style.visibility = 'hidden'; }));
    expect(shown.equals(await card.screenshot())).toBe(false);
    await page.close();
  });
});

describe('images', () => {
  it('an image that fails to load (a cached answer\'s old URL) shows the grey placeholder box, not the browser\'s broken-image icon; the box keeps its size', async () => {
    // the second item's image is gone from the shop; a placement that never answers shows skeleton boxes beside it
    const page = await esmPage('<div id="c"></div><div id="s"></div>', `
      const broken = F.createRecommendClient({ endpoint: '${recs.url}', siteKey: 'pk_test', cache: false, fetch: async (url, init) => {
        const answer = await (await fetch(url, init)).json();
        answer.results[0].items[1].image = '/missing.png';
        return Response.json(answer);
      } });
      F.mountCarousel('#c', { client: broken, placement: 'pdp-similar', title: 'Similar frames' });
      F.mountCarousel('#s', { client: F.createRecommendClient({ endpoint: '${recs.url}', siteKey: 'pk_test', cache: false, timeoutMs: 60000 }), placement: 'hang-similar', title: 'Loading' });`,
    // (square corners: rounded ones are anti-aliased differently over an image box than over a plain one)
    '{}', '<style>.focal-Placement{--focal-radius:0}</style>');
    await page.waitForFunction(() => {
      const img = document.querySelectorAll<HTMLImageElement>('#c img.focal-Item-image')[1];
      return img?.complete && img.naturalWidth === 0;
    });
    const boxes = await page.$$eval('#c .focal-Item-image', (els) => els.slice(0, 3).map((e) => `${e.getBoundingClientRect().width}x${e.getBoundingClientRect().height}`));
    expect(new Set(boxes).size).toBe(1);
    // pixel for pixel what a skeleton's image box shows (the broken-image icon and its frame differ)
    const [missing, loaded] = await page.$$('#c .focal-Item-image').then((all) => [all[1], all[0]]);
    const skeleton = (await page.$('#s .focal-Item-image'))!;
    expect((await missing.screenshot()).equals(await skeleton.screenshot())).toBe(true);
    // a loaded image still shows itself
    expect((await loaded.screenshot()).equals(await skeleton.screenshot())).toBe(false);
    await page.close();
  });
});

describe('inside a shadow root or an iframe (a web-component storefront, an embedded page)', () => {
  it('the widget is styled, arrow keys move between slides, and "Try again" keeps keyboard focus', async () => {
    const page = await esmPage('<my-recs></my-recs><iframe title="Embedded shop" srcdoc="<!doctype html><html lang=en><title>x</title><div id=c></div>"></iframe>', `
      const shadow = document.querySelector('my-recs').attachShadow({ mode: 'open' });
      shadow.innerHTML = '<div id="c"></div><div id="e"></div>';
      F.mountCarousel(shadow.querySelector('#c'), { client, placement: 'pdp-similar', title: 'Similar frames' });
      F.mountCarousel(shadow.querySelector('#e'), { client: F.createRecommendClient({ endpoint: '${recs.url}', siteKey: 'pk_test', cache: false }), placement: 'fail-home', title: 'For you' });
      const frame = document.querySelector('iframe');
      const inFrame = () => F.mountCarousel(frame.contentDocument.querySelector('#c'), { client, placement: 'pdp-similar', title: 'In the frame' });
      if (frame.contentDocument?.readyState === 'complete' && frame.contentDocument.querySelector('#c')) inFrame(); else frame.addEventListener('load', inFrame);`);
    const shadowList = page.locator('my-recs .focal-Carousel-list');
    await page.locator('my-recs .focal-Carousel-item a').first().waitFor();
    expect(await shadowList.evaluate((el) => getComputedStyle(el).display)).toBe('flex');
    const focusedIn = (root: string) => page.evaluate((r) => {
      const doc = r === 'shadow' ? document.querySelector('my-recs')!.shadowRoot! : document.querySelector('iframe')!.contentDocument!;
      return doc.activeElement?.querySelector('.focal-Item-title')?.textContent;
    }, root);
    await page.locator('my-recs .focal-Carousel-item a').first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await focusedIn('shadow')).toBe('Milo Rectangle 2');
    await page.keyboard.press('End');
    expect(await focusedIn('shadow')).toBe('Theo Clubmaster 10');
    const retry = page.locator('my-recs #e').getByRole('button', { name: 'Try again' });
    await retry.focus();
    const before = recs.requests.length;
    await page.keyboard.press('Enter');
    await expect.poll(() => recs.requests.length).toBe(before + 1);
    await page.locator('my-recs #e .focal-Placement--error').waitFor();
    expect(await page.evaluate(() => document.querySelector('my-recs')!.shadowRoot!.activeElement?.textContent)).toBe('Try again');
    const frame = page.frameLocator('iframe');
    await frame.locator('.focal-Carousel-item a').first().waitFor();
    expect(await frame.locator('.focal-Carousel-list').evaluate((el) => getComputedStyle(el).display)).toBe('flex');
    await frame.locator('.focal-Carousel-item a').first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await focusedIn('frame')).toBe('Milo Rectangle 2');
    await page.close();
  });
});

describe('accessibility and failure paths', () => {
  it('axe-core finds no violations while loading, when ready (carousel, grid, bundle, promos) and on error', async () => {
    recs.slowMs = 2_500;
    const page = await esmPage(`<div id="c"></div><div id="g"></div><div id="b"></div><div id="p"></div><div id="e"></div><div id="f"></div>`, `
      F.mountCarousel('#c', { client, tracker, placement: 'slow-similar', title: 'Similar frames', promoSlot: 'home-tiles', content, showReason: true });
      F.mountGrid('#g', { client, placement: 'slow-trending', title: 'Trending', limit: 4 });
      F.mountBundle('#b', { client, placement: 'slow-bundle', title: 'Frequently bought together', anchor: { id: 'FR-1', title: 'Aria Round', price: 129, currency: 'EUR', url: '/p/FR-1' } });
      F.mountPromo('#p', { content, slot: 'home-hero' });
      const failing = F.createRecommendClient({ endpoint: '${recs.url}', siteKey: 'pk_test', cache: false });
      F.mountCarousel('#e', { client: failing, placement: 'fail-home', title: 'For you' });
      F.mountCarousel('#f', { client: failing, placement: 'fail-cart', title: 'Add-ons', fallback: [{ id: 'FB-1', title: 'Lens cloth', url: '/p/cloth', price: 5, currency: 'EUR', categoryPath: ['Accessories'], inStock: true, strategy: 'fallback', features: { score: 0, rank: 0, popularity: 0, cooccurrence: 0, ageDays: 0, strategyScores: {} } }] });
    `, '{ timeoutMs: 10000 }');
    await page.waitForSelector('.focal-Placement--loading');
    await page.waitForSelector('.focal-Placement--error');
    expect(await page.locator('[aria-busy=true]').count()).toBe(3);
    expect(await axe(page)).toEqual([]);
    await page.waitForSelector('.focal-Bundle-check', { timeout: 8_000 });
    await page.waitForSelector('.focal-Promo-title');
    expect(await page.locator('[aria-busy=true]').count()).toBe(0);
    expect(await page.locator('.focal-Item--promo').count()).toBe(1);
    expect(await page.getByText('Lens cloth').count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it('bundle "add all to cart" whose cart call fails: keyboard focus stays on the button while it waits and after, the shopper is told (axe-clean), a double click adds once', async () => {
    const page = await esmPage('<div id="b"></div>', `
      window.calls = 0;
      F.mountBundle('#b', { client, tracker, placement: 'pdp-bundle', title: 'Frequently bought together',
        anchor: { id: 'FR-1', title: 'Aria Round', price: 129, currency: 'EUR', url: '/p/FR-1' },
        onAddToCart: () => { window.calls++; return new Promise((_, reject) => { window.fail = () => reject(new Error('cart down')); }); } });`);
    const add = page.locator('.focal-Bundle-add');
    await page.waitForSelector('.focal-Bundle-check');
    await add.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => add.getAttribute('aria-disabled')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('focal-Bundle-add');
    await page.keyboard.press('Enter');
    await page.evaluate(() => (window as unknown as { fail(): void }).fail());
    await page.getByRole('alert').filter({ hasText: 'Could not add to cart. Please try again.' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { calls: number }).calls)).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('focal-Bundle-add');
    expect(await add.getAttribute('aria-disabled')).not.toBe('true');
    expect(recsOf('add_to_cart')).toEqual([]);
    expect(await axe(page)).toEqual([]);
    // the shopper tries again with a double click: one more call, not two
    await add.dblclick();
    await expect.poll(() => add.getAttribute('aria-disabled')).toBe('true');
    expect(await page.evaluate(() => (window as unknown as { calls: number }).calls)).toBe(2);
    await page.close();
  });

  it('error and empty: never a spinner forever, never raw error text; a hanging server errors within the timeout; retry asks again', async () => {
    const started = Date.now();
    const page = await esmPage('<div id="fail"></div><div id="hang"></div><div id="empty"></div>', `
      const mk = () => F.createRecommendClient({ endpoint: '${recs.url}', siteKey: 'pk_test', cache: false });
      F.mountCarousel('#fail', { client: mk(), placement: 'fail-home', title: 'For you' });
      F.mountCarousel('#hang', { client: mk(), placement: 'hang-home', title: 'Trending' });
      F.mountGrid('#empty', { client: mk(), placement: 'empty-home', title: 'New in' });`);
    await page.waitForFunction(() => document.querySelectorAll('.focal-Placement--error').length === 2, undefined, { timeout: 3_000 });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(await page.locator('[aria-busy=true]').count()).toBe(0);
    expect(await page.locator('#empty').innerHTML()).toBe('');
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/TypeError|500|boom|abort/i);
    expect(await page.locator('#fail').innerText()).toMatch(/unavailable right now/);
    expect(await axe(page)).toEqual([]);
    const before = recs.requests.length;
    await page.locator('#fail').getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => recs.requests.length).toBe(before + 1);
    await page.waitForSelector('#fail .focal-Placement--error');
    // Keyboard focus stays in the widget through loading and lands on the new retry button, not on the page's body.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Try again');
    expect(await page.evaluate(() => !!document.activeElement?.closest('#fail'))).toBe(true);
    await page.close();
  });
});

describe('script tag', () => {
  it('an empty placement or promo slot collapses, though its element reserves a height as the README says (data-focal-height and style="min-height"); one with items keeps it', async () => {
    const page = await scriptPage(`
      <div id="empty" data-focal-placement="empty-similar" data-focal-title="Similar frames" data-focal-height="340" style="min-height:340px"></div>
      <div id="none" data-focal-slot="empty-hero" style="min-height:200px"></div>
      <div id="full" data-focal-placement="home-trending" data-focal-title="Trending" data-focal-height="340" style="min-height:340px"></div>`);
    await page.waitForSelector('#full .focal-Item:not(.focal-Item--skeleton)');
    const heights = () => page.evaluate(() => Object.fromEntries(['empty', 'none', 'full'].map((id) => [id, document.getElementById(id)!.getBoundingClientRect().height >= 340 ? '≥ 340' : document.getElementById(id)!.getBoundingClientRect().height])));
    await expect.poll(heights, { timeout: 5_000 }).toEqual({ empty: 0, none: 0, full: '≥ 340' });
    expect(await page.locator('#empty').innerHTML()).toBe('');
    await page.close();
  });

  it('mounts every placement of the page in one request, then elements added later (SPA), and focal.mount by hand', async () => {
    const page = await scriptPage(`
      <div data-focal-slot="home-hero"></div>
      <div data-focal-placement="home-for-you" data-focal-title="For you" data-focal-limit="6"></div>
      <div data-focal-placement="home-trending" data-focal-layout="grid" data-focal-title="Trending" data-focal-limit="4"></div>`);
    await page.waitForFunction(() => document.querySelectorAll('.focal-Item:not(.focal-Item--skeleton)').length === 10);
    await page.waitForSelector('.focal-Promo-title');
    expect(recs.requests).toHaveLength(1);
    expect(recs.requests[0].placements.map((p) => p.placement)).toEqual(['home-for-you', 'home-trending']);
    expect(recs.requests[0].siteKey).toBe('pk_test');
    expect(recs.requests[0].anonymousId).toBe(await page.evaluate(() => (window as unknown as { focal: { anonymousId: string } }).focal.anonymousId));
    // The banner at the top is in view: one promo impression after a second, tracked by the real tracker.
    await expect.poll(() => recsOf('promo_impression').map((e) => e.properties), { timeout: 5_000 }).toEqual([{ promotionId: 'promo-student', slot: 'home-hero', position: 0 }]);
    await page.evaluate(() => {
      const route = document.createElement('section');
      route.innerHTML = '<div data-focal-placement="cart-addons" data-focal-items="FR-1,LN-2" data-focal-title="Complete your order"></div>';
      document.querySelector('main')!.append(route);
    });
    await page.waitForSelector('[aria-label="Complete your order"] .focal-Carousel-item a');
    expect(recs.requests[1].placements).toEqual([{ placement: 'cart-addons', items: ['FR-1', 'LN-2'] }]);
    await page.evaluate(() => {
      const el = document.createElement('div');
      document.querySelector('main')!.append(el);
      (window as unknown as { focal: { mount(el: Element, o: object): void } }).focal.mount(el, { placement: 'pdp-bundle', layout: 'bundle', title: 'Bought together' });
    });
    await page.waitForSelector('.focal-Bundle-check');
    expect(await axe(page)).toEqual([]);
    await page.close();
  });
});
