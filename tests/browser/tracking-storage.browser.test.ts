import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, launchPersistent } from '../helpers/chromium.js';
import type { TestAdapter } from '../helpers/adapter.js';
import type { StaticServer } from '../helpers/static-server.js';
import { definePage, expectStoredExactly, hasDatabase, startAdapter, startSite, stats, trackViews, until, type Env } from './tracking.harness.js';

describe('tracking in Chromium against the real adapter: tabs, storage, consent', () => {
  let browser: Browser;
  let site: StaticServer;
  let pages: Record<string, string>;
  let adapter: TestAdapter | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    ({ site, pages } = await startSite());
  });
  afterEach(async () => {
    await context?.close();
    await adapter?.close();
    context = adapter = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  async function env(): Promise<Env> {
    adapter = await startAdapter(site);
    return { site, pages, adapter };
  }
  const requestsTo = (ctx: BrowserContext, adapterUrl: string) => {
    const seen: string[] = [];
    ctx.on('request', (r) => { if (r.url().startsWith(`${adapterUrl}/v1/events`)) seen.push(`${r.method()} ${r.url()}`); });
    return seen;
  };

  it('two tabs tracking at once (shared IndexedDB): one flusher at a time, every event stored once', async () => {
    const e = await env();
    context = await launchPersistent();
    const url = definePage(e, '/tabs.html', { 'flush-interval': 200 });
    await context.addInitScript(() => {
      const original = window.fetch;
      const sends: Array<[number, number]> = ((window as unknown as { __sends: Array<[number, number]> }).__sends = []);
      window.fetch = async (...args) => {
        const start = Date.now();
        const events = String(args[0] instanceof Request ? args[0].url : args[0]).includes('/v1/events');
        try { return await original(...args); } finally { if (events) sends.push([start, Date.now()]); }
      };
    });
    const [a, b] = [await context.newPage(), await context.newPage()];
    await Promise.all([a.goto(url), b.goto(url)]);
    const rounds = await Promise.all([0, 1].map(async (tab) => {
      const ids: string[] = [];
      for (let round = 0; round < 5; round++) ids.push(...await trackViews(tab ? b : a, 7, `tab${tab}-r${round}`));
      return ids;
    }));
    const ids = rounds.flat();
    await expectStoredExactly(e.adapter, ids);
    await until(async () => (await stats(a)).queued + (await stats(b)).queued === 0, 10_000, 'both queues empty');
    // fetch() intervals (start → response) in each tab: a send happens only while holding the Web Lock
    type Span = [number, number];
    const spans = async (p: Page) => (await p.evaluate(() => (window as unknown as { __sends: Span[] }).__sends));
    const [sa, sb] = [await spans(a), await spans(b)];
    expect(sa.length + sb.length).toBeGreaterThan(1);
    const overlaps = sa.filter(([s1, e1]) => sb.some(([s2, e2]) => s1 < e2 && s2 < e1));
    expect(overlaps).toEqual([]);
  });

  it('IndexedDB throwing on every write: falls back to memory and still delivers everything once', async () => {
    const e = await env();
    context = await browser.newContext();
    await context.addInitScript(() => {
      const quota = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
      IDBObjectStore.prototype.put = quota;
      IDBObjectStore.prototype.add = quota;
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(definePage(e, '/idb-broken.html'));
    const ids = await trackViews(page, 15, 'mem');
    await expectStoredExactly(e.adapter, ids);
    expect(await stats(page)).toMatchObject({ deadLettered: 0, dropped: 0, queued: 0 });
    expect(errors).toEqual([]);
  });

  async function consentPage(e: Env): Promise<{ page: Page; seen: string[] }> {
    context = await browser.newContext();
    const seen = requestsTo(context, e.adapter.url);
    const page = await context.newPage();
    // two calls queued by the inline snippet before the bundle loads, then more after
    await page.goto(definePage(e, `/consent-${Date.now()}.html`, { 'require-consent': true, 'flush-interval': 100 },
      'focal.track("search",{query:"before load 1"});focal.track("search",{query:"before load 2"});'));
    return { page, seen };
  }

  it('consent withheld, then granted: nothing stored or sent before, everything (snippet calls included, in order) after', async () => {
    const e = await env();
    const { page, seen } = await consentPage(e);
    const later = page.evaluate(() => (window as unknown as { focal: { track(t: string, p: unknown): Promise<string> } }).focal.track('product_view', { productId: 'after-load' }));
    await page.waitForTimeout(800);
    expect(seen).toEqual([]);
    expect(await hasDatabase(page)).toBe(false);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    await page.evaluate(() => (window as unknown as { focal: { consent(c: unknown): void } }).focal.consent({ analytics: true, personalization: true }));
    const id = await later;
    await until(async () => (await e.adapter.storedEvents()).length >= 3, 10_000, 'three events');
    const stored = await e.adapter.storedEvents();
    expect(stored.map((s) => s.id)).toContain(id);
    expect(stored.length).toBe(3);
    const ordered = [...stored].sort((x, y) => x.event.createdAt.localeCompare(y.event.createdAt) || x.id.localeCompare(y.id));
    expect(ordered.map((s) => (s.event.properties as { query?: string; productId?: string }).query ?? (s.event.properties as { productId: string }).productId))
      .toEqual(['before load 1', 'before load 2', 'after-load']);
    expect(await hasDatabase(page)).toBe(true);
  });

  it('consent given, events queued, then withdrawn: none of them is sent, not even by the page-exit beacon', async () => {
    const e = await env();
    context = await browser.newContext();
    const seen = requestsTo(context, e.adapter.url);
    const page = await context.newPage();
    await page.goto(definePage(e, `/withdrawn-${Date.now()}.html`, { 'require-consent': true, 'flush-interval': 600_000 }));
    const ids = await page.evaluate(async () => {
      const focal = (window as unknown as { focal: { consent(c: unknown): void; track(t: string, p: unknown): Promise<string | null> } }).focal;
      focal.consent({ analytics: true, personalization: true });
      const kept = await Promise.all([focal.track('page_view', {}), focal.track('product_view', { productId: 'before-refusal' })]);
      focal.consent({ analytics: false, personalization: false });
      return kept;
    });
    expect(ids.every(Boolean)).toBe(true);
    await page.evaluate(() => (window as unknown as { focal: { flush(): Promise<void> } }).focal.flush());
    await page.goto('about:blank'); // page exit
    await new Promise((r) => setTimeout(r, 800));
    expect(seen).toEqual([]);
    expect(await e.adapter.storedEvents()).toEqual([]);
  });

  /** Tracks a product view in tab `p` and sends it; the event id, or null when not tracked. */
  const track = (p: Page, id: string) => p.evaluate(async (productId) => {
    const { focal } = window as unknown as { focal: { track(t: string, p: unknown): Promise<string | null>; flush(): Promise<void> } };
    const stored = await focal.track('product_view', { productId });
    await focal.flush();
    return stored;
  }, id);

  /** Two tabs of one store (one browser context), each on the same page with the script tag. */
  async function twoTabs(name: string) {
    const e = await env();
    context = await browser.newContext();
    const url = definePage(e, `/two-tab-${name}-${Date.now()}.html`, { 'flush-interval': 200 });
    const [a, b] = [await context.newPage(), await context.newPage()];
    await a.goto(url);
    await b.goto(url);
    return { e, a, b };
  }

  it('consent refused in another tab stops this tab at once; granted there again, this tab tracks again', async () => {
    const { e, a, b } = await twoTabs('consent');
    type F = { focal: { consent(c: unknown): void; track(t: string, p: unknown): Promise<string | null>; flush(): Promise<void>; consentState: { analytics: boolean } | null } };
    const consent = (p: Page, yes: boolean) => p.evaluate((v) => (window as unknown as F).focal.consent({ analytics: v, personalization: v }), yes);
    const analytics = (p: Page) => p.evaluate(() => (window as unknown as F).focal.consentState?.analytics);
    const before = await track(a, 'before');
    await consent(b, false);
    await until(async () => (await analytics(a)) === false, 5_000, 'tab A hears the refusal');
    expect(await track(a, 'refused')).toBeNull();
    await consent(b, true);
    await until(async () => (await analytics(a)) === true, 5_000, 'tab A hears the grant');
    const after = await track(a, 'after');
    await expectStoredExactly(e.adapter, [before!, after!]);
  });

  it('a sign-in in one tab is the other\'s; a sign-out there moves this tab onto the same new ids; a withdrawal removes them', async () => {
    const { e, a, b } = await twoTabs('identity');
    type F = { focal: {
      identify(u: string, o?: unknown): Promise<string | null>; reset(): void; consent(c: unknown): void; track(t: string, p: unknown): Promise<string | null>;
      flush(): Promise<void>; anonymousId: string; sessionId: string; userId?: string; userToken?: string; consentState: { analytics: boolean } | null;
    } };
    const who = (p: Page) => p.evaluate(() => {
      const { focal } = window as unknown as F;
      return { anonymousId: focal.anonymousId, sessionId: focal.sessionId, userId: focal.userId ?? null, userToken: focal.userToken ?? null };
    });
    const first = await who(a);
    expect((await who(b)).anonymousId).toBe(first.anonymousId);
    const identified = await a.evaluate(() => (window as unknown as F).focal.identify('customer-1', { token: 'jwt.of.customer-1' }));
    await until(async () => (await who(b)).userId === 'customer-1', 5_000, 'tab B hears the sign-in');
    const signedIn = await track(b, 'signed-in');
    await b.evaluate(() => (window as unknown as F).focal.reset()); // the shopper signs out in tab B
    await until(async () => (await who(a)).userId === null, 5_000, 'tab A hears the sign-out');
    const [inA, inB] = [await who(a), await who(b)];
    expect(inA.userToken).toBeNull(); // tab A no longer sends the signed-out shopper's token
    expect(inA.anonymousId).not.toBe(first.anonymousId);
    expect(inA).toEqual(inB); // tab B's new anonymous id and session, not ones of tab A's own
    const signedOut = await track(a, 'signed-out');
    await expectStoredExactly(e.adapter, [identified!, signedIn!, signedOut!]);
    const stored = new Map((await e.adapter.storedEvents()).map((s) => [s.id, s.event]));
    expect(stored.get(signedIn!)).toMatchObject({ userId: 'customer-1', anonymousId: first.anonymousId });
    expect(stored.get(signedOut!)).toMatchObject({ anonymousId: inB.anonymousId, sessionId: inB.sessionId });
    expect(stored.get(signedOut!)?.userId).toBeUndefined();

    // consent withdrawn in tab A: no identifier is left in localStorage, whichever tab wrote last
    await a.evaluate(() => (window as unknown as F).focal.consent({ analytics: false, personalization: false }));
    await until(async () => (await b.evaluate(() => (window as unknown as F).focal.consentState?.analytics)) === false, 5_000, 'tab B hears the withdrawal');
    for (const p of [a, b]) expect(await p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('focal.')))).toEqual(['focal.consent']);
  });

  it('consent withheld, then refused: nothing is ever sent or stored', async () => {
    const e = await env();
    const { page, seen } = await consentPage(e);
    const later = page.evaluate(() => (window as unknown as { focal: { track(t: string, p: unknown): Promise<string | null> } }).focal.track('product_view', { productId: 'x' }));
    await page.evaluate(() => (window as unknown as { focal: { consent(c: unknown): void } }).focal.consent({ analytics: false, personalization: false }));
    expect(await later).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { focal: { track(t: string, p: unknown): Promise<string | null> } }).focal.track('page_view', {}))).toBeNull();
    await page.evaluate(() => (window as unknown as { focal: { flush(): Promise<void> } }).focal.flush());
    await page.goto('about:blank'); // page exit: no beacon either
    await new Promise((r) => setTimeout(r, 800));
    expect(seen).toEqual([]);
    expect(await e.adapter.storedEvents()).toEqual([]);
  });
});
