// @vitest-environment happy-dom
// The React bindings in a DOM: presentation props re-render the live widget without a request; request props
// (placement, items, limit) fetch once per change, never in a loop with inline arrays, objects and functions.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, createElement as h, StrictMode, Suspense, type ReactNode } from 'react';
import { createRoot, hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { createContentClient, createFocal, createRecommendClient, fetchBatch, type ContentClient, type ObservedEvent, type RecommendClient, type RecommendationResponse } from '@focal/sdk-core';
import { signal } from '@preact/signals-core';
import { Bundle, FocalProvider, PromoSlot, Recommendations, useRecommendations, type BundleProps, type RecommendationsProps } from '../../src/react/index.js';
import { candidate, InFullView, promoBySegment } from '../fixtures.js';

beforeAll(() => { (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true; });

/** A client whose server answers every placement with items named after the request's context; counts requests. */
function countingClient() {
  const bodies: Array<{ placements: Array<{ placement: string; items?: string[]; limit?: number }> }> = [];
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body));
    bodies.push(body);
    return Response.json({ results: body.placements.map((p: { placement: string; items?: string[]; limit?: number }) => ({
      requestId: `req-${bodies.length}`, placement: p.placement, strategy: 'blend', variant: 'A',
      items: Array.from({ length: p.limit ?? 3 }, (_, i) => candidate(`${p.items?.[0] ?? 'X'}-${i}`, i)),
    })) });
  });
  const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: fetch as unknown as typeof globalThis.fetch, cache: false });
  return { client, bodies };
}

let root: Root | undefined;
let container: HTMLElement;
afterEach(() => { act(() => root?.unmount()); root = undefined; document.body.innerHTML = ''; });

function show(client: RecommendClient, children: ReactNode, tracker?: { track: (...a: unknown[]) => unknown }) {
  const element = h(FocalProvider, { client, tracker, locale: 'en' }, children);
  if (!root) {
    container = document.body.appendChild(document.createElement('div'));
    root = createRoot(container);
  }
  act(() => root!.render(element));
}
/** Lets the fake server answer and React commit what it caused. */
const settle = () => act(() => new Promise((r) => setTimeout(r, 20)));
const $ = (selector: string) => container.querySelector<HTMLElement>(selector);
const $$ = (selector: string) => [...container.querySelectorAll<HTMLElement>(selector)];

describe('<Recommendations> after mount', () => {
  it('presentation props re-render the live widget, without a request', async () => {
    const { client, bodies } = countingClient();
    const base: RecommendationsProps = { placement: 'pdp-similar', items: ['FR'] };
    // Inline objects and functions on every render, as app code writes them.
    const view = (props: Partial<RecommendationsProps>) => show(client, h(Recommendations, { ...base, items: ['FR'], ...props }));
    view({ title: 'Similar frames' });
    await settle();
    expect($$('.focal-Carousel-item a')).toHaveLength(3);
    expect($('.focal-Carousel')!.getAttribute('aria-label')).toBe('Similar frames');

    view({ title: 'More like this', classNames: { root: 'my-root' }, translations: { next: 'Weiter' }, showReason: true });
    expect($('.focal-Carousel')!.getAttribute('aria-label')).toBe('More like this');
    expect($('h2')!.textContent).toBe('More like this');
    expect($('.focal-Carousel')!.classList.contains('my-root')).toBe(true);
    expect($('.focal-Carousel-next')!.getAttribute('aria-label')).toBe('Weiter');
    expect($$('.focal-Item-reason').map((n) => n.textContent)).toEqual(['Bought with FR-0', 'Bought with FR-1', 'Bought with FR-2']);

    view({ title: 'More like this', templates: { item: ({ fields }) => `${fields.title}!`, header: ({ title }) => `${title}?` } });
    expect($$('.focal-Carousel-item').map((n) => n.textContent)).toEqual(['Frame FR-0!', 'Frame FR-1!', 'Frame FR-2!']);
    expect($('.focal-Placement-header')!.textContent).toContain('More like this?');
    expect($('.focal-Item-reason')).toBeNull();

    view({ title: 'Trending', layout: 'grid' });
    expect($('.focal-Carousel')).toBeNull();
    expect($$('.focal-Grid-item a')).toHaveLength(3);
    expect($('.focal-Grid')!.getAttribute('aria-label')).toBe('Trending');
    for (let i = 0; i < 3; i++) view({ title: 'Trending', layout: 'grid', classNames: { list: 'my-list' } });
    expect($('.focal-Grid-list.my-list')).toBeTruthy();
    await settle();
    expect(bodies).toHaveLength(1);
  });

  it('request props fetch once per change; equal inline arrays never fetch; the hook follows', async () => {
    const { client, bodies } = countingClient();
    function Page({ items, limit }: { items: string[]; limit?: number }) {
      const { status, items: shown } = useRecommendations({ placement: 'pdp-similar', items: [...items], limit });
      return h('div', null, h('p', { id: 'summary' }, `${status}: ${shown.map((i) => i.id).join(' ')}`),
        h(Recommendations, { placement: 'pdp-similar', items: [...items], limit, title: 'Similar', onRetry: () => {} } as RecommendationsProps));
    }
    show(client, h(Page, { items: ['FR'] }));
    await settle();
    expect($('#summary')!.textContent).toBe('ready: FR-0 FR-1 FR-2');
    for (let i = 0; i < 3; i++) show(client, h(Page, { items: ['FR'] }));
    await settle();
    expect(bodies).toHaveLength(1);

    show(client, h(Page, { items: ['LN'] }));
    await settle();
    expect($$('.focal-Carousel-item a .focal-Item-title').map((n) => n.textContent)).toEqual(['Frame LN-0', 'Frame LN-1', 'Frame LN-2']);
    expect($('#summary')!.textContent).toBe('ready: LN-0 LN-1 LN-2');
    for (let i = 0; i < 3; i++) show(client, h(Page, { items: ['LN'] }));
    await settle();
    expect(bodies.map((b) => b.placements[0].items)).toEqual([['FR'], ['LN']]);

    show(client, h(Page, { items: ['LN'], limit: 2 }));
    await settle();
    expect($$('.focal-Carousel-item a')).toHaveLength(2);
    expect(bodies).toHaveLength(3);
    expect(bodies[2].placements).toEqual([{ placement: 'pdp-similar', items: ['LN'], limit: 2 }]);
  });
});

describe('useRecommendations in a component that re-renders often', () => {
  it('follows the shopper all the same: a sign-in is asked for within a second, however often the component renders', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const tokens: Array<string | null> = [];
      const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
        tokens.push(new Headers(init?.headers).get('x-focal-user-token'));
        const body = JSON.parse(String(init?.body));
        return Response.json({ results: body.placements.map((p: { placement: string }) => ({ requestId: `req-${tokens.length}`, placement: p.placement, strategy: 'blend', items: [candidate('A', 0)] })) });
      });
      let token: string | undefined;
      const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: fetch as unknown as typeof globalThis.fetch, cache: false, userToken: () => token });
      // a page with a clock (or a form being typed into): renders twice a second
      function Clock({ tick }: { tick: number }) {
        const { status, items } = useRecommendations({ placement: 'home-for-you' });
        return h('p', { id: 'summary' }, `${tick} ${status}: ${items.map((i) => i.id).join()}`);
      }
      show(client, h(Clock, { tick: 0 }));
      await settle();
      expect($('#summary')!.textContent).toBe('0 ready: A');
      token = 'jwt-alice'; // focal.identify('alice', { token }), e.g. in another tab
      for (let tick = 1; tick <= 6; tick++) {
        act(() => { vi.advanceTimersByTime(500); });
        show(client, h(Clock, { tick }));
      }
      await settle();
      expect(tokens).toEqual([null, 'jwt-alice']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('<Recommendations> impressions', () => {
  /** `rec_impression` events sent so far, as "requestId productId". */
  const impressions = (track: ReturnType<typeof vi.fn>) => track.mock.calls.filter((c) => c[0] === 'rec_impression')
    .map((c) => `${(c[1] as { requestId: string }).requestId} ${(c[1] as { productId: string }).productId}`);
  /** Every slide in full view; the dwell clock (1 s) on fake timers. */
  const inView = (test: () => Promise<void>) => async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('IntersectionObserver', InFullView);
    try {
      await test();
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  };
  const wait = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

  it('switching layout (carousel ↔ grid, a breakpoint) does not send the same answer\'s impressions again', inView(async () => {
    const { client, bodies } = countingClient();
    const tracker = { track: vi.fn() };
    const view = (layout: 'carousel' | 'grid') => show(client, h(Recommendations, { placement: 'home-trending', items: ['TR'], layout }), tracker);
    view('carousel');
    await wait(50);
    expect($$('.focal-Carousel-item a')).toHaveLength(3);
    await wait(1_000);
    expect(impressions(tracker.track)).toEqual(['req-1 TR-0', 'req-1 TR-1', 'req-1 TR-2']);
    for (const layout of ['grid', 'carousel', 'grid'] as const) {
      view(layout);
      await wait(1_500);
    }
    expect($$('.focal-Grid-item a')).toHaveLength(3);
    expect(bodies).toHaveLength(1);
    expect(impressions(tracker.track)).toEqual(['req-1 TR-0', 'req-1 TR-1', 'req-1 TR-2']);
  }));

  it('a new answer (new request id) for slides still in view counts again, once', inView(async () => {
    const { client, bodies } = countingClient();
    const tracker = { track: vi.fn() };
    let refresh!: () => void;
    function Page({ layout }: { layout: 'carousel' | 'grid' }) {
      const { handle } = useRecommendations({ placement: 'home-for-you', items: ['FY'] });
      refresh = handle.retry;
      return h(Recommendations, { placement: 'home-for-you', items: ['FY'], layout });
    }
    show(client, h(Page, { layout: 'carousel' }), tracker);
    await wait(1_050);
    expect(impressions(tracker.track)).toEqual(['req-1 FY-0', 'req-1 FY-1', 'req-1 FY-2']);
    act(() => refresh()); // e.g. the app asks again once the shopper signed in: the same products, a new answer
    await wait(1_050);
    expect(bodies).toHaveLength(2);
    const both = ['req-1 FY-0', 'req-1 FY-1', 'req-1 FY-2', 'req-2 FY-0', 'req-2 FY-1', 'req-2 FY-2'];
    expect(impressions(tracker.track)).toEqual(both);
    show(client, h(Page, { layout: 'grid' }), tracker);
    await wait(1_500);
    expect(impressions(tracker.track)).toEqual(both);
  }));
});

describe('React StrictMode', () => {
  it('placements are let go on unmount after their props changed, as without StrictMode (no entry kept for ever)', async () => {
    const requests: Record<string, number> = {};
    for (const strict of [false, true]) {
      const { client, bodies } = countingClient();
      function Page({ sku }: { sku: string }) {
        const { status } = useRecommendations({ placement: 'pdp-similar', items: [sku] });
        return h('div', null, h('p', { id: 'summary' }, status), h(Recommendations, { placement: 'pdp-similar', items: [sku] }));
      }
      const page = (sku: string) => (strict ? h(StrictMode, null, h(Page, { sku })) : h(Page, { sku }));
      show(client, page('FR'));
      await settle();
      show(client, page('LN'));
      await settle();
      expect($('#summary')!.textContent).toBe('ready');
      act(() => root!.unmount());
      root = undefined;
      await settle();
      // Shown again later: a placement nobody held any more is asked for afresh.
      show(client, page('LN'));
      await settle();
      requests[String(strict)] = bodies.length;
      act(() => root!.unmount());
      root = undefined;
    }
    expect(requests).toEqual({ false: 3, true: 3 });
  });
});

describe('a render React throws away', () => {
  it('(a sibling suspended) lets its placement go: shown again after unmount, it is asked for afresh', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { client, bodies } = countingClient();
      let resume!: () => void;
      const data = new Promise<void>((resolve) => { resume = resolve; });
      let suspended = true;
      function Slow() {
        if (suspended) throw data;
        return null;
      }
      function Summary() {
        return h('p', { id: 'summary' }, useRecommendations({ placement: 'home-trending' }).status);
      }
      const page = h(Suspense, { fallback: 'wait' }, h(Summary), h(Slow));
      await act(async () => show(client, page));
      expect(container.textContent).toBe('wait');
      await act(async () => { suspended = false; resume(); await data; });
      await act(() => vi.advanceTimersByTimeAsync(50));
      expect($('#summary')!.textContent).toBe('ready');
      act(() => root!.unmount());
      root = undefined;
      await act(() => vi.advanceTimersByTimeAsync(60_000));
      show(client, page);
      await act(() => vi.advanceTimersByTimeAsync(50));
      expect(bodies).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('one placement asked for with different items on one page (a cart line each, a frame and its lens)', () => {
  /** The adapter: answers each placement with items named after its first context product; records the bodies. */
  function server() {
    const bodies: Array<{ placements: Array<{ placement: string; items?: string[]; limit?: number }> }> = [];
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body));
      bodies.push(body);
      return Response.json({ results: body.placements.map((p: { placement: string; items?: string[]; limit?: number }, i: number) => ({
        requestId: `req-${bodies.length}-${i}`, placement: p.placement, strategy: 'blend',
        items: Array.from({ length: p.limit ?? 2 }, (_, n) => candidate(`${p.items?.[0] ?? 'X'}-ADD-${n}`, n)),
      })) });
    });
    return { fetch: fetch as unknown as typeof globalThis.fetch, bodies };
  }
  const lines = [['FR-1'], ['LN-7']];
  const page = (fetch: typeof globalThis.fetch, initialResults?: RecommendationResponse[]) => h(FocalProvider, {
    endpoint: 'https://recs.test', siteKey: 'pk', locale: 'en', initialResults, clientOptions: { fetch, cache: false },
  }, lines.map((items) => h(Recommendations, { key: items[0], placement: 'cart-add-ons', items, limit: 2, title: `With ${items[0]}` })));
  /** Each widget's item titles, by its title. */
  const shown = (root: ParentNode) => Object.fromEntries([...root.querySelectorAll('.focal-Carousel')].map((c) => [
    c.getAttribute('aria-label'), [...c.querySelectorAll('.focal-Item-title')].map((n) => n.textContent)]));
  const expected = { 'With FR-1': ['Frame FR-1-ADD-0', 'Frame FR-1-ADD-1'], 'With LN-7': ['Frame LN-7-ADD-0', 'Frame LN-7-ADD-1'] };

  it('the server renders each with its own answer and the browser hydrates both as rendered, without a mismatch or a request', async () => {
    // the page's server: every placement in one request, the answers embedded for hydration
    const origin = server();
    const results = (await fetchBatch({ endpoint: 'https://recs.test', siteKey: 'pk', timeoutMs: 800, fetch: origin.fetch }, {
      placements: lines.map((items) => ({ placement: 'cart-add-ons', items, limit: 2 })),
    })).filter((r): r is RecommendationResponse => !!r);
    expect(origin.bodies).toHaveLength(1);
    const markup = renderToString(page(origin.fetch, results));
    const parsed = document.createElement('div');
    parsed.innerHTML = markup;
    expect(shown(parsed)).toEqual(expected);
    expect(parsed.querySelector('.focal-Item--skeleton')).toBeNull();

    // the browser: the same answers (as JSON in the page), hydrated
    const browser = server();
    const errors: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation((...args) => { errors.push(args.map(String).join(' ')); });
    try {
      container = document.body.appendChild(document.createElement('div'));
      container.innerHTML = markup;
      await act(async () => {
        root = hydrateRoot(container, page(browser.fetch, JSON.parse(JSON.stringify(results))), { onRecoverableError: (e) => { errors.push(`recoverable: ${String(e)}`); } });
      });
      await settle();
      expect(errors).toEqual([]);
      expect(shown(container)).toEqual(expected);
      expect(browser.bodies).toEqual([]);
    } finally {
      error.mockRestore();
    }
  });

  it('without answers from the server, both go out in the page\'s one request and each shows its own', async () => {
    const { fetch, bodies } = server();
    show(countingClient().client, null); // (a root to render into)
    act(() => root!.render(page(fetch)));
    await settle();
    expect(bodies).toEqual([{ placements: [{ placement: 'cart-add-ons', items: ['FR-1'], limit: 2 }, { placement: 'cart-add-ons', items: ['LN-7'], limit: 2 }] }]);
    expect(shown(container)).toEqual(expected);
  });
});

describe('<FocalProvider> whose tracker comes after its first render (createFocal() in an effect, after hydration)', () => {
  it('the shopper it now knows is not another one: the server-rendered carousels stay (no skeletons), nothing is asked again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const asked: Array<string | null> = [];
      const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
        asked.push(new Headers(init?.headers).get('x-focal-anonymous-id'));
        const body = JSON.parse(String(init?.body));
        return Response.json({ results: body.placements.map((p: { placement: string }) => ({ requestId: `req-${asked.length}`, placement: p.placement, strategy: 'blend', items: [candidate('A', 0), candidate('B', 1)] })) });
      }) as unknown as typeof globalThis.fetch;
      // the server rendered the page's one placement; another one (a recently viewed strip) it left to the browser
      const initialResults = [{ requestId: 'ssr-1', placement: 'home-trending', strategy: 'blend', items: [candidate('SSR-A', 0)] }];
      const page = (tracker?: { anonymousId: string; track: () => void }, server = false) => h(FocalProvider, {
        endpoint: 'https://recs.test', siteKey: 'pk-late-tracker', locale: 'en', tracker, initialResults,
        // (happy-dom has a window: the server render is told not to fetch, as on a server)
        clientOptions: { fetch: server ? () => Promise.reject(new Error('server')) : fetch, cache: false },
      }, h(Recommendations, { placement: 'home-trending', title: 'Trending' }), h(Recommendations, { placement: 'home-recent', title: 'Recent' }));
      container = document.body.appendChild(document.createElement('div'));
      container.innerHTML = renderToString(page(undefined, true));
      await act(async () => { root = hydrateRoot(container, page()); });
      await settle();
      const shown = () => $$('.focal-Carousel').map((c) => `${c.getAttribute('aria-label')}: ${c.querySelectorAll('.focal-Item-title').length} items, ${c.querySelectorAll('.focal-Item--skeleton').length} skeletons`);
      expect(shown()).toEqual(['Trending: 1 items, 0 skeletons', 'Recent: 2 items, 0 skeletons']);
      // the app's effect: createFocal() now, given to the provider
      act(() => root!.render(page({ anonymousId: 'anon-1', track: () => {} })));
      act(() => { vi.advanceTimersByTime(1_000); }); // the shopper check
      expect(shown()).toEqual(['Trending: 1 items, 0 skeletons', 'Recent: 2 items, 0 skeletons']);
      await settle();
      expect(asked).toEqual([null]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('impressions before the provider has a tracker', () => {
  it('the slides and the promotion the shopper saw before the tracker came are tracked once it comes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('IntersectionObserver', InFullView);
    try {
      const { client } = countingClient();
      const content = createContentClient({ endpoint: 'https://recs.test', siteKey: 'pk-late-impressions', fetch: promoBySegment().fetch, cache: false });
      const page = (tracker?: { track: (...a: unknown[]) => unknown }) => h(FocalProvider, { client, content, tracker, locale: 'en' },
        h(Recommendations, { placement: 'home-late', items: ['FR'], limit: 2, title: 'Trending' }), h(PromoSlot, { slot: 'home-hero' }));
      container = document.body.appendChild(document.createElement('div'));
      root = createRoot(container);
      act(() => root!.render(page()));
      await act(() => vi.advanceTimersByTimeAsync(1_500)); // answered, shown, and in view for more than a second
      expect($$('.focal-Carousel-item .focal-Item-title')).toHaveLength(2);
      expect($('.focal-Promo-title')?.textContent).toBe('Free shipping');
      // the app's effect: createFocal() once the shopper consented
      const tracker = { track: vi.fn() };
      act(() => root!.render(page(tracker)));
      await act(() => vi.advanceTimersByTimeAsync(1_500));
      const sent = tracker.track.mock.calls.map(([type, p]) => `${type} ${(p as { productId?: string; promotionId?: string }).productId ?? (p as { promotionId: string }).promotionId}`);
      expect(sent.sort()).toEqual(['promo_impression promo-anon', 'rec_impression FR-0', 'rec_impression FR-1']);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });
});

describe('a presentation prop passed as undefined', () => {
  it('locale={undefined} (passed on from a parent that has none) keeps the provider\'s locale, on the server and in the live widget alike', async () => {
    const initialResults = [{ requestId: 'ssr-1', placement: 'pdp-similar', strategy: 'blend', items: [candidate('A', 0)] }];
    const tree = (client: RecommendClient) => h(FocalProvider, { client, locale: 'de-DE' },
      h(Recommendations, { placement: 'pdp-similar', title: 'Ähnliche Brillen', locale: undefined }));
    const price = (html: string) => /class="focal-Item-price">([^<]*)</.exec(html)?.[1].replace(/\s/g, ' ');
    const server = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', cache: false, initialResults, fetch: (() => Promise.reject(new Error('no'))) as never });
    expect(price(renderToString(tree(server)))).toBe('100,00 €');
    const browser = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', cache: false, initialResults, fetch: (() => Promise.reject(new Error('no'))) as never });
    container = document.body.appendChild(document.createElement('div'));
    root = createRoot(container);
    act(() => root!.render(tree(browser)));
    await settle();
    expect(container.querySelector('.focal-Item-price')!.textContent!.replace(/\s/g, ' ')).toBe('100,00 €');
  });
});

describe('<Recommendations> misuse', () => {
  it('promoSlot without a content client is refused with what to pass', () => {
    const { client } = countingClient();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => show(client, h(Recommendations, { placement: 'pdp-similar', promoSlot: 'pdp-tiles' }))).toThrow(/promoSlot needs a content client.*FocalProvider/);
    errors.mockRestore();
    root = undefined;
  });

  it('a layout other than carousel and grid is refused naming them, instead of a carousel ("bundle" points to <Bundle>)', () => {
    const { client } = countingClient();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const layout of ['list', 'bundle', 'Grid']) {
      expect(() => show(client, h(Recommendations, { placement: 'pdp-similar', layout } as never)))
        .toThrow(`focal: <Recommendations> layout ${JSON.stringify(layout)} is not a layout; use "carousel" (the default) or "grid", and <Bundle> for a bundle`);
      root = undefined;
    }
    errors.mockRestore();
  });

  it('<PromoSlot> without a content client is refused with what to pass, instead of a loading box that never settles', () => {
    const { client } = countingClient();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => show(client, h(PromoSlot, { slot: 'home-hero', height: 120 }))).toThrow(/<PromoSlot> needs a content client.*FocalProvider/);
    errors.mockRestore();
    root = undefined;
  });
});

describe('bad request props', () => {
  it('are refused with an error naming the prop, by the components and the hook alike', () => {
    const { client } = countingClient();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    function Hook(query: Record<string, unknown>) {
      useRecommendations(query as never);
      return null;
    }
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ placement: 'pdp-similar', items: 'FR-1' }, /^focal: items must be .*got "FR-1"/],
      [{ placement: 'pdp-similar', items: { 0: 'FR-1' } }, /^focal: items must be .*got \{"0":"FR-1"\}/],
      [{ placement: 'pdp-similar', limit: -1 }, /^focal: limit must be .*got -1/],
      [{ items: ['FR-1'] }, /^focal: placement must be .*got undefined/],
    ];
    for (const [props, message] of cases) {
      for (const component of [Recommendations, Bundle, Hook]) {
        expect(() => show(client, h(component as never, props))).toThrow(message);
        root = undefined;
      }
    }
    errors.mockRestore();
  });
});

describe('<FocalProvider initialResults> that are not answers', () => {
  it('throws an error naming the field, on the server and in the browser, instead of rendering garbage or a TypeError', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const ok = { requestId: 'ssr-1', placement: 'pdp-similar', strategy: 'blend', items: [candidate('A', 0)] };
      const cases: Array<[unknown, RegExp]> = [
        [{ 'pdp-similar': ok }, /^focal: initialResults must be an array of the answers fetchBatch gave/],
        [[{ ...ok, items: { 0: candidate('A', 0) } }], /^focal: initialResults\[0\]\.items must be an array of products; got \{"0"/],
        [[{ ...ok, requestId: 7 }], /^focal: initialResults\[0\]\.requestId must be .*got 7/],
      ];
      for (const [initialResults, message] of cases) {
        const tree = h(FocalProvider, { endpoint: 'https://recs.test', siteKey: 'pk', locale: 'en', initialResults: initialResults as never, clientOptions: { cache: false, fetch: (() => Promise.reject(new Error('no'))) as never } },
          h(Recommendations, { placement: 'pdp-similar', title: 'Similar' }));
        expect(() => renderToString(tree)).toThrow(message);
        container = document.body.appendChild(document.createElement('div'));
        root = createRoot(container);
        expect(() => act(() => root!.render(tree))).toThrow(message);
        root = undefined;
      }
    } finally {
      errors.mockRestore();
    }
  });

  it('a product in them that is not one is left out with a warning naming it; the others render', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const initialResults = [{ requestId: 'ssr-1', placement: 'pdp-similar', strategy: 'blend', items: [candidate('A', 0), { ...candidate('B', 1), title: undefined }, candidate('C', 2)] }];
      const html = renderToString(h(FocalProvider, { endpoint: 'https://recs.test', siteKey: 'pk', locale: 'en', initialResults: initialResults as never, clientOptions: { cache: false, fetch: (() => Promise.reject(new Error('no'))) as never } },
        h(Recommendations, { placement: 'pdp-similar', title: 'Similar' })));
      expect([...html.matchAll(/class="focal-Item-title">([^<]*)</g)].map((m) => m[1])).toEqual(['Frame A', 'Frame C']);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/^focal: initialResults\[0\]\.items\[1\]\.title must be a non-empty string.*got undefined\. The product is left out/);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('<Bundle> after mount', () => {
  it('title, picks, onAddToCart and a tracker given later take effect without a request', async () => {
    const { client, bodies } = countingClient();
    const anchor = { id: 'FR', title: 'Aria Round', price: 129, currency: 'EUR', url: '/p/FR' };
    const view = (props: Partial<BundleProps>, tracker?: { track: (...a: unknown[]) => unknown }) =>
      show(client, h(Bundle, { placement: 'pdp-bundle', items: ['FR'], limit: 4, anchor: { ...anchor }, ...props }), tracker);
    const first = vi.fn();
    view({ title: 'Bought together', onAddToCart: (items) => first(items) });
    await settle();
    expect($$('.focal-Bundle-check')).toHaveLength(2);

    const second = vi.fn();
    const tracker = { track: vi.fn() };
    view({ title: 'Complete the look', picks: 3, onAddToCart: (items) => second(items) }, tracker);
    expect($('.focal-Bundle')!.getAttribute('aria-label')).toBe('Complete the look');
    const boxes = $$('.focal-Bundle-check') as HTMLInputElement[];
    expect(boxes.map((b) => b.checked)).toEqual([true, true, true]);
    act(() => boxes[0].click());
    expect(($$('.focal-Bundle-check') as HTMLInputElement[]).map((b) => b.checked)).toEqual([false, true, true]);
    act(() => $('.focal-Bundle-add')!.click());
    expect(first).not.toHaveBeenCalled();
    expect(second.mock.calls[0][0].map((i: { id: string }) => i.id)).toEqual(['FR-1', 'FR-2']);
    expect(tracker.track.mock.calls.map((c) => [c[0], (c[1] as { productId: string; position: number }).productId, (c[1] as { position: number }).position]))
      .toEqual([['add_to_cart', 'FR-1', 1], ['add_to_cart', 'FR-2', 2]]);
    expect(bodies).toHaveLength(1);
  });
});

describe('<FocalProvider> with a Focal instance as tracker', () => {
  it('sends the shopper\'s anonymous id and, once signed in, their user token on recommendation and content requests', async () => {
    const seen: Array<{ url: string; anonymousId: string | null; token: string | null }> = [];
    const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      seen.push({ url: String(url), anonymousId: headers.get('x-focal-anonymous-id'), token: headers.get('x-focal-user-token') });
      if (String(url).includes('/v1/content')) return Response.json({ slot: 'home-hero', promotions: [] });
      const body = JSON.parse(String(init?.body));
      return Response.json({ results: body.placements.map((p: { placement: string }) => ({
        requestId: 'req-1', placement: p.placement, strategy: 'blend', items: [candidate('FR-1', 0)],
      })) });
    });
    // What createFocal() exposes: the ids as properties; identify() sets userToken later.
    const focal = { anonymousId: 'anon-1', userToken: undefined as string | undefined, track: vi.fn() };
    const tree = (placement: string) => h(FocalProvider, {
      endpoint: 'https://recs.test', siteKey: 'pk', tracker: focal, locale: 'en',
      clientOptions: { fetch: fetch as unknown as typeof globalThis.fetch, cache: false },
    }, h(Recommendations, { placement }));
    container = document.body.appendChild(document.createElement('div'));
    root = createRoot(container);
    act(() => root!.render(tree('home-for-you')));
    await settle();
    expect(seen.at(-1)).toMatchObject({ anonymousId: 'anon-1', token: null });

    focal.userToken = 'jwt-of-shopper';
    act(() => root!.render(tree('home-trending')));
    await settle();
    expect(seen.at(-1)).toMatchObject({ anonymousId: 'anon-1', token: 'jwt-of-shopper' });
  });
});

describe('<FocalProvider> props that change after the first render', () => {
  /** Stores behind their endpoints: each answers with products named after the site key it was asked with. */
  function stores() {
    const asked: string[] = [];
    const promos: string[] = [];
    const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      const key = headers.get('x-focal-site-key');
      const request = `${new URL(String(url)).host} ${key} ${headers.get('x-focal-user-token') ?? '-'}`;
      if (String(url).includes('/v1/content')) {
        promos.push(request);
        return Response.json({ slot: 'home-hero', promotions: [] });
      }
      asked.push(request);
      const body = JSON.parse(String(init?.body));
      return Response.json({ results: body.placements.map((p: { placement: string }) => ({
        requestId: `${key}-${asked.length}`, placement: p.placement, strategy: 'blend', items: [candidate(`${key}-A`, 0), candidate(`${key}-B`, 1)],
      })) });
    });
    return { fetch: fetch as unknown as typeof globalThis.fetch, asked, promos };
  }
  /** What createFocal() exposes to the provider, with the listeners of its onEvent counted. */
  function focalInstance() {
    const listeners = new Set<(event: ObservedEvent) => void>();
    return {
      listeners, anonymousId: 'anon-1', track: vi.fn(),
      onEvent(listener: (event: ObservedEvent) => void) {
        listeners.add(listener);
        return () => { listeners.delete(listener); };
      },
    };
  }
  const titles = () => $$('.focal-Item-title').map((n) => n.textContent);
  const mountRoot = () => {
    container = document.body.appendChild(document.createElement('div'));
    root = createRoot(container);
  };

  it('a new siteKey or endpoint gets new clients that ask the new store; the old client\'s event listener is removed (StrictMode alike)', async () => {
    for (const strict of [false, true]) {
      const { fetch, asked, promos } = stores();
      const focal = focalInstance();
      const reranker = { rerank: <T,>(items: T[]) => items };
      // what the server rendered the first store's page with
      const initialResults = [{ requestId: 'ssr-1', placement: 'home-trending', strategy: 'blend', items: [candidate('SSR-A', 0)] }];
      const tree = (endpoint: string, siteKey: string) => {
        // inline options, as app code writes them: the same every render
        const provider = h(FocalProvider, {
          endpoint, siteKey, tracker: focal, locale: 'en', initialResults,
          clientOptions: { fetch, cache: false, reranker, onEvent: (listener) => focal.onEvent(listener) },
        }, h(Recommendations, { placement: 'home-trending', title: 'Trending' }), h(PromoSlot, { slot: 'home-hero' }));
        return strict ? h(StrictMode, null, provider) : provider;
      };
      mountRoot();
      act(() => root!.render(tree('https://eu.recs.test', 'pk_eu')));
      await settle();
      expect(titles()).toEqual(['Frame SSR-A']);
      expect(focal.listeners.size).toBe(1);

      act(() => root!.render(tree('https://eu.recs.test', 'pk_uk')));
      await settle();
      // the new store's own answer, never the first store's server-rendered one
      expect(titles()).toEqual(['Frame pk_uk-A', 'Frame pk_uk-B']);
      act(() => root!.render(tree('https://us.recs.test', 'pk_us')));
      await settle();
      expect(titles()).toEqual(['Frame pk_us-A', 'Frame pk_us-B']);
      act(() => root!.render(tree('https://us.recs.test', 'pk_us')));
      await settle();
      expect(asked).toEqual(['eu.recs.test pk_uk -', 'us.recs.test pk_us -']);
      expect(promos).toEqual(['eu.recs.test pk_eu -', 'eu.recs.test pk_uk -', 'us.recs.test pk_us -']);
      // one store's client listens at a time: the ones replaced do not rerank on every event of the session for ever
      expect(focal.listeners.size).toBe(1);
      act(() => root!.unmount());
      root = undefined;
      expect(focal.listeners.size).toBe(0);
    }
  });

  it('disposes the clients it created once they are replaced or it unmounts: they stop listening to the page (StrictMode alike); a client the app gave is never disposed', async () => {
    // the page listeners ('online') of the recommendation clients alive
    const live = new Set<unknown>();
    const { addEventListener: add, removeEventListener: remove } = globalThis;
    vi.spyOn(globalThis, 'addEventListener').mockImplementation((type: string, fn: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) => { if (type === 'online') live.add(fn); add.call(globalThis, type, fn, options); });
    vi.spyOn(globalThis, 'removeEventListener').mockImplementation((type: string, fn: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions) => { if (type === 'online') live.delete(fn); remove.call(globalThis, type, fn, options); });
    try {
      for (const strict of [false, true]) {
        const { fetch } = stores();
        const tree = (endpoint: string, siteKey: string) => {
          const provider = h(FocalProvider, { endpoint, siteKey, locale: 'en', clientOptions: { fetch, cache: false } },
            h(Recommendations, { placement: 'home-trending', title: 'Trending' }), h(PromoSlot, { slot: 'home-hero' }));
          return strict ? h(StrictMode, null, provider) : provider;
        };
        mountRoot();
        for (const [endpoint, siteKey] of [['https://eu.recs.test', 'pk_eu'], ['https://eu.recs.test', 'pk_uk'], ['https://us.recs.test', 'pk_us']]) {
          act(() => root!.render(tree(endpoint!, siteKey!)));
          await settle();
          expect(titles()).toEqual([`Frame ${siteKey}-A`, `Frame ${siteKey}-B`]);
          // one client listens: the store's of now
          expect({ strict, siteKey, live: live.size }).toEqual({ strict, siteKey, live: 1 });
        }
        act(() => root!.unmount());
        root = undefined;
        await settle();
        expect({ strict, live: live.size }).toEqual({ strict, live: 0 });
      }
      // the app's own clients: replaced and unmounted, never disposed
      const [first, second] = [countingClient().client, countingClient().client];
      const disposed = [vi.spyOn(first, 'dispose'), vi.spyOn(second, 'dispose')];
      mountRoot();
      for (const client of [first, second]) {
        act(() => root!.render(h(FocalProvider, { client, endpoint: 'https://eu.recs.test', siteKey: 'pk_eu', locale: 'en' }, h(Recommendations, { placement: 'pdp-similar', items: ['FR'] }))));
        await settle();
      }
      act(() => root!.unmount());
      root = undefined;
      await settle();
      expect(disposed.map((d) => d.mock.calls.length)).toEqual([0, 0]);
      expect(live.size).toBe(2);
      first.dispose();
      second.dispose();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('a client given later replaces the first one: the placements are asked for with it', async () => {
    const first = countingClient();
    const second = countingClient();
    const tree = (client: RecommendClient) => h(FocalProvider, { client, locale: 'en' }, h(Recommendations, { placement: 'pdp-similar', items: ['FR'] }));
    mountRoot();
    act(() => root!.render(tree(first.client)));
    await settle();
    act(() => root!.render(tree(second.client)));
    await settle();
    expect(first.bodies).toHaveLength(1);
    expect(second.bodies).toHaveLength(1);
    expect($$('.focal-Carousel-item a')).toHaveLength(3);
  });

  it('a content client given later shows its promotions in promoSlot tiles', async () => {
    const { client } = countingClient();
    const contentOf = (title: string): ContentClient => ({
      slot: (slot) => ({ state: signal({ status: 'ready' as const, slot, promotions: [{ id: title, slot, title, priority: 1, source: 'local' as const }] }), retry: () => {} }),
    });
    const tree = (content: ContentClient) => h(FocalProvider, { client, content, locale: 'en' },
      h(Recommendations, { placement: 'pdp-similar', items: ['FR'], promoSlot: 'pdp-tiles' }));
    mountRoot();
    act(() => root!.render(tree(contentOf('Students -20 %'))));
    await settle();
    expect($$('.focal-Item--promo .focal-Item-title').map((n) => n.textContent)).toEqual(['Students -20 %']);
    act(() => root!.render(tree(contentOf('Free lenses'))));
    await settle();
    expect($$('.focal-Item--promo .focal-Item-title').map((n) => n.textContent)).toEqual(['Free lenses']);
  });

  it('identity and consent hooks in clientOptions are the latest render\'s: a token signed in later is sent', async () => {
    const { fetch, asked } = stores();
    let personalised = 0;
    const reranker = { rerank: <T,>(items: T[]) => { personalised++; return items; } };
    function App({ token, consent, placement }: { token?: string; consent: boolean; placement: string }) {
      // closures over the app's state, as React code writes them
      return h(FocalProvider, {
        endpoint: 'https://eu.recs.test', siteKey: 'pk_eu', locale: 'en',
        clientOptions: { fetch, cache: false, reranker, userToken: () => token, personalization: () => consent },
      }, h(Recommendations, { placement }));
    }
    mountRoot();
    act(() => root!.render(h(App, { consent: false, placement: 'home-for-you' })));
    await settle();
    expect(personalised).toBe(0);
    act(() => root!.render(h(App, { token: 'jwt-of-shopper', consent: true, placement: 'home-trending' })));
    await settle();
    expect(asked).toEqual(['eu.recs.test pk_eu -', 'eu.recs.test pk_eu jwt-of-shopper']);
    expect(personalised).toBe(1);
  });

  it('options read only when the clients are created: a changed one is reported naming it, equal inline ones are not', async () => {
    const { fetch } = stores();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const tree = (timeoutMs: number) => h(FocalProvider, {
        endpoint: 'https://eu.recs.test', siteKey: 'pk_eu', locale: 'en',
        clientOptions: { fetch, cache: false, timeoutMs, breaker: { threshold: 3 }, rerankOn: ['add_to_cart'], anonymousId: () => 'a' },
      }, h(Recommendations, { placement: 'home-trending' }));
      mountRoot();
      act(() => root!.render(tree(800)));
      act(() => root!.render(tree(800)));
      await settle();
      expect(errors).not.toHaveBeenCalled();
      act(() => root!.render(tree(2_000)));
      act(() => root!.render(tree(3_000)));
      expect(errors).toHaveBeenCalledOnce();
      expect(String(errors.mock.calls[0][0])).toMatch(/^focal: <FocalProvider> clientOptions\.timeoutMs changed .*(endpoint|siteKey).*key/);
    } finally {
      errors.mockRestore();
    }
  });

  it('a hook given later that is not a function is refused naming it', () => {
    const { fetch } = stores();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const tree = (userToken: unknown) => h(FocalProvider, {
        endpoint: 'https://eu.recs.test', siteKey: 'pk_eu', locale: 'en', clientOptions: { fetch, cache: false, userToken: userToken as () => string },
      }, h(Recommendations, { placement: 'home-trending' }));
      mountRoot();
      act(() => root!.render(tree(() => 't')));
      expect(() => act(() => root!.render(tree('jwt-of-shopper')))).toThrow(/clientOptions\.userToken must be a function.*got string/);
      root = undefined;
    } finally {
      errors.mockRestore();
    }
  });
});

describe('<PromoSlot> follows the shopper', () => {
  it('the student offer shown after focal.identify() is gone after focal.reset(), and the slot is asked again anonymously', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const focal = createFocal({ endpoint: 'https://recs.test', siteKey: 'pk-react-promo', storage: false, flushInterval: 3_600_000 });
    try {
      // the adapter answers a student's token with the student offer, anyone else with free shipping
      const { fetch, asked } = promoBySegment();
      container = document.body.appendChild(document.createElement('div'));
      root = createRoot(container);
      act(() => root!.render(h(FocalProvider, { endpoint: 'https://recs.test', siteKey: 'pk-react-promo', tracker: focal, locale: 'en', clientOptions: { fetch, cache: false } },
        h(PromoSlot, { slot: 'home-hero' }))));
      const title = () => $('.focal-Promo-title')?.textContent;
      await vi.waitFor(() => expect(title()).toBe('Free shipping'));

      await focal.identify('u-student', { token: 'jwt-student' });
      act(() => { vi.advanceTimersByTime(1_000); });
      await vi.waitFor(() => expect(title()).toBe('Students save 20 %'));

      focal.reset(); // she signs out
      act(() => { vi.advanceTimersByTime(1_000); });
      expect(title()).not.toBe('Students save 20 %');
      await vi.waitFor(() => expect(title()).toBe('Free shipping'));
      expect(asked).toEqual([null, 'jwt-student', null]);
    } finally {
      focal.destroy();
      vi.useRealTimers();
    }
  });
});

describe('<PromoSlot> in the page\'s language', () => {
  it('asks in <FocalProvider locale> (or its own), and again in the new one when the app switches language', async () => {
    const asked: Array<string | null> = [];
    const fetch = (async (url: string | URL | Request) => {
      const locale = new URL(String(url)).searchParams.get('locale');
      asked.push(locale);
      const title = locale?.startsWith('fr') ? 'Livraison offerte' : 'Free shipping';
      return new Response(JSON.stringify({ slot: 'home-hero', promotions: [{ id: 'ship', slot: 'home-hero', title, priority: 1, source: 'local' }] }), { headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    container = document.body.appendChild(document.createElement('div'));
    root = createRoot(container);
    const tree = (locale: string, own?: string) => h(FocalProvider, { endpoint: 'https://recs.test', siteKey: 'pk-react-locale', locale, clientOptions: { fetch, cache: false } },
      h(PromoSlot, { slot: 'home-hero', locale: own }));
    const title = () => $('.focal-Promo-title')?.textContent;
    act(() => root!.render(tree('fr-CA')));
    await vi.waitFor(() => expect(title()).toBe('Livraison offerte'));
    act(() => root!.render(tree('en-GB')));
    await vi.waitFor(() => expect(title()).toBe('Free shipping'));
    act(() => root!.render(tree('en-GB', 'fr')));
    await vi.waitFor(() => expect(title()).toBe('Livraison offerte'));
    expect(asked).toEqual(['fr-CA', 'en-GB', 'fr']);
  });
});
