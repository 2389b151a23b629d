import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { SignJWT } from 'jose';
import { launchChromium } from '../helpers/chromium.js';
import { warmUp } from '../helpers/page-checks.js';
import { serveStatic, type StaticServer } from '../helpers/static-server.js';
import { startTestAdapter, type TestAdapter } from '../helpers/adapter.js';
import { IMAGE_SVG, type RecsServer } from '../../packages/widgets/test/browser/recs-server.js';
import { startWidgetStack, type WidgetStack } from '../helpers/widget-stack.js';
import { demoPromotions, generateDemoData } from '../../packages/server-adapter/src/demo/index.js';
import { SNIPPET } from './tracking.harness.js';

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

describe('script tag error messages: short in focal.min.js, long in focal.dev.js', () => {
  let browser: Browser;
  let site: StaticServer;
  const page = (bundle: string, data = '') => `<!doctype html><html lang="en"><head><title>t</title></head><body><script src="/packages/widgets/dist/${bundle}" data-endpoint="http://127.0.0.1:9/focal" data-site-key="pk_test" data-reranker="false" ${data}></script></body></html>`;
  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveStatic(process.cwd(), {
      '/min.html': page('focal.min.js'),
      '/dev.html': page('focal.dev.js'),
      '/min-bad-option.html': page('focal.min.js', 'data-flush-interval="-1"'),
      '/dev-bad-option.html': page('focal.dev.js', 'data-flush-interval="-1"'),
      '/min-typo.html': page('focal.min.js', 'data-flush-inteval="2000"'),
      '/dev-typo.html': page('focal.dev.js', 'data-flush-inteval="2000"').replace('<body>', '<body><div data-focal-placement="home-trending" data-focal-limt="8"></div>'),
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** The messages of a few bad calls, made on `path`'s window.focal. */
  async function messages(path: string): Promise<Record<string, string>> {
    const p = await browser.newPage();
    await p.goto(`${site.url}${path}`);
    const result = await p.evaluate(async () => {
      type F = { identify(u: unknown): Promise<unknown>; track(t: string, p: unknown): Promise<unknown>; consent(c: unknown): void };
      const focal = (window as unknown as { focal: F }).focal;
      const message = async (call: () => unknown) => {
        try {
          await call();
          return 'no error';
        } catch (error) {
          return (error as Error).message;
        }
      };
      return {
        userId: await message(() => focal.identify('')),
        type: await message(() => focal.track('add_to_cart', { productId: 'A', quantity: '1' })),
        range: await message(() => focal.track('add_to_cart', { productId: 'A', quantity: 0 })),
        unknown: await message(() => focal.track('teleport', {})),
        consent: await message(() => focal.consent({ analytics: 'yes', personalization: false })),
      };
    });
    await p.close();
    return result;
  }

  it('focal.min.js: each bad call is refused with a short message naming the call and the field, pointing to focal.dev.js', async () => {
    const m = await messages('/min.html');
    expect(m.userId).toBe('focal: identify userId must be 1–128 printable chars (focal.dev.js explains)');
    expect(m.type).toBe('track("add_to_cart"): properties.quantity must be number (focal.dev.js explains)');
    expect(m.unknown).toBe('track("teleport"): type must be a Focal event type (focal.dev.js explains)');
    expect(m.consent).toBe('focal: consent analytics must be true or false (focal.dev.js explains)');
    expect(m.range).toBe('no error'); // ranges and formats: focal.dev.js here, the adapter always
  });

  it('focal.dev.js: the same calls get the long messages, with the value received, and ranges are checked too', async () => {
    const m = await messages('/dev.html');
    expect(m.userId).toBe('identify: userId must be a string of 1–128 characters, no control characters such as line breaks (your own customer id, not an e-mail); got ""');
    expect(m.type).toBe('track("add_to_cart"): properties.quantity must be number, got string');
    expect(m.unknown).toMatch(/^track\("teleport"\): type must be one of page_view, product_view, .*; got "teleport"$/);
    expect(m.consent).toMatch(/^consent: analytics must be true or false; got "yes"\. Call consent\(\{ analytics: true/);
    expect(m.range).toBe('track("add_to_cart"): properties.quantity must be at least 1');
  });

  it('a bad data-* option: the console names it, short in focal.min.js and long in focal.dev.js', async () => {
    const logged = async (path: string) => {
      const p = await browser.newPage();
      const errors: string[] = [];
      p.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
      await p.goto(`${site.url}${path}`);
      await p.close();
      return errors[0];
    };
    expect(await logged('/min-bad-option.html')).toBe('Focal: createFocal: flushInterval must be a positive number (focal.dev.js explains); tracking held');
    expect(await logged('/dev-bad-option.html')).toBe('Focal: createFocal: flushInterval must be a positive number; got "-1" (a data-* attribute of the focal.min.js script tag). Recommendations still show; tracking waits for focal.consent() until the attribute is fixed');
  });

  it('a misspelt data-* attribute (data-flush-inteval, data-focal-limt): focal.dev.js names it once and lists the ones Focal reads; focal.min.js stays quiet', async () => {
    const warned = async (path: string) => {
      const p = await browser.newPage();
      const warnings: string[] = [];
      p.on('console', (msg) => { if (msg.type() === 'warning') warnings.push(msg.text()); });
      await p.goto(`${site.url}${path}`);
      // (the widgets mount at DOMContentLoaded; a round trip after the load event delivers what they logged)
      await p.evaluate(() => new Promise(requestAnimationFrame));
      await p.close();
      return warnings;
    };
    const dev = await warned('/dev-typo.html');
    const tag = dev.filter((w) => w.includes('data-flush-inteval'));
    expect(tag).toHaveLength(1);
    expect(tag[0]).toMatch(/^Focal: data-flush-inteval on Focal's script tag is not an option and ignored; it reads data-endpoint, data-site-key, .*data-flush-interval, .*data-retry-base-ms/);
    expect(dev.filter((w) => w.includes('data-focal-limt'))).toEqual([expect.stringMatching(/^focal: data-focal-limt="8" ignored \(Focal reads data-focal-placement, .*-limit/)]);
    expect(await warned('/min-typo.html')).toEqual([]);
  });

  it('focal.min.js carries none of the long messages; focal.dev.js does', () => {
    const min = readFileSync('packages/widgets/dist/focal.min.js', 'utf8');
    const dev = readFileSync('packages/widgets/dist/focal.dev.js', 'utf8');
    for (const long of ['your own customer id', 'Call consent({', 'must be at least', 'the absolute http(s) URL']) {
      expect(min).not.toContain(long);
      expect(dev).toContain(long);
    }
  });
});

describe('script-tag widgets in Chromium', () => {
  let browser: Browser;
  let site: StaticServer;
  let recs: RecsServer;
  const pages: Record<string, string> = { '/img.svg': IMAGE_SVG };
  let n = 0;
  let stack: WidgetStack | undefined;
  beforeAll(async () => {
    stack = await startWidgetStack(pages);
    ({ recs, site, browser } = stack);
  });
  afterAll(() => stack?.close());

  async function open(body: string) {
    const path = `/widgets-${++n}.html`;
    pages[path] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>t</title>
<script>window.__shifts=[];new PerformanceObserver(l=>{for(const e of l.getEntries())if(!e.hadRecentInput)window.__shifts.push(e.value)}).observe({type:'layout-shift',buffered:true});</script></head>
<body><main><h1>Store</h1>${body}<p id="below">below</p></main>
<script src="/packages/widgets/dist/focal.min.js" data-endpoint="${recs.url}" data-site-key="pk_test" data-reranker="false"></script></body></html>`;
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}${path}`);
    return { page, errors };
  }

  it('carousel: skeleton then items without layout shift, arrow keys move focus, buttons page and follow the scroll, axe clean', async () => {
    recs.slowMs = 300;
    const { page, errors } = await open(`<div data-focal-placement="slow-similar" data-focal-title="Similar frames" data-focal-height="340" style="min-height:340px"></div>
      <div data-focal-slot="home-hero" data-focal-height="360" style="height:360px;overflow:hidden"></div>`);
    await page.waitForSelector('.focal-Item--skeleton');
    await page.waitForSelector('.focal-Carousel-item a.focal-Item');
    await page.waitForSelector('.focal-Promo-title');
    expect(await page.evaluate(() => (window as unknown as { __shifts: number[] }).__shifts)).toEqual([]);
    const next = page.getByRole('button', { name: 'Next items' });
    const prev = page.getByRole('button', { name: 'Previous items' });
    expect(await prev.getAttribute('aria-disabled')).toBe('true');
    expect(await next.getAttribute('aria-disabled')).toBe('false'); // measured by the list's ref after render
    const title = () => page.evaluate(() => document.activeElement?.querySelector('.focal-Item-title')?.textContent);
    await page.locator('.focal-Carousel-item a').first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await title()).toMatch(/ 2$/);
    await page.keyboard.press('End');
    expect(await title()).toMatch(/ 10$/);
    await page.waitForFunction(() => document.querySelector('.focal-Carousel-previous')!.getAttribute('aria-disabled') === 'false');
    const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
    await page.addScriptTag({ content: axe });
    const violations = await page.evaluate(async () => (await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string }> }> } }).axe.run()).violations.map((v) => v.id));
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('bundle: ticking a pick off updates the total and the button, and ticking it on again restores them', async () => {
    const { page, errors } = await open(`<div data-focal-placement="pdp-bundle" data-focal-layout="bundle" data-focal-title="Frequently bought together"
      data-focal-anchor='{"id":"FR-1","title":"Aria Round","price":129,"currency":"EUR","url":"/p/FR-1"}'></div>`);
    const checks = page.locator('.focal-Bundle-check');
    await checks.first().waitFor();
    const button = page.locator('.focal-Bundle-add');
    const before = await button.textContent();
    await checks.first().uncheck();
    await page.waitForFunction((b) => document.querySelector('.focal-Bundle-add')!.textContent !== b, before);
    expect(await checks.first().isChecked()).toBe(false);
    await checks.first().check();
    await page.waitForFunction((b) => document.querySelector('.focal-Bundle-add')!.textContent === b, before);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('script tag: signed-in shopper (real adapter, user tokens verified)', () => {
  const SECRET = 'focal-browser-test-secret-0123456789abcdef';
  let browser: Browser;
  let site: StaticServer;
  let adapter: TestAdapter;
  const pages: Record<string, string> = {};
  beforeAll(async () => {
    site = await serveStatic(process.cwd(), pages);
    const file = join(mkdtempSync(join(tmpdir(), 'focal-content-')), 'promotions.json');
    writeFileSync(file, JSON.stringify({ promotions: demoPromotions(new Date()).filter((p) => p.id !== 'promo-summer-sunglasses') }));
    delete process.env.FOCAL_CONTENT_PROVIDER;
    process.env.FOCAL_CONTENT_FILE = file;
    adapter = await startTestAdapter({ allowedOrigins: [site.url], config: { jwt: { secret: SECRET, algorithms: ['HS256'], issuer: 'shop', audience: 'focal' } } });
    delete process.env.FOCAL_CONTENT_FILE;
    // the student's profile, built on another device: only the user token says who this browser's shopper is
    const profile = { anonymousId: 'other-device', userId: 'u-student', recentViews: [], cart: [], purchases: [], affinities: { category: {}, brand: {} }, traits: { student: true }, updatedAt: new Date().toISOString() };
    await adapter.sql.query(
      'INSERT INTO profiles (site_key, profile_key, data, updated_at) VALUES ($1, $2, $3::jsonb, now())',
      [adapter.siteKey, 'u:u-student', JSON.stringify({ profile, state: { category: {}, brand: {}, decayedAt: 0, prices: [] } })],
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await adapter?.close();
  });

  async function heroPromo(before: string): Promise<string | null> {
    const path = `/signed-in-${Date.now()}-${Math.random().toString(36).slice(2)}.html`;
    pages[path] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title><script>${SNIPPET}</script><script>${before}</script></head>
<body><div data-focal-slot="home-hero"></div>
<script>
  // the bundle arrives after the page is parsed, as an async script usually does
  addEventListener('DOMContentLoaded', () => {
    const script = document.createElement('script');
    script.async = true;
    script.src = '/packages/widgets/dist/focal.min.js';
    Object.assign(script.dataset, { endpoint: '${adapter.url}', siteKey: '${adapter.siteKey}', reranker: 'false' });
    document.body.appendChild(script);
  });
</script></body></html>`;
    const context = await browser.newContext(); // a fresh browser: a new anonymous id
    const page = await context.newPage();
    await page.goto(`${site.url}${path}`);
    await page.waitForSelector('[data-focal-slot="home-hero"] .focal-Promo-title');
    const shown = await page.locator('[data-focal-slot="home-hero"] [data-focal-promo]').getAttribute('data-focal-promo');
    await context.close();
    return shown;
  }

  it('identify(userId, { token }) called before the bundle loads: the promo slot asks as that user and shows the student offer', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u-student').setIssuer('shop').setAudience('focal')
      .setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    expect(await heroPromo('')).not.toBe('promo-student-frames');
    expect(await heroPromo(`focal.identify('u-student', { token: '${token}' });`)).toBe('promo-student-frames');
  });
});

describe('script tag against the real adapter: what a page gets wrong', () => {
  let browser: Browser;
  let site: StaticServer;
  let adapter: TestAdapter;
  const pages: Record<string, string> = {};
  let n = 0;
  beforeAll(async () => {
    site = await serveStatic(process.cwd(), pages);
    const products = generateDemoData({ products: 40, sessions: 0 }).products;
    adapter = await startTestAdapter({ allowedOrigins: [site.url], products });
    // the adapter builds its indexes on the first request; before the browser comes (widgets give up after 800 ms)
    expect(await warmUp(adapter.url, adapter.siteKey, [{ placement: 'home-trending' }])).toBe(200);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await adapter?.close();
  });

  async function open(body: string) {
    const path = `/real-${++n}.html`;
    pages[path] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>${body}
<script src="/packages/widgets/dist/focal.min.js" data-endpoint="${adapter.url}" data-site-key="${adapter.siteKey}" data-reranker="false"></script></body></html>`;
    const page = await browser.newPage();
    const errors: string[] = [];
    const warnings: string[] = [];
    /** The context items of each recommendation request, per placement. */
    const asked: string[][] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    page.on('request', (r) => {
      if (r.url().endsWith('/v1/recommendations')) asked.push(JSON.parse(r.postData()!).placements.map((p: { items?: string[] }) => p.items?.join()));
    });
    await page.goto(`${site.url}${path}`);
    return { page, errors, warnings, asked };
  }

  it('one placement the adapter refuses (not configured, limit above its maximum) collapses alone, without a "Try again" that could never work, saying why in the console; the others show', async () => {
    const { page, errors, warnings } = await open(`<div data-focal-placement="home-trending" data-focal-limit="4"></div>
      <div data-focal-placement="home-trendy"></div>
      <div data-focal-placement="cart-add-ons" data-focal-limit="30"></div>`);
    await page.waitForSelector('[data-focal-placement="home-trending"] a.focal-Item, [data-focal-placement="home-trending"] .focal-Placement--error');
    expect(await page.locator('[data-focal-placement="home-trending"] a.focal-Item').count()).toBe(4);
    for (const refused of ['home-trendy', 'cart-add-ons']) {
      await page.waitForFunction((p) => document.querySelector(`[data-focal-placement="${p}"]`)!.innerHTML === '', refused);
    }
    // the developer reads the adapter's reason, not only "400 (Bad Request)"
    expect(warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/placement "home-trendy" is not configured; configured placements: .*home-trending/),
      expect.stringMatching(/limit 30 is above the maximum of 20 for placement "cart-add-ons"/),
    ]));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a single-page app that reuses the element for the next product (new data-focal-items) gets that product\'s recommendations', async () => {
    const { page, errors, asked } = await open('<div id="similar" data-focal-placement="pdp-similar" data-focal-items="FR-00001" data-focal-limit="4"></div>');
    const requestIds = () => page.$$eval('#similar a.focal-Item', (links) => [...new Set(links.map((a) => new URL(a.getAttribute('href')!, location.href).searchParams.get('focal_rid')))]);
    await page.waitForSelector('#similar a.focal-Item');
    const [first] = await requestIds();
    // what React or Vue does on a route change between two product pages: the same <div>, a new attribute value
    await page.evaluate(() => document.getElementById('similar')!.setAttribute('data-focal-items', 'FR-00002'));
    await page.waitForFunction((rid) => {
      const a = document.querySelector('#similar a.focal-Item');
      return a && new URL(a.getAttribute('href')!, location.href).searchParams.get('focal_rid') !== rid;
    }, first, { timeout: 3000 }).catch(() => undefined);
    expect(asked).toEqual([['FR-00001'], ['FR-00002']]);
    expect((await requestIds()).filter((rid) => rid !== first)).toHaveLength(1);
    expect(await requestIds()).not.toContain(first);
    // the same value set again (a re-render) changes nothing: no request, no remount
    await page.evaluate(() => document.getElementById('similar')!.setAttribute('data-focal-items', 'FR-00002'));
    await page.waitForTimeout(300);
    expect(asked).toEqual([['FR-00001'], ['FR-00002']]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('script tag on the pages stores really have', () => {
  let stack: WidgetStack | undefined;
  let recs: RecsServer;
  const pages: Record<string, string> = { '/img.svg': IMAGE_SVG };
  let n = 0;
  beforeAll(async () => {
    stack = await startWidgetStack(pages);
    recs = stack.recs;
  });
  afterAll(() => stack?.close());

  const tag = (extra = '') => `<script src="/packages/widgets/dist/focal.min.js" data-endpoint="${recs.url}" data-site-key="pk_test" data-reranker="false" ${extra}></script>`;

  /** Opens a page (`head` and `body` as given); collects page errors, console warnings and errors, recommendation requests. */
  async function open(body: string, head = '', lang = 'en') {
    const path = `/store-${++n}.html`;
    pages[path] = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`;
    const page = await stack!.browser.newPage();
    const errors: string[] = [];
    const warnings: string[] = [];
    const logged: string[] = [];
    const asked: string[][] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); else if (m.type() === 'error') logged.push(m.text()); });
    page.on('request', (r) => {
      if (r.url().endsWith('/v1/recommendations')) asked.push(JSON.parse(r.postData()!).placements.map((p: { placement: string }) => p.placement));
    });
    await page.goto(`${stack!.site.url}${path}`);
    return { page, errors, warnings, logged, asked };
  }

  it('with device reranking off (data-reranker="false"), the page\'s focal.describe(products) does not throw', async () => {
    const { page, errors } = await open(`<div data-focal-placement="home-trending" data-focal-limit="2"></div>${tag()}
<script>focal.describe([{ id: 'FR-1', categoryPath: ['Frames'], brand: 'Lumen', price: 129 }]); document.body.dataset.done = 'yes';</script>`);
    await page.waitForSelector('a.focal-Item');
    expect(errors).toEqual([]);
    expect(await page.getAttribute('body', 'data-done')).toBe('yes');
    await page.close();
  });

  it('one bad tracker option (data-flush-interval="2s") names itself; the widgets still show and tracking waits for consent', async () => {
    const { page, errors, logged } = await open(`<div data-focal-placement="home-trending" data-focal-limit="2"></div>${tag('data-flush-interval="2s"')}`);
    await page.waitForSelector('a.focal-Item');
    expect(errors).toEqual([]);
    expect(logged.join('\n')).toMatch(/flushInterval must be a positive number.*tracking held/);
    expect(await page.evaluate(() => (window as unknown as { focal: { consentState: unknown } }).focal.consentState)).toBeNull();
    await page.close();
  });

  it('the bundle loaded twice (a tag manager\'s copy and the page\'s own) asks once, renders one widget and says so', async () => {
    const { page, warnings, asked } = await open(`<div data-focal-placement="home-trending" data-focal-limit="2"></div>${tag()}${tag()}`);
    await page.waitForSelector('a.focal-Item');
    await page.waitForTimeout(300);
    expect(asked).toEqual([['home-trending']]);
    expect(await page.locator('[data-focal-placement] section').count()).toBe(1);
    expect(warnings).toContain('Focal: focal.min.js is loaded twice; the second copy does nothing');
    await page.close();
  });

  it('focal.mount() without an element says what to pass; with a CSS selector it mounts', async () => {
    const { page, warnings, errors } = await open(`<div id="later"></div>${tag()}`);
    await page.evaluate(() => {
      const focal = (window as unknown as { focal: { mount(el?: unknown, options?: object): unknown } }).focal;
      focal.mount();
      focal.mount('#later', { placement: 'home-trending', limit: 2 });
    });
    await page.waitForSelector('#later a.focal-Item');
    expect(warnings).toEqual(['focal: mount needs an element or a selector matching one (focal.dev.js explains)']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a strict Content-Security-Policy that allows the page\'s nonce: the widgets\' stylesheet applies (no violation)', async () => {
    const csp = `default-src 'self'; script-src 'self' 'nonce-r4nd0m'; style-src 'self' 'nonce-r4nd0m'; img-src 'self'; connect-src 'self' ${recs.url}`;
    const { page, logged } = await open(`<div data-focal-placement="home-trending" data-focal-limit="3"></div>${tag('nonce="r4nd0m"')}`,
      `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
    await page.waitForSelector('a.focal-Item');
    // the carousel is a row of slides, not a column of full-width images
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.focal-Carousel-list')!).display)).toBe('flex');
    expect(logged.filter((m) => /Content Security Policy/.test(m))).toEqual([]);
    await page.close();
  });

  it('data-focal-* attributes with a typo or a bad value are named in a warning; the widget still shows', async () => {
    const { page, warnings } = await open(`<div data-focal-placement="pdp-similar" data-focal-item="FR-1" data-focal-limit="eight" data-focal-layout="carrousel"></div>${tag()}`);
    await page.waitForSelector('a.focal-Item');
    expect(warnings).toEqual(['focal: data-focal-item="FR-1", data-focal-limit="eight", data-focal-layout="carrousel" ignored (focal.dev.js explains)']);
    await page.close();
  });

  it('a PHP template\'s page (<html lang="de_DE">, a bundle anchor without its price): German prices, no "NaN", the anchor named in a warning and left out', async () => {
    const { page, errors, warnings } = await open(`<div data-focal-placement="pdp-bundle" data-focal-layout="bundle" data-focal-items="FR-1"
      data-focal-anchor='{"id":"FR-1","title":"Sola Oval","currency":"EUR","url":"/p/FR-1"}'></div>${tag()}`, '', 'de_DE');
    await page.waitForSelector('.focal-Bundle-check');
    const text = await page.locator('.focal-Bundle').textContent();
    expect(text).not.toMatch(/NaN|Sola Oval/);
    const prices = await page.locator('.focal-Item-price').allTextContents();
    expect(prices.map((p) => p.replace(/\s/g, ' '))).toEqual(['79,00 €', '89,00 €']);
    expect((await page.locator('.focal-Bundle-total').textContent())!.replace(/\s/g, ' ')).toBe('Total price: 168,00 €');
    expect(warnings).toEqual(['focal: anchor.price is invalid: left out (focal.dev.js explains)']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('offline, then online again: a placement that failed meanwhile loads by itself, without "Try again"', async () => {
    const { page } = await open(`<main id="app"><div data-focal-placement="home-trending" data-focal-limit="2"></div></main>${tag()}`);
    await page.waitForSelector('a.focal-Item');
    await page.context().setOffline(true);
    // the shopper moves on in a single-page app while the train is in a tunnel
    await page.evaluate(() => document.getElementById('app')!.insertAdjacentHTML('beforeend', '<div id="similar" data-focal-placement="pdp-similar" data-focal-items="FR-1" data-focal-limit="2"></div>'));
    await page.waitForSelector('#similar .focal-Placement--error');
    await page.context().setOffline(false);
    await page.waitForSelector('#similar a.focal-Item', { timeout: 3000 });
    await page.close();
  });
});
