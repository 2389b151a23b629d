// @vitest-environment happy-dom
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { waitFor } from '@testing-library/preact';
import { h } from 'preact';
import { createContentClient, createFocal, createRecommendClient, memoryCache } from '@focal/sdk-core';
import { signal } from '@preact/signals-core';
import { autoMount, connectBundle, connectPlacement, connectPromo, mountBundle, mountCarousel, mountGrid, mountPromo, readDataset, type BundleRenderProps, type FocalLike, type TrackerLike } from '../../src/index.js';
import { lateTracker, MAX_UNTRACKED } from '../../src/connectors/tracker.js';
import { candidate, InFullView, promoBySegment } from '../fixtures.js';

/** A fake adapter: answers each placement asked with `ids` (in EUR unless `currencies` says), records request bodies. */
function adapter(ids = ['A', 'B', 'C'], status = 200, currencies: Record<string, string> = {}) {
  const bodies: Array<{ placements: Array<{ placement: string; items?: string[]; limit?: number }> }> = [];
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body));
    bodies.push(body);
    if (status !== 200) return new Response('down', { status });
    return Response.json({ results: body.placements.map((p: { placement: string }) => ({ requestId: 'req-9', placement: p.placement, strategy: 'blend', variant: 'B', items: ids.map((id, i) => candidate(id, i, currencies[id] ? { currency: currencies[id] } : {})) })) });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, bodies };
}
const tracker = () => ({ track: vi.fn(async () => undefined) });
/** The render props a placement's connector gives once its items are ready. */
const readyProps = (connector: ReturnType<typeof connectPlacement>) =>
  new Promise<Parameters<Parameters<typeof connector.subscribe>[0]>[0]>((resolve) => connector.subscribe((p) => { if (p.state.status === 'ready') resolve(p); }));
afterEach(() => { document.body.innerHTML = ''; });

/**
 * An IntersectionObserver whose first two slides are in view (a carousel showing two cards), the others scrolled away.
 * Like a real observer, it reports an element once (observing it again is a no-op), and again only when its visibility changes.
 */
class FirstTwoInView {
  private observed = new Set<Element>();
  constructor(private callback: (entries: Array<Partial<IntersectionObserverEntry>>) => void) {}
  observe(target: HTMLElement) {
    if (this.observed.has(target)) return;
    this.observed.add(target);
    const inView = Number(target.dataset.focalPos) < 2;
    queueMicrotask(() => this.callback([{ target, isIntersecting: inView, intersectionRatio: inView ? 1 : 0 }]));
  }
  unobserve(target: Element) { this.observed.delete(target); }
  disconnect() { this.observed.clear(); }
  takeRecords() { return []; }
}

describe('mountCarousel / mountGrid', () => {
  it('renders a skeleton at once, then the items; clicks are tracked with request id, placement and position', async () => {
    const { fetch } = adapter();
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch, cache: memoryCache() });
    const t = tracker();
    document.body.innerHTML = '<div id="similar"></div>';
    const widget = mountCarousel('#similar', { client, tracker: t, placement: 'pdp-similar', items: ['FR-1'], title: 'Similar frames', limit: 3 });
    expect(document.querySelectorAll('.focal-Item--skeleton')).toHaveLength(3);
    await waitFor(() => expect(document.querySelectorAll('.focal-Carousel-item a')).toHaveLength(3));
    expect(document.querySelector('style[data-focal-css]')).toBeTruthy();
    (document.querySelectorAll('.focal-Carousel-item a')[1] as HTMLElement).click();
    expect(t.track).toHaveBeenCalledWith('rec_click', expect.objectContaining({ requestId: 'req-9', placement: 'pdp-similar', productId: 'B', position: 1, variant: 'B' }));
    widget.unmount();
    expect(document.querySelector('#similar')!.innerHTML).toBe('');
  });

  it('two widgets of the same placement share one request but get their own ids', async () => {
    const { fetch, bodies } = adapter();
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch, cache: false });
    document.body.innerHTML = '<div id="a"></div><div id="b"></div>';
    mountCarousel('#a', { client, placement: 'pdp-similar', title: 'Similar frames' });
    mountCarousel('#b', { client, placement: 'pdp-similar', title: 'More like this' });
    await waitFor(() => expect(document.querySelectorAll('.focal-Carousel-item a')).toHaveLength(6));
    expect(bodies).toHaveLength(1);
    const ids = [...document.querySelectorAll('[id]')].map((el) => el.id).filter((id) => !['a', 'b'].includes(id));
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    for (const button of document.querySelectorAll('button[aria-controls]')) {
      expect(button.closest('.focal-Carousel')!.querySelector(`#${button.getAttribute('aria-controls')}`)).toBeTruthy();
    }
  });

  it('unmount() called twice leaves the other widget of the same placement its share: no second request', async () => {
    const { fetch, bodies } = adapter();
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch, cache: false });
    document.body.innerHTML = '<div id="a"></div><div id="b"></div><div id="c"></div>';
    const a = mountCarousel('#a', { client, placement: 'pdp-similar' });
    mountCarousel('#b', { client, placement: 'pdp-similar' });
    await waitFor(() => expect(document.querySelectorAll('.focal-Carousel-item a')).toHaveLength(6));
    a.unmount();
    a.unmount();
    await new Promise((r) => setTimeout(r, 10)); // past the client's release timer
    mountCarousel('#c', { client, placement: 'pdp-similar' });
    await waitFor(() => expect(document.querySelectorAll('#c .focal-Carousel-item a')).toHaveLength(3));
    expect(bodies).toHaveLength(1);
  });

  it('error: collapses with a retry that fetches again', async () => {
    const down = adapter(['A'], 503);
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: down.fetch, cache: false });
    document.body.innerHTML = '<div id="g"></div>';
    mountGrid('#g', { client, placement: 'home-trending' });
    const retry = await waitFor(() => {
      const button = document.querySelector<HTMLButtonElement>('.focal-Placement--error button');
      expect(button).toBeTruthy();
      return button!;
    });
    expect(document.body.textContent).not.toMatch(/503|down|Error/);
    retry.click();
    await waitFor(() => expect(down.fetch).toHaveBeenCalledTimes(2));
  });

  it('a placement the adapter refuses (not configured, a wrong site key) collapses, or shows the empty template, without a "Try again" that could never work; back online it is not asked again', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      // the adapter refuses one placement by name (HTTP 400 naming it), or a whole request (HTTP 401: a wrong site key)
      const refused = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
        const { placements } = JSON.parse(String(init?.body));
        if (new Headers(init?.headers).get('x-focal-site-key') === 'pk-wrong') return Response.json({ error: { code: 'unauthorized', message: 'unknown site key' } }, { status: 401 });
        return Response.json({ error: { code: 'unknown_placement', message: `placement "${placements[0].placement}" is not configured`, field: 'placements.0.placement' } }, { status: 400 });
      });
      const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: refused as unknown as typeof globalThis.fetch, cache: false });
      const wrongKey = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk-wrong', fetch: refused as unknown as typeof globalThis.fetch, cache: false });
      document.body.innerHTML = '<div id="g"></div><div id="c"></div><div id="k"></div>';
      mountGrid('#g', { client, placement: 'home-trendy', title: 'Trending' });
      mountCarousel('#c', { client, placement: 'home-trendy', title: 'Trending', templates: { empty: () => 'Nothing to suggest yet' } });
      mountCarousel('#k', { client: wrongKey, placement: 'home-trending', title: 'Trending' });
      await waitFor(() => expect(refused).toHaveBeenCalledTimes(2));
      await waitFor(() => expect(document.querySelector('#c')!.textContent).toBe('Nothing to suggest yet'));
      await waitFor(() => expect(document.querySelector('#k')!.innerHTML).toBe(''));
      expect(document.querySelector('#g')!.innerHTML).toBe('');
      expect(document.querySelector('.focal-Placement--error, .focal-Placement--loading')).toBeNull();
      expect(warn.mock.calls.map(([m]) => m)).toEqual(expect.arrayContaining(['focal: placement "home-trendy" is not configured', 'focal: unknown site key']));
      window.dispatchEvent(new Event('online'));
      await new Promise((r) => setTimeout(r, 20));
      expect(refused).toHaveBeenCalledTimes(2);
    } finally {
      warn.mockRestore();
    }
  });

  it('mounting again on an element (an SPA\'s next product, without unmount) replaces the widget there: the previous one never draws over it again', async () => {
    // the first product's placement fails (its widget offers "Try again"), the next one's answers
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      const { placements } = JSON.parse(String(init?.body));
      if (placements[0].items[0] === 'FR-1') return new Response('down', { status: 503 });
      return Response.json({ results: placements.map((p: { placement: string }) => ({ requestId: 'req-2', placement: p.placement, strategy: 'blend', items: [candidate('NEXT-1', 0), candidate('NEXT-2', 1)] })) });
    });
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: fetch as unknown as typeof globalThis.fetch, cache: false });
    document.body.innerHTML = '<div id="similar"></div>';
    mountCarousel('#similar', { client, placement: 'pdp-similar', items: ['FR-1'], title: 'Similar' });
    await waitFor(() => expect(document.querySelector('#similar .focal-Placement--error')).toBeTruthy());
    const next = mountCarousel('#similar', { client, placement: 'pdp-similar', items: ['FR-2'], title: 'Similar' });
    await waitFor(() => expect(document.querySelectorAll('#similar .focal-Carousel-item a')).toHaveLength(2));
    // back online: the first widget's placement is no longer held, so it neither asks again nor draws its error over
    window.dispatchEvent(new Event('online'));
    await new Promise((r) => setTimeout(r, 20));
    expect([...document.querySelectorAll('#similar .focal-Item-title')].map((n) => n.textContent)).toEqual(['Frame NEXT-1', 'Frame NEXT-2']);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(document.querySelectorAll('#similar .focal-Placement')).toHaveLength(1);
    next.unmount();
    expect(document.getElementById('similar')!.innerHTML).toBe('');
  });

  it('refuses a missing container or placement with a message that says what to pass', () => {
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter().fetch, cache: false });
    expect(() => mountCarousel('#nope', { client, placement: 'x' })).toThrow(/not an element.*README/);
    document.body.innerHTML = '<div id="c"></div>';
    expect(() => mountCarousel('#c', { client } as never)).toThrow(/placement/);
    expect(() => mountCarousel('#c', { placement: 'x' })).toThrow(/client.*endpoint, siteKey/);
  });
});

describe('mount* again with options it refuses, on an element that has a widget', () => {
  it('throws naming what to fix and leaves the widget there in place, live (not an empty element)', async () => {
    const { fetch, bodies } = adapter();
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch, cache: false });
    const content = createContentClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: promoBySegment().fetch, cache: false });
    document.body.innerHTML = '<div id="similar"></div><div id="hero"></div>';
    const titles = () => [...document.querySelectorAll('#similar .focal-Item-title')].map((n) => n.textContent);
    const good = { client, content, placement: 'pdp-similar', items: ['FR-1'], title: 'Similar' };
    const widget = mountCarousel('#similar', good);
    await waitFor(() => expect(titles()).toEqual(['Frame A', 'Frame B', 'Frame C']));
    const refused: Array<[Record<string, unknown>, RegExp]> = [
      [{ limit: 0 }, /^focal: limit must be .*got 0/],
      [{ items: 'FR-2' }, /^focal: items must be .*got "FR-2"/],
      [{ placement: 'PDP Similar' }, /^focal: placement must be/],
      [{ promoSlot: 'pdp tiles!' }, /^focal: content slot must be/],
      [{ translations: { slideLabel: '1 of 3' } }, /^focal: translations\.slideLabel must be a function; got string/],
    ];
    for (const [bad, message] of refused) {
      expect(() => mountGrid('#similar', { ...good, ...bad } as never)).toThrow(message);
      expect(titles()).toEqual(['Frame A', 'Frame B', 'Frame C']);
    }
    expect(document.querySelector('#similar .focal-Grid')).toBeNull();
    // still the live widget: its update draws, its unmount empties the element
    widget.update({ title: 'Still here' });
    expect(document.querySelector('#similar .focal-Carousel')!.getAttribute('aria-label')).toBe('Still here');
    expect(bodies).toHaveLength(1);
    widget.unmount();
    expect(document.getElementById('similar')!.innerHTML).toBe('');

    const promo = mountPromo('#hero', { content, slot: 'home-hero' });
    await waitFor(() => expect(document.querySelector('#hero .focal-Promo-title')?.textContent).toBe('Free shipping'));
    expect(() => mountPromo('#hero', { content, slot: 'home hero' })).toThrow(/^focal: content slot must be/);
    expect(document.querySelector('#hero .focal-Promo-title')?.textContent).toBe('Free shipping');
    promo.unmount();
    expect(document.getElementById('hero')!.innerHTML).toBe('');
  });
});

describe('mount*: the prices\' locale', () => {
  it('without a locale option, prices follow the page\'s <html lang> (as the script tag\'s do), else the browser\'s language', async () => {
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter(['A']).fetch, cache: false });
    const price = (sel: string) => document.querySelector(`${sel} .focal-Item-price`)?.textContent?.replace(/\s/g, ' ');
    document.body.innerHTML = '<div id="de"></div><div id="ch"></div><div id="fr"></div><div id="gb"></div>';
    try {
      document.documentElement.lang = 'de-DE';
      mountGrid('#de', { client, placement: 'home-de' });
      await waitFor(() => expect(price('#de')).toBe('100,00 €'));
      document.documentElement.lang = 'de_CH'; // (a PHP template's)
      mountGrid('#ch', { client, placement: 'home-ch' });
      await waitFor(() => expect(price('#ch')).toBe('EUR 100.00'));
      document.documentElement.removeAttribute('lang');
      vi.spyOn(navigator, 'language', 'get').mockReturnValue('fr-FR');
      mountGrid('#fr', { client, placement: 'home-fr' });
      await waitFor(() => expect(price('#fr')).toBe('100,00 €'));
      const gb = mountGrid('#gb', { client, placement: 'home-gb', locale: 'en-GB' });
      await waitFor(() => expect(price('#gb')).toBe('€100.00'));
      gb.update({ locale: 'de-DE' });
      expect(price('#gb')).toBe('100,00 €');
    } finally {
      vi.restoreAllMocks();
      document.documentElement.removeAttribute('lang');
    }
  });
});

describe('mountBundle', () => {
  it('"add all to cart" calls the retailer, tracks add_to_cart per pick and dispatches focal:add-to-cart', async () => {
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter(['LENS', 'CASE', 'CLOTH']).fetch, cache: false });
    const t = tracker();
    const onAddToCart = vi.fn();
    const heard = vi.fn();
    document.body.innerHTML = '<div id="fbt"></div>';
    document.body.addEventListener('focal:add-to-cart', heard);
    mountBundle('#fbt', { client, tracker: t, placement: 'pdp-bundle', items: ['FR-1'], onAddToCart,
      anchor: { id: 'FR-1', title: 'Aria', price: 129, currency: 'EUR', url: '/p/FR-1' } });
    const boxes = await waitFor(() => {
      const found = document.querySelectorAll<HTMLInputElement>('input[type=checkbox]');
      expect(found).toHaveLength(2);
      return found;
    });
    boxes[1].click();
    await waitFor(() => expect(document.querySelector('.focal-Bundle-add')!.textContent).toBe('Add 1 item to cart'));
    (document.querySelector('.focal-Bundle-add') as HTMLButtonElement).click();
    expect(onAddToCart).toHaveBeenCalledWith([expect.objectContaining({ id: 'LENS' })]);
    expect(t.track).toHaveBeenCalledWith('add_to_cart', expect.objectContaining({ productId: 'LENS', quantity: 1, price: 100, currency: 'EUR', requestId: 'req-9', placement: 'pdp-bundle', position: 0 }));
    expect(t.track).toHaveBeenCalledTimes(1);
    expect(heard).toHaveBeenCalledOnce();
  });

  it('picks only items in the anchor\'s currency: one priced in another is neither shown, totalled nor added', async () => {
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter(['LENS', 'CASE', 'CLOTH'], 200, { LENS: 'USD' }).fetch, cache: false });
    const t = tracker();
    const onAddToCart = vi.fn();
    document.body.innerHTML = '<div id="fbt"></div>';
    mountBundle('#fbt', { client, tracker: t, placement: 'pdp-bundle', items: ['FR-1'], onAddToCart, locale: 'en-GB',
      anchor: { id: 'FR-1', title: 'Aria', price: 129, currency: 'EUR', url: '/p/FR-1' } });
    const boxes = await waitFor(() => {
      const found = document.querySelectorAll<HTMLInputElement>('input[type=checkbox]');
      expect(found).toHaveLength(2);
      return found;
    });
    expect([...boxes].map((b) => b.getAttribute('aria-label'))).toEqual(['Frame CASE', 'Frame CLOTH']);
    expect(document.querySelector('.focal-Bundle-total')!.textContent!.replace(/\s/g, ' ')).toBe('Total price: €359.00');
    (document.querySelector('.focal-Bundle-add') as HTMLButtonElement).click();
    expect(onAddToCart).toHaveBeenCalledWith([expect.objectContaining({ id: 'CASE' }), expect.objectContaining({ id: 'CLOTH' })]);
    expect(t.track).toHaveBeenCalledTimes(2);
    expect(t.track).toHaveBeenNthCalledWith(1, 'add_to_cart', expect.objectContaining({ productId: 'CASE', position: 1 }));
    expect(t.track).toHaveBeenNthCalledWith(2, 'add_to_cart', expect.objectContaining({ productId: 'CLOTH', position: 2 }));
  });
});

describe('fallback items the page gives', () => {
  it('fallback items without a price or link are left out with a warning naming them; the others show when the server fails', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter(['A'], 503).fetch, cache: false });
    document.body.innerHTML = '<div id="g"></div>';
    const { price: _, ...unpriced } = candidate('NOPRICE');
    mountGrid('#g', { client, placement: 'home-trending', locale: 'en-GB',
      fallback: [unpriced as never, { ...candidate('NOURL'), url: undefined as never }, candidate('OK')] });
    await waitFor(() => expect(document.querySelectorAll('.focal-Grid-item')).toHaveLength(1));
    expect(document.querySelector('.focal-Grid-item')!.textContent).toBe('Frame OK€100.00');
    expect(document.body.textContent).not.toMatch(/NaN/);
    expect(warn.mock.calls.map(([m]) => String(m).split(' must')[0])).toEqual(['focal: fallback[0].price', 'focal: fallback[1].url']);
    warn.mockRestore();
  });
});

describe('mountBundle: stock', () => {
  it('"add all to cart" never adds an out-of-stock item (a cached answer, or a placement that lets them through)', async () => {
    const { fetch } = adapter(['LENS', 'CASE', 'CLOTH']);
    const soldOut = (async (url: string, init?: RequestInit) => {
      const response = await fetch(url, init);
      const body = await response.json();
      body.results[0].items[0].inStock = false;
      return Response.json(body);
    }) as typeof globalThis.fetch;
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: soldOut, cache: false });
    const t = tracker();
    const onAddToCart = vi.fn();
    document.body.innerHTML = '<div id="fbt"></div>';
    mountBundle('#fbt', { client, tracker: t, placement: 'pdp-bundle', items: ['FR-1'], onAddToCart });
    await waitFor(() => expect(document.querySelectorAll('.focal-Bundle-pick')).toHaveLength(2));
    (document.querySelector('.focal-Bundle-add') as HTMLButtonElement).click();
    expect(onAddToCart.mock.calls[0][0].map((i: { id: string }) => i.id)).toEqual(['CASE', 'CLOTH']);
    expect(t.track).not.toHaveBeenCalledWith('add_to_cart', expect.objectContaining({ productId: 'LENS' }));
  });
});

describe('mountBundle: when "add all to cart" fails or is slow', () => {
  const anchor = { id: 'FR-1', title: 'Aria', price: 129, currency: 'EUR', url: '/p/FR-1' };
  async function bundle(onAddToCart: (items: unknown[]) => unknown) {
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter(['LENS', 'CASE']).fetch, cache: false });
    const t = tracker();
    document.body.innerHTML = '<div id="fbt"></div>';
    mountBundle('#fbt', { client, tracker: t, placement: 'pdp-bundle', items: ['FR-1'], anchor, onAddToCart: onAddToCart as never });
    await waitFor(() => expect(document.querySelectorAll('input[type=checkbox]')).toHaveLength(2));
    const button = document.querySelector<HTMLButtonElement>('.focal-Bundle-add')!;
    return { t, button, alert: () => document.querySelector('#fbt [role=alert]')?.textContent };
  }

  it('a cart call that rejects: the shopper is told, the button works again, and no add_to_cart is tracked for what never reached the cart', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    let fail!: (e: Error) => void;
    const onAddToCart = vi.fn(() => new Promise((_, reject) => { fail = reject; }));
    const { t, button, alert } = await bundle(onAddToCart);
    button.click();
    // while the cart answers: the button says it is not available (focus stays on it), a second click adds nothing
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBe('true'));
    expect(button.disabled).toBe(false);
    button.click();
    expect(onAddToCart).toHaveBeenCalledOnce();
    fail(new Error('cart service down'));
    await waitFor(() => expect(alert()).toBe('Could not add to cart. Please try again.'));
    expect(button.getAttribute('aria-disabled')).not.toBe('true');
    expect(t.track).not.toHaveBeenCalledWith('add_to_cart', expect.anything());
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ message: 'cart service down' })); // the developer sees why
    // trying again: the second call succeeds, the message goes, the picks are tracked once
    onAddToCart.mockImplementation(async () => undefined);
    button.click();
    expect(onAddToCart).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(alert()).toBeUndefined());
    expect(t.track.mock.calls.map((c: unknown[]) => c as [string, { productId: string }]).filter(([type]) => type === 'add_to_cart').map(([, p]) => p.productId)).toEqual(['LENS', 'CASE']);
    error.mockRestore();
  });

  it('a cart call that throws: the shopper is told and nothing is tracked; the button stays usable', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const onAddToCart = vi.fn(() => { throw new Error('cart is not defined'); });
    const { t, button, alert } = await bundle(onAddToCart);
    button.click();
    await waitFor(() => expect(alert()).toBe('Could not add to cart. Please try again.'));
    expect(t.track).not.toHaveBeenCalledWith('add_to_cart', expect.anything());
    button.click();
    expect(onAddToCart).toHaveBeenCalledTimes(2);
    error.mockRestore();
  });

  it('a cart call that settles after the widget was unmounted (an SPA left the page) draws nothing: not over the element, nor over the widget mounted there since', async () => {
    let done!: () => void;
    const onAddToCart = vi.fn(() => new Promise<void>((resolve) => { done = resolve; }));
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter(['LENS', 'CASE']).fetch, cache: false });
    const t = tracker();
    document.body.innerHTML = '<div id="fbt"></div>';
    const widget = mountBundle('#fbt', { client, tracker: t, placement: 'pdp-bundle', items: ['FR-1'], anchor, onAddToCart });
    await waitFor(() => expect(document.querySelectorAll('input[type=checkbox]')).toHaveLength(2));
    document.querySelector<HTMLButtonElement>('.focal-Bundle-add')!.click();
    widget.unmount();
    expect(document.getElementById('fbt')!.innerHTML).toBe('');
    done();
    await new Promise((r) => setTimeout(r, 0));
    expect(document.getElementById('fbt')!.innerHTML).toBe('');
    // (what did reach the cart is tracked all the same)
    expect(t.track.mock.calls.filter((c) => (c as unknown[])[0] === 'add_to_cart')).toHaveLength(2);
    // the next product's widget in the same element is not drawn over either
    widget.update({ title: 'Old' });
    const next = mountGrid('#fbt', { client, placement: 'pdp-similar', items: ['FR-2'], title: 'Similar' });
    await waitFor(() => expect(document.querySelectorAll('#fbt .focal-Grid-item a')).toHaveLength(2));
    widget.update({ title: 'Old' });
    expect(document.querySelector('#fbt .focal-Bundle')).toBeNull();
    next.unmount();
  });

  it('a double click adds the picks once', async () => {
    const onAddToCart = vi.fn();
    const { t, button } = await bundle(onAddToCart);
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 2 }));
    expect(onAddToCart).toHaveBeenCalledOnce();
    expect(t.track).toHaveBeenCalledTimes(2);
    // a later single click is a new add
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
    expect(onAddToCart).toHaveBeenCalledTimes(2);
  });
});

describe('connectPlacement', () => {
  it('credits impressions and clicks to a model only when the device reranked the list with it (the answer\'s modelVersion names the model the device should use)', async () => {
    // the adapter announces model mlp-7 with every answer
    const fetch = (async (_url: string, init: RequestInit) => Response.json({
      results: JSON.parse(String(init.body)).placements.map((p: { placement: string }) => ({ requestId: `req-${p.placement}`, placement: p.placement, strategy: 'blend', modelVersion: 'mlp-7', items: ['A', 'B'].map((id, i) => candidate(id, i)) })),
    })) as unknown as typeof globalThis.fetch;
    const reverse = <T,>(items: T[]) => [...items].reverse();
    const cases: Array<[string, Parameters<typeof createRecommendClient>[0] extends infer O ? Partial<O> : never, string | undefined]> = [
      ['no-reranker', {}, undefined],
      ['refused-personalisation', { reranker: { rerank: reverse, version: () => 'mlp-8' }, personalization: () => false }, undefined],
      ['model-not-loaded', { reranker: { rerank: (items) => items, version: () => undefined } }, undefined],
      ['reranked', { reranker: { rerank: reverse, version: () => 'mlp-8' } }, 'mlp-8'],
    ];
    const credited: unknown[][] = [];
    for (const [placement, options, expected] of cases) {
      const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch, cache: false, ...options });
      const t = tracker();
      const connector = connectPlacement(client.placement({ placement }), t);
      const props = await readyProps(connector);
      props.sendEvent('rec_impression', props.state.items[0], 0);
      props.sendEvent('rec_click', props.state.items[0], 0);
      const sent = t.track.mock.calls.map((c) => ((c as unknown[])[1] as { modelVersion?: string }).modelVersion);
      credited.push([placement, ...sent]);
    }
    expect(credited).toEqual(cases.map(([placement, , expected]) => [placement, expected, expected]));
  });


  it('sends an impression once per request and item', async () => {
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter().fetch, cache: false });
    const t = tracker();
    const handle = client.placement({ placement: 'home-for-you' });
    const connector = connectPlacement(handle, t);
    const props = await readyProps(connector);
    props.sendEvent('rec_impression', props.state.items[0], 0);
    props.sendEvent('rec_impression', props.state.items[0], 0);
    props.sendEvent('rec_impression', props.state.items[1], 1);
    expect(t.track.mock.calls.map((c) => (c as unknown[])[1])).toEqual([
      expect.objectContaining({ productId: 'A', position: 0, requestId: 'req-9' }), expect.objectContaining({ productId: 'B', position: 1 }),
    ]);
  });
});

describe('connectPlacement: one placement shown twice', () => {
  it('a product seen in both widgets of the same placement counts one impression, not two', async () => {
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter().fetch, cache: false });
    const t = tracker();
    // what two `[data-focal-placement="home-twice"]` elements on one page get: the same handle (one request); a
    // placement no other test of this file shows, since impressions are counted once per page
    const [header, footer] = [client.placement({ placement: 'home-twice' }), client.placement({ placement: 'home-twice' })].map((h) => connectPlacement(h, t));
    const props = await readyProps(header);
    header.sendEvent('rec_impression', props.state.items[0], 0);
    footer.sendEvent('rec_impression', props.state.items[0], 0);
    footer.sendEvent('rec_impression', props.state.items[1], 1);
    expect(t.track.mock.calls.map((c) => (c as unknown[])[1])).toEqual([
      expect.objectContaining({ productId: 'A', position: 0, requestId: 'req-9' }), expect.objectContaining({ productId: 'B', position: 1 }),
    ]);
  });
});

describe('connectPromo', () => {
  it('a click before the impression does not swallow it; impressions once, clicks every time', () => {
    const t = tracker();
    const promotion = { id: 'pr', slot: 'home-hero', title: 'Students', priority: 1, source: 'local' as const };
    const connector = connectPromo({ state: signal({ status: 'ready' as const, slot: 'home-hero', promotions: [promotion] }), retry: () => {} }, t);
    connector.sendEvent('promo_click', promotion, 0);
    connector.sendEvent('promo_impression', promotion, 0);
    connector.sendEvent('promo_impression', promotion, 0);
    connector.sendEvent('promo_click', promotion, 0);
    expect(t.track.mock.calls.map((c) => (c as unknown[])[0])).toEqual(['promo_click', 'promo_impression', 'promo_click']);
  });

  it('seen(id) sends the impression of the slot\'s promotion with that id, at its position', () => {
    const t = tracker();
    const promotions = ['a', 'b'].map((id) => ({ id, slot: 'home-tiles', title: id, priority: 1, source: 'local' as const }));
    const connector = connectPromo({ state: signal({ status: 'ready' as const, slot: 'home-tiles', promotions }), retry: () => {} }, t);
    connector.seen('b');
    connector.seen('nope');
    connector.seen(undefined);
    expect(t.track.mock.calls).toEqual([['promo_impression', { promotionId: 'b', slot: 'home-tiles', position: 1 }]]);
  });

  it('a promo slot mounted again on the same page (an SPA\'s next view, a second place) does not count the same promotion again; another slot does', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('IntersectionObserver', InFullView);
    try {
      // the CMS answers every slot with the same promotion
      const fetch = (async (url: string) => {
        const slot = new URL(url).searchParams.get('slot');
        return Response.json({ slot, promotions: [{ id: 'promo-spa', slot, title: 'Free shipping', priority: 1, source: 'local' }] });
      }) as unknown as typeof globalThis.fetch;
      const content = createContentClient({ endpoint: 'https://recs.test', siteKey: 'pk-promo-remount', fetch, cache: false });
      const t = tracker();
      const impressions = () => t.track.mock.calls.filter((c) => (c as unknown[])[0] === 'promo_impression').map((c) => (c as unknown[])[1]);
      const view = async (slot = 'spa-hero') => {
        const el = document.body.appendChild(document.createElement('div'));
        const widget = mountPromo(el, { content, tracker: t, slot });
        await vi.advanceTimersByTimeAsync(1_500);
        expect(el.querySelector('.focal-Promo-title')?.textContent).toBe('Free shipping');
        return { el, widget };
      };
      const first = await view();
      expect(impressions()).toEqual([{ promotionId: 'promo-spa', slot: 'spa-hero', position: 0 }]);
      // the app's next view renders the slot again: unmounted, mounted again in a new element
      first.widget.unmount();
      first.el.remove();
      await view();
      // and the same slot in a second place of the page
      await view();
      expect(impressions()).toHaveLength(1);
      // the same promotion in another slot is another impression
      await view('spa-sidebar');
      expect(impressions()).toEqual([{ promotionId: 'promo-spa', slot: 'spa-hero', position: 0 }, { promotionId: 'promo-spa', slot: 'spa-sidebar', position: 0 }]);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });
});

describe('mountGrid with a promoSlot', () => {
  it('shows the slot\'s promotion as a tile among the items, counts its impression and tracks its click, as a carousel does', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('IntersectionObserver', InFullView);
    try {
      const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk-grid-promo', fetch: adapter().fetch, cache: false });
      const fetch = (async (url: string) => {
        const slot = new URL(url).searchParams.get('slot');
        return Response.json({ slot, promotions: [{ id: 'promo-tile', slot, title: 'Students save 20 %', priority: 1, source: 'local', cta: { label: 'See offer', url: '/students' } }] });
      }) as unknown as typeof globalThis.fetch;
      const content = createContentClient({ endpoint: 'https://recs.test', siteKey: 'pk-grid-promo', fetch, cache: false });
      const t = tracker();
      document.body.innerHTML = '<div id="trending"></div>';
      mountGrid('#trending', { client, content, tracker: t, placement: 'home-trending', title: 'Trending', promoSlot: 'home-tiles' });
      await vi.advanceTimersByTimeAsync(1_500);
      const cells = [...document.querySelectorAll<HTMLElement>('#trending .focal-Grid-list > li')];
      expect(cells.map((li) => li.dataset.focalPromo ?? li.dataset.focalId)).toEqual(['A', 'promo-tile', 'B', 'C']);
      expect(cells[1]!.className).toBe('focal-Grid-item');
      expect(t.track.mock.calls.filter((c) => (c as unknown[])[0] === 'promo_impression').map((c) => (c as unknown[])[1]))
        .toEqual([{ promotionId: 'promo-tile', slot: 'home-tiles', position: 0 }]);
      cells[1]!.querySelector<HTMLAnchorElement>('a[href="/students"]')!.click();
      expect(t.track).toHaveBeenCalledWith('promo_click', expect.objectContaining({ promotionId: 'promo-tile', slot: 'home-tiles', position: 0 }));
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });
});

describe('connectBundle', () => {
  it('keeps the selection by product id through a device rerank', async () => {
    let reversed = false;
    const reranker = { rerank: <T,>(items: T[]) => (reversed ? [...items].reverse() : items) };
    const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter(['A', 'B']).fetch, cache: false, reranker });
    const onAddToCart = vi.fn();
    const seen: BundleRenderProps[] = [];
    connectBundle(client.placement({ placement: 'pdp-bundle' }), tracker(), { onAddToCart }).subscribe((p) => seen.push(p));
    await waitFor(() => expect(seen.at(-1)!.picks).toHaveLength(2));
    seen.at(-1)!.toggle('A');
    expect(seen.at(-1)!.selected).toEqual(['B']);
    reversed = true;
    client.rerank();
    expect(seen.at(-1)!.picks.map((p) => p.id)).toEqual(['B', 'A']);
    expect(seen.at(-1)!.selected).toEqual(['B']);
    seen.at(-1)!.addAll();
    expect(onAddToCart).toHaveBeenCalledWith([expect.objectContaining({ id: 'B' })]);
  });
});

describe('readAttribution', () => {
  it('reads back what item links carry, and nothing from other URLs', async () => {
    const { readAttribution, withAttribution } = await import('../../src/index.js');
    const url = withAttribution('https://shop.example/p/FR-1?c=2#top', { requestId: 'r 1', placement: 'pdp-similar', position: 3 });
    expect(url).toBe('https://shop.example/p/FR-1?c=2&focal_rid=r%201&focal_pl=pdp-similar&focal_pos=3#top');
    expect(readAttribution(url)).toEqual({ requestId: 'r 1', placement: 'pdp-similar', position: 3 });
    expect(readAttribution('/p/FR-1?focal_rid=x&focal_pos=-1&focal_pl=a')).toBeUndefined();
    expect(readAttribution('/p/FR-1')).toBeUndefined();
  });
});

describe('autoMount (script tag)', () => {
  it('mounts every [data-focal-placement] in one request, and elements added later (SPA)', async () => {
    const { fetch, bodies } = adapter();
    document.body.innerHTML = `
      <div data-focal-placement="pdp-similar" data-focal-items="FR-1, FR-2" data-focal-limit="4" data-focal-title="Similar frames"></div>
      <div data-focal-placement="pdp-complete" data-focal-layout="grid"></div>`;
    const focal: FocalLike = { track: vi.fn() };
    history.replaceState(null, '', '/p/FR-1?focal_rid=req-0&focal_pl=home-for-you&focal_pos=4');
    autoMount(focal, { endpoint: 'https://recs.test', siteKey: 'pk', fetch, cache: false });
    expect(typeof focal.mount).toBe('function');
    expect(focal.attribution).toEqual({ requestId: 'req-0', placement: 'home-for-you', position: 4 });
    await waitFor(() => expect(document.querySelectorAll('.focal-Item:not(.focal-Item--skeleton)')).toHaveLength(6));
    expect(bodies).toEqual([{ placements: [{ placement: 'pdp-similar', items: ['FR-1', 'FR-2'], limit: 4 }, { placement: 'pdp-complete' }] }]);
    expect(document.querySelector('.focal-Grid')).toBeTruthy();
    expect(document.querySelector('.focal-Carousel')!.getAttribute('aria-label')).toBe('Similar frames');
    const later = document.createElement('div');
    later.dataset.focalPlacement = 'cart-addons';
    document.body.appendChild(later);
    await waitFor(() => expect(later.querySelectorAll('.focal-Item:not(.focal-Item--skeleton)')).toHaveLength(3));
    expect(bodies).toHaveLength(2);
  });

  it('keeps the impressions of slides seen before it has a tracker, and sends them once update() gives one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('IntersectionObserver', FirstTwoInView);
    try {
      const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter(['A', 'B', 'C']).fetch, cache: false });
      document.body.innerHTML = '<div id="w"></div>';
      // an app that creates its tracker later (after consent, in an effect) mounts its widgets first
      const widget = mountCarousel('#w', { client, placement: 'pdp-tracker-later', items: ['FR-1'] });
      await vi.advanceTimersByTimeAsync(1_050); // the two cards in view were seen for a second
      const t = tracker();
      widget.update({ tracker: t });
      expect(t.track.mock.calls.map((c) => `${(c as unknown[])[0]} ${((c as unknown[])[1] as { productId: string }).productId}@${((c as unknown[])[1] as { position: number }).position}`))
        .toEqual(['rec_impression A@0', 'rec_impression B@1']);
      expect((t.track.mock.calls[0] as unknown[])[1]).toMatchObject({ requestId: 'req-9', placement: 'pdp-tracker-later', variant: 'B' });
      // from then on, at once
      (document.querySelectorAll('.focal-Carousel-item a')[0] as HTMLElement).click();
      expect(t.track.mock.calls.at(-1)).toEqual(['rec_click', expect.objectContaining({ productId: 'A', position: 0 })]);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it('holds MAX_UNTRACKED events at most while it has no tracker, the latest', () => {
    let given: TrackerLike | undefined;
    const late = lateTracker(() => given);
    for (let i = 0; i < MAX_UNTRACKED + 5; i++) late.track('rec_impression', { position: i });
    given = tracker();
    late.flush();
    late.flush(); // (each is sent once)
    const positions = (given.track as ReturnType<typeof vi.fn>).mock.calls.map((c) => (c[1] as { position: number }).position);
    expect(positions).toEqual(Array.from({ length: MAX_UNTRACKED }, (_, i) => i + 5));
  });

  it('counts the items a device rerank moves into the slides in view, after those slides were already counted', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('IntersectionObserver', FirstTwoInView);
    try {
      let reversed = false;
      const reranker = { rerank: <T,>(items: T[]) => (reversed ? [...items].reverse() : items) };
      const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter(['A', 'B', 'C', 'D']).fetch, cache: false, reranker });
      const t = tracker();
      document.body.innerHTML = '<div id="w"></div>';
      mountCarousel('#w', { client, tracker: t, placement: 'pdp-reranked-in-view', items: ['FR-1'] });
      const shown = () => [...document.querySelectorAll('.focal-Carousel-item')].slice(0, 2).map((s) => (s as HTMLElement).dataset.focalId);
      const impressions = () => t.track.mock.calls.filter((c) => (c as unknown[])[0] === 'rec_impression').map((c) => `${((c as unknown[])[1] as { productId: string }).productId}@${((c as unknown[])[1] as { position: number }).position}`);
      await vi.advanceTimersByTimeAsync(1_050);
      expect(shown()).toEqual(['A', 'B']);
      expect(impressions()).toEqual(['A@0', 'B@1']);
      // the shopper's session changes the order on the device: D and C are now the two cards in view
      reversed = true;
      client.rerank();
      expect(shown()).toEqual(['D', 'C']);
      await vi.advanceTimersByTimeAsync(1_050);
      expect(impressions()).toEqual(['A@0', 'B@1', 'D@0', 'C@1']);
      // and nothing more while nothing changes
      await vi.advanceTimersByTimeAsync(3_000);
      expect(impressions()).toHaveLength(4);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it('impressions and clicks carry the position the shopper saw: after a device rerank (on arrival, sync or async, and during the dwell), the reranked one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('IntersectionObserver', FirstTwoInView);
    try {
      for (const mode of ['sync', 'async', 'during-dwell'] as const) {
        // the device puts C first: A (server position 0) is shown second, B third
        let on = mode !== 'during-dwell';
        const order = <T extends { id: string }>(items: T[]) => (on ? ['C', 'A', 'B', 'D'].map((id) => items.find((i) => i.id === id)!) : items);
        const reranker = { rerank: <T extends { id: string }>(items: T[]) => (mode === 'async' ? Promise.resolve(order(items)) : order(items)), version: () => 'mlp-1' };
        const client = createRecommendClient({ endpoint: 'https://recs.test', siteKey: 'pk', fetch: adapter(['A', 'B', 'C', 'D']).fetch, cache: false, reranker });
        const t = tracker();
        document.body.innerHTML = '<div id="w"></div>';
        mountCarousel('#w', { client, tracker: t, placement: `pdp-positions-${mode}` });
        await vi.advanceTimersByTimeAsync(mode === 'during-dwell' ? 500 : 0);
        if (!on) {
          on = true;
          client.rerank();
        }
        // (a slide whose content changed counts a full second after it)
        await vi.advanceTimersByTimeAsync(2_000);
        const shown = [...document.querySelectorAll('.focal-Carousel-item')].map((s) => (s as HTMLElement).dataset.focalId);
        expect({ mode, shown }).toEqual({ mode, shown: ['C', 'A', 'B', 'D'] });
        (document.querySelectorAll('.focal-Carousel-item a')[1] as HTMLElement).click();
        const events = t.track.mock.calls.map((c) => `${(c as unknown[])[0]} ${((c as unknown[])[1] as { productId: string }).productId}@${((c as unknown[])[1] as { position: number }).position}`);
        expect({ mode, events }).toEqual({ mode, events: ['rec_impression C@0', 'rec_impression A@1', 'rec_click A@1'] });
        // the link the shopper follows says so too
        expect(document.querySelectorAll('.focal-Carousel-item a')[1]!.getAttribute('href')).toContain('focal_pos=1');
      }
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it('a layout switched by data-focal-layout (a breakpoint) does not send the same answer\'s impressions again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('IntersectionObserver', InFullView);
    try {
      const { fetch, bodies } = adapter(['P', 'Q']);
      document.body.innerHTML = '<div id="w" data-focal-placement="cart-addons" data-focal-layout="carousel"></div>';
      const focal: FocalLike = { track: vi.fn() };
      autoMount(focal, { endpoint: 'https://recs.test', siteKey: 'pk-layout', fetch, cache: false });
      await vi.advanceTimersByTimeAsync(1_050);
      const el = document.getElementById('w')!;
      const impressions = () => (focal.track as ReturnType<typeof vi.fn>).mock.calls.filter((c) => c[0] === 'rec_impression').map((c) => c[1].productId);
      expect(impressions()).toEqual(['P', 'Q']);
      for (const layout of ['grid', 'carousel', 'grid']) {
        el.dataset.focalLayout = layout;
        await vi.advanceTimersByTimeAsync(1_500);
        expect(el.querySelectorAll(`.focal-${layout === 'grid' ? 'Grid' : 'Carousel'}-item a`)).toHaveLength(2);
      }
      expect(bodies).toHaveLength(1);
      expect(impressions()).toEqual(['P', 'Q']);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it('widgets follow the shopper: focal.identify() shows the signed-in answers, a sign-out here or in another tab takes them off screen', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const focal = createFocal({ endpoint: 'https://recs.test', siteKey: 'pk-shopper', storage: false, flushInterval: 3_600_000 });
    try {
      // the adapter answers a signed-in shopper's token with their own picks, anyone else with anonymous ones
      const fetch = (async (_url: string, init: RequestInit) => {
        const name = new Headers(init.headers).get('x-focal-user-token') === 'jwt-alice' ? 'Alice' : 'Anon';
        return Response.json({ results: JSON.parse(String(init.body)).placements.map((p: { placement: string }) => ({ requestId: `req-${name}`, placement: p.placement, strategy: 'blend', items: [candidate(`${name}-1`, 0), candidate(`${name}-2`, 1)] })) });
      }) as unknown as typeof globalThis.fetch;
      document.body.innerHTML = '<div id="for-you" data-focal-placement="home-for-you"></div>';
      autoMount(focal as unknown as FocalLike, { endpoint: 'https://recs.test', siteKey: 'pk-shopper', fetch, cache: false });
      const titles = () => [...document.querySelectorAll('#for-you .focal-Item-title')].map((n) => n.textContent);
      const anonymous = ['Frame Anon-1', 'Frame Anon-2'];
      const alice = ['Frame Alice-1', 'Frame Alice-2'];
      await vi.waitFor(() => expect(titles()).toEqual(anonymous));

      await focal.identify('alice', { token: 'jwt-alice' });
      vi.advanceTimersByTime(1_000);
      await vi.waitFor(() => expect(titles()).toEqual(alice));

      // another tab of the store signs her out (its reset() writes new ids; this tab takes them, without her token)
      localStorage.removeItem('focal.uid');
      localStorage.setItem('focal.aid', 'aid-of-the-other-tab');
      window.dispatchEvent(new StorageEvent('storage', { key: 'focal.aid', newValue: 'aid-of-the-other-tab' }));
      await vi.waitFor(() => expect(focal.userToken).toBeUndefined());
      vi.advanceTimersByTime(1_000);
      expect(titles()).not.toEqual(alice);
      await vi.waitFor(() => expect(titles()).toEqual(anonymous));

      await focal.identify('alice', { token: 'jwt-alice' });
      vi.advanceTimersByTime(1_000);
      await vi.waitFor(() => expect(titles()).toEqual(alice));
      focal.reset(); // she signs out here
      await vi.waitFor(() => expect(focal.anonymousId).not.toBe('aid-of-the-other-tab'));
      vi.advanceTimersByTime(1_000);
      expect(titles()).not.toEqual(alice);
      await vi.waitFor(() => expect(titles()).toEqual(anonymous));
    } finally {
      focal.destroy();
      vi.useRealTimers();
    }
  });

  it('promo slots follow the shopper: focal.identify() shows the student offer, focal.reset() takes it off screen and shows the anonymous promotion', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const focal = createFocal({ endpoint: 'https://recs.test', siteKey: 'pk-promo-shopper', storage: false, flushInterval: 3_600_000 });
    try {
      // the adapter answers a student's token with the student offer (a segment-targeted promotion), anyone else with free shipping
      const { fetch, asked } = promoBySegment();
      document.body.innerHTML = '<div id="hero" data-focal-slot="home-hero"></div>';
      autoMount(focal as unknown as FocalLike, { endpoint: 'https://recs.test', siteKey: 'pk-promo-shopper', fetch, cache: false });
      const title = () => document.querySelector('#hero .focal-Promo-title')?.textContent;
      await vi.waitFor(() => expect(title()).toBe('Free shipping'));

      await focal.identify('u-student', { token: 'jwt-student' });
      vi.advanceTimersByTime(1_000);
      await vi.waitFor(() => expect(title()).toBe('Students save 20 %'));

      focal.reset(); // she signs out
      vi.advanceTimersByTime(1_000);
      expect(title()).not.toBe('Students save 20 %');
      await vi.waitFor(() => expect(title()).toBe('Free shipping'));
      expect(asked).toEqual([null, 'jwt-student', null]);
    } finally {
      focal.destroy();
      vi.useRealTimers();
    }
  });

  it('an element added and removed again before the observer ran (a view an SPA replaced at once) is neither mounted nor asked for', async () => {
    const { fetch, bodies } = adapter();
    document.body.innerHTML = '<main id="app"></main>';
    autoMount({ track: vi.fn() }, { endpoint: 'https://recs.test', siteKey: 'pk-gone', fetch, cache: false });
    await new Promise((r) => setTimeout(r, 0));
    const app = document.getElementById('app')!;
    // the router renders the product view, then (same task) the one it redirects to
    app.innerHTML = '<section><div data-focal-placement="pdp-similar" data-focal-items="FR-OLD"></div></section>';
    const gone = app.firstElementChild!;
    const moved = document.createElement('div');
    moved.dataset.focalPlacement = 'home-trending';
    app.append(moved);
    gone.remove();
    // an element whose attribute changed, then removed
    moved.dataset.focalItems = 'FR-1';
    moved.remove();
    app.innerHTML = '<div data-focal-placement="cart-addons"></div>';
    await waitFor(() => expect(app.querySelectorAll('.focal-Carousel-item a')).toHaveLength(3));
    await new Promise((r) => setTimeout(r, 10));
    expect(bodies.map((b) => b.placements.map((p) => p.placement))).toEqual([['cart-addons']]);
  });

  it('an element mounted by hand keeps its options when a data-focal-* attribute changes', async () => {
    const { fetch, bodies } = adapter();
    document.body.innerHTML = '<div id="hand" data-focal-items="FR-1"></div>';
    const focal: FocalLike = { track: vi.fn() };
    autoMount(focal, { endpoint: 'https://recs.test', siteKey: 'pk-hand', fetch, cache: false }); // (its own client)
    const el = document.getElementById('hand')!;
    focal.mount!(el, { placement: 'pdp-similar', limit: 3, title: 'By hand' });
    await waitFor(() => expect(el.querySelectorAll('.focal-Item:not(.focal-Item--skeleton)')).toHaveLength(3));
    el.dataset.focalItems = 'FR-2';
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toEqual({ placements: [{ placement: 'pdp-similar', items: ['FR-2'], limit: 3 }] });
    await waitFor(() => expect(el.querySelector('[aria-label]')?.getAttribute('aria-label')).toBe('By hand'));
  });

  it('focal.mount(el, options) again on an element it mounted (an SPA\'s next product) mounts it with the new options; without options it keeps the widget', async () => {
    const { fetch, bodies } = adapter();
    document.body.innerHTML = '<div id="hand"></div>';
    const focal: FocalLike = { track: vi.fn() };
    autoMount(focal, { endpoint: 'https://recs.test', siteKey: 'pk-hand-again', fetch, cache: false });
    const first = focal.mount!('#hand', { placement: 'pdp-similar', items: ['FR-1'], title: 'Similar to FR-1' });
    await waitFor(() => expect(document.querySelectorAll('#hand .focal-Carousel-item a')).toHaveLength(3));
    expect(focal.mount!('#hand')).toBe(first);
    const second = focal.mount!('#hand', { placement: 'pdp-similar', items: ['FR-2'], title: 'Similar to FR-2' });
    expect(second).not.toBe(first);
    await waitFor(() => expect(bodies.map((b) => b.placements[0].items)).toEqual([['FR-1'], ['FR-2']]));
    await waitFor(() => expect(document.querySelector('#hand .focal-Carousel')!.getAttribute('aria-label')).toBe('Similar to FR-2'));
    expect(document.querySelectorAll('#hand .focal-Placement')).toHaveLength(1);
  });

  it('focal.mount(el, options) again with equal options (an SPA that mounts on every render) keeps the widget, and the shopper\'s focus in it', async () => {
    const { fetch, bodies } = adapter();
    document.body.innerHTML = '<div id="hand"></div>';
    const focal: FocalLike = { track: vi.fn() };
    autoMount(focal, { endpoint: 'https://recs.test', siteKey: 'pk-hand-same', fetch, cache: false });
    const itemTemplate = ({ fields }: { fields: { title: string; href: string } }) => h('a', { href: fields.href }, fields.title);
    // written inline, as an app's render does: new arrays and objects on every call
    const options = () => ({ placement: 'pdp-similar', items: ['FR-1'], limit: 3, title: 'Similar', translations: { next: 'Weiter' }, templates: { item: itemTemplate } });
    const first = focal.mount!('#hand', options());
    await waitFor(() => expect(document.querySelectorAll('#hand .focal-Carousel-item a')).toHaveLength(3));
    const link = document.querySelectorAll<HTMLElement>('#hand .focal-Carousel-item a')[1];
    link.focus();
    const again = [1, 2, 3].map(() => focal.mount!('#hand', options()));
    expect(document.activeElement).toBe(link);
    expect(link.isConnected).toBe(true);
    expect(again.every((widget) => widget === first)).toBe(true);
    expect(bodies).toHaveLength(1);
    // another option, or another function (a callback that may close over other data), mounts anew
    const other = focal.mount!('#hand', { ...options(), title: 'Similar frames' });
    expect(other).not.toBe(first);
    expect(focal.mount!('#hand', { ...options(), title: 'Similar frames' })).toBe(other);
    expect(focal.mount!('#hand', { ...options(), title: 'Similar frames', templates: { item: (props: Parameters<typeof itemTemplate>[0]) => itemTemplate(props) } })).not.toBe(other);
    expect(focal.mount!('#hand', { ...options(), items: ['FR-1', 'FR-2'] })).not.toBe(other);
  });

  it('focal.mount(el, options) it refuses (limit: 0) on an element it mounted warns what to fix and keeps the widget there (not an empty element)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { fetch, bodies } = adapter();
      document.body.innerHTML = '<div id="hand"></div>';
      const focal: FocalLike = { track: vi.fn() };
      autoMount(focal, { endpoint: 'https://recs.test', siteKey: 'pk-hand-refused', fetch, cache: false });
      const titles = () => [...document.querySelectorAll('#hand .focal-Item-title')].map((n) => n.textContent);
      const first = focal.mount!('#hand', { placement: 'pdp-similar', items: ['FR-1'], title: 'Similar' });
      await waitFor(() => expect(titles()).toEqual(['Frame A', 'Frame B', 'Frame C']));
      expect(focal.mount!('#hand', { placement: 'pdp-similar', items: ['FR-2'], limit: 0 })).toBe(first);
      expect(warn).toHaveBeenLastCalledWith(expect.stringMatching(/^focal: limit must be a whole number from 1 to \d+; got 0/));
      expect(titles()).toEqual(['Frame A', 'Frame B', 'Frame C']);
      expect(focal.mount!('#hand')).toBe(first);
      // fixed, it mounts
      focal.mount!('#hand', { placement: 'pdp-similar', items: ['FR-2'], limit: 2 });
      await waitFor(() => expect(bodies.map((b) => b.placements)).toEqual([[{ placement: 'pdp-similar', items: ['FR-1'] }], [{ placement: 'pdp-similar', items: ['FR-2'], limit: 2 }]]));
      expect(document.querySelectorAll('#hand .focal-Placement')).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('data-focal-priority on a promo slot at the top of the page loads its image at once (fetchpriority high), without a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const image = { url: '/hero.svg', alt: 'Students in round frames', width: 1200, height: 500 };
      const fetch = (async (url: string | URL | Request) => {
        const slot = new URL(String(url)).searchParams.get('slot')!;
        return Response.json({ slot, promotions: [{ id: `promo-${slot}`, slot, title: slot, image, priority: 1, source: 'local' }] });
      }) as typeof globalThis.fetch;
      document.body.innerHTML = '<div id="hero" data-focal-slot="home-hero" data-focal-priority></div><div id="cart" data-focal-slot="cart-banner"></div>';
      autoMount({ track: vi.fn() }, { endpoint: 'https://recs.test', siteKey: 'pk-priority', fetch, cache: false });
      const img = (id: string) => document.querySelector(`#${id} img.focal-Promo-image`);
      await waitFor(() => expect(img('hero') && img('cart')).toBeTruthy());
      expect(['loading', 'fetchpriority'].map((a) => img('hero')!.getAttribute(a))).toEqual([null, 'high']);
      expect(['loading', 'fetchpriority'].map((a) => img('cart')!.getAttribute(a))).toEqual(['lazy', null]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('focal.mount(el, { layout }) refuses a layout other than carousel, grid and bundle, naming them, instead of a carousel; data-focal-layout="list" is left out as before', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { fetch, bodies } = adapter();
      document.body.innerHTML = '<div id="l"></div><div id="d" data-focal-placement="home-trending" data-focal-layout="list"></div>';
      const focal: FocalLike = { track: vi.fn() };
      autoMount(focal, { endpoint: 'https://recs.test', siteKey: 'pk-bad-layout', fetch, cache: false });
      for (const layout of ['list', 'Grid', 'slider']) {
        expect(focal.mount!('#l', { placement: 'pdp-similar', layout: layout as never })).toBeUndefined();
        expect(warn).toHaveBeenLastCalledWith(`focal: layout ${JSON.stringify(layout)} is not a layout; use "carousel" (the default), "grid" or "bundle"`);
      }
      expect(document.getElementById('l')!.innerHTML).toBe('');
      // the attribute: named in a warning, left out (readDataset no longer hands it on), the widget a carousel
      expect(readDataset(document.getElementById('d')!).layout).toBeUndefined();
      await waitFor(() => expect(document.querySelectorAll('#d .focal-Carousel-item a')).toHaveLength(3));
      expect(bodies.flatMap((b) => b.placements.map((p) => p.placement))).toEqual(['home-trending']);
    } finally {
      warn.mockRestore();
    }
  });

  it('focal.mount(el, { layout }) mounts that layout (over data-focal-layout), and its type takes layout', async () => {
    const { fetch } = adapter(['A', 'B', 'C']);
    document.body.innerHTML = '<div id="g" data-focal-layout="carousel"></div><div id="b"></div>';
    const focal: FocalLike = { track: vi.fn() };
    const mount = autoMount(focal, { endpoint: 'https://recs.test', siteKey: 'pk-hand-layout', fetch, cache: false });
    // (checked by the typecheck: `layout` was missing from the type, so TypeScript callers could not pass it)
    expectTypeOf<NonNullable<Parameters<NonNullable<FocalLike['mount']>>[1]>['layout']>().toEqualTypeOf<'carousel' | 'grid' | 'bundle' | undefined>();
    expectTypeOf<NonNullable<Parameters<typeof mount>[1]>['layout']>().toEqualTypeOf<'carousel' | 'grid' | 'bundle' | undefined>();
    // @ts-expect-error a layout other than the three
    void (() => focal.mount!('#g', { placement: 'pdp-similar', layout: 'list' }));
    focal.mount!('#g', { placement: 'pdp-similar', layout: 'grid' });
    mount('#b', { placement: 'pdp-bundle', layout: 'bundle' });
    const grid = document.getElementById('g')!;
    const bundle = document.getElementById('b')!;
    await waitFor(() => expect(grid.querySelectorAll('.focal-Grid-item .focal-Item:not(.focal-Item--skeleton)')).toHaveLength(3));
    expect(grid.querySelector('.focal-Carousel')).toBeNull();
    await waitFor(() => expect(bundle.querySelectorAll('.focal-Bundle-add')).toHaveLength(1));
  });
});
