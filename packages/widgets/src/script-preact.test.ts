// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import * as realPreact from 'preact';
import * as realCarousel from './components/Carousel.js';
import * as realGrid from './components/Grid.js';
import * as realBundle from './components/Bundle.js';
import * as realPromo from './components/PromoBanner.js';
import type { ContentState, PlacementState, Promotion } from '@focal/sdk-core';
import { cachedAfterError, empty, failed, loading, ready } from '../test/fixtures.js';

// The script tag replaces Preact by script-preact.ts: the components, compiled against it, must render the same DOM.
vi.resetModules();
vi.doMock('preact', () => import('./script-preact.js'));
vi.doMock('preact/jsx-runtime', () => import('./script-preact.js'));
const mini = {
  preact: await import('./script-preact.js'),
  Carousel: (await import('./components/Carousel.js')).Carousel,
  Grid: (await import('./components/Grid.js')).Grid,
  Bundle: (await import('./components/Bundle.js')).Bundle,
  PromoBanner: (await import('./components/PromoBanner.js')).PromoBanner,
};
vi.doUnmock('preact');
vi.doUnmock('preact/jsx-runtime');
const real = { preact: realPreact, Carousel: realCarousel.Carousel, Grid: realGrid.Grid, Bundle: realBundle.Bundle, PromoBanner: realPromo.PromoBanner };
type Impl = typeof real;

const promo: Promotion = { id: 'promo-1', slot: 'pdp-tiles', title: 'Student offer', priority: 1, source: 'local', image: { url: 'https://shop.example/s.jpg', alt: 'Students' }, cta: { label: 'See it', url: '/students' } };
const reranked = (): PlacementState => ({ ...ready(['C', 'A', 'B']), source: 'reranked' });
const content = (status: ContentState['status'], promotions: Promotion[] = []): ContentState => ({ status, slot: 'home-hero', promotions });

/** Each step: which component, with which props. Rendered in order into one container, as a widget re-renders. */
const sequences: Record<string, Array<(impl: Impl) => unknown>> = {
  carousel: [
    (i) => i.preact.h(i.Carousel, { placement: 'pdp-similar', title: 'Similar', state: loading, slots: 3, height: 320 }),
    (i) => i.preact.h(i.Carousel, { placement: 'pdp-similar', title: 'Similar', state: ready(), promos: [promo], height: 320, showReason: true }),
    (i) => i.preact.h(i.Carousel, { placement: 'pdp-similar', title: 'Similar', state: reranked(), promos: [promo], debug: true, classNames: { list: 'mine' } }),
    (i) => i.preact.h(i.Carousel, { placement: 'pdp-similar', state: cachedAfterError(), translations: { next: 'Suivant' } }),
    (i) => i.preact.h(i.Carousel, { placement: 'pdp-similar', state: failed, onRetry: () => {} }),
    (i) => i.preact.h(i.Carousel, { placement: 'pdp-similar', state: ready(['D']) }),
    (i) => i.preact.h(i.Carousel, { placement: 'pdp-similar', state: empty }),
    (i) => i.preact.h(i.Carousel, { placement: 'pdp-similar', state: ready(['E', 'F']), locale: 'de-DE', height: 0 }),
  ],
  grid: [
    (i) => i.preact.h(i.Grid, { placement: 'home-trending', title: 'Trending', state: loading, slots: 6 }),
    (i) => i.preact.h(i.Grid, { placement: 'home-trending', title: 'Trending', state: ready() }),
    (i) => i.preact.h(i.Grid, { placement: 'home-trending', state: failed, onRetry: () => {} }),
  ],
  bundle: [
    (i) => i.preact.h(i.Bundle, { placement: 'pdp-bundle', state: loading, selected: [], onToggle: () => {}, onAddAll: () => {} }),
    (i) => i.preact.h(i.Bundle, { placement: 'pdp-bundle', title: 'Together', locale: 'en-GB', state: ready(), anchor: { id: 'FR-1', title: 'Aria', price: 129, currency: 'EUR', url: '/p/FR-1' }, selected: ['A', 'B'], onToggle: () => {}, onAddAll: () => {} }),
    (i) => i.preact.h(i.Bundle, { placement: 'pdp-bundle', title: 'Together', locale: 'en-GB', state: ready(), selected: ['B'], onToggle: () => {}, onAddAll: () => {} }),
    (i) => i.preact.h(i.Bundle, { placement: 'pdp-bundle', state: failed, selected: [], onToggle: () => {}, onAddAll: () => {} }),
  ],
  promo: [
    (i) => i.preact.h(i.PromoBanner, { state: content('loading'), height: 360 }),
    (i) => i.preact.h(i.PromoBanner, { state: content('ready', [promo]) }),
    (i) => i.preact.h(i.PromoBanner, { state: content('ready', [{ ...promo, image: undefined, body: 'Ten percent off' }]) }),
    (i) => i.preact.h(i.PromoBanner, { state: content('empty') }),
  ],
};

const container = () => document.body.appendChild(document.createElement('div'));

/** The DOM as markup with attributes in name order (their order carries no meaning). */
function markup(node: Node): string {
  if (node.nodeType === 3) return `${JSON.stringify((node as Text).data)}`;
  const el = node as Element;
  const attributes = Array.from(el.attributes, (a) => ` ${a.name}=${JSON.stringify(a.value)}`).sort().join('');
  return `<${el.localName}${attributes}>${Array.from(el.childNodes, markup).join('')}</${el.localName}>`;
}
const inner = (el: Element) => Array.from(el.childNodes, markup).join('');

describe('script-preact renders the components as Preact does', () => {
  it('the components under test are compiled against script-preact (its vnodes)', () => {
    const vnode = mini.Grid({ placement: 'home-trending', state: ready() }) as object;
    expect(Object.keys(vnode)).toEqual(['type', 'props', 'constructor']);
    expect(Object.keys(real.Grid({ placement: 'home-trending', state: ready() }) as object)).not.toEqual(['type', 'props', 'constructor']);
  });

  it.each(Object.keys(sequences))('%s: the same DOM after every step', (name) => {
    const a = container();
    const b = container();
    for (const step of sequences[name]) {
      real.preact.render(step(real) as never, a);
      mini.preact.render(step(mini as unknown as Impl), b);
      expect(inner(b)).toBe(inner(a));
    }
    real.preact.render(null, a);
    mini.preact.render(null, b);
    expect(b.innerHTML).toBe('');
  });

  it('replaces what the element held before the first render (Preact would leave what it cannot reuse)', () => {
    const b = container();
    b.innerHTML = '<p>Loading…</p><span>old</span>';
    mini.preact.render(mini.preact.h('p', { class: 'x' }, 'new'), b);
    expect(b.innerHTML).toBe('<p class="x">new</p>');
  });

  it('keeps the list element when the loading line and skeletons go (no node moves, no repurposed list)', () => {
    const el = container();
    mini.preact.render(mini.preact.h(mini.Carousel, { placement: 'pdp-similar', title: 'Similar', state: loading }), el);
    const list = el.querySelector('.focal-Carousel-list');
    const header = el.querySelector('.focal-Placement-header');
    mini.preact.render(mini.preact.h(mini.Carousel, { placement: 'pdp-similar', title: 'Similar', state: ready() }), el);
    expect(el.querySelector('.focal-Carousel-list')).toBe(list);
    expect(el.querySelector('.focal-Placement-header')).toBe(header);
  });

  it('keeps the DOM nodes across re-renders, so focus and scroll survive a rerank', () => {
    const el = container();
    const props = { placement: 'pdp-similar', title: 'Similar' };
    mini.preact.render(mini.preact.h(mini.Carousel, { ...props, state: ready() }), el);
    const list = el.querySelector('.focal-Carousel-list');
    const link = el.querySelector<HTMLAnchorElement>('.focal-Item')!;
    link.focus();
    mini.preact.render(mini.preact.h(mini.Carousel, { ...props, state: reranked() }), el);
    expect(el.querySelector('.focal-Carousel-list')).toBe(list);
    expect(el.querySelector('.focal-Item')).toBe(link);
    expect(document.activeElement).toBe(link);
    expect(link.getAttribute('href')).toContain('/p/C');
  });

  it('calls the current handler once per event, after any number of re-renders, and removes it when gone', () => {
    const el = container();
    const clicks: string[] = [];
    const draw = (state: PlacementState, withHandler = true) => mini.preact.render(mini.preact.h(mini.Carousel, {
      placement: 'pdp-similar', state, onItemClick: withHandler ? (item: { id: string }) => clicks.push(item.id) : undefined,
    }), el);
    draw(ready());
    draw(ready());
    draw(reranked());
    el.querySelector<HTMLElement>('.focal-Item')!.click();
    expect(clicks).toEqual(['C']);
    draw(reranked(), false);
    el.querySelector<HTMLElement>('.focal-Item')!.click();
    expect(clicks).toEqual(['C']);
  });

  it('keeps a controlled checkbox in step with its prop, as Preact does', () => {
    for (const impl of [real, mini as unknown as Impl]) {
      const el = container();
      const draw = () => impl.preact.render(impl.preact.h(impl.Bundle, { placement: 'pdp-bundle', state: ready(), selected: ['A'], onToggle: draw, onAddAll: () => {} }) as never, el);
      draw();
      const box = el.querySelector<HTMLInputElement>('input[type=checkbox]')!;
      box.click(); // the shopper unticks; the selection (the prop) says ticked
      expect(box.checked).toBe(true);
    }
  });

  it('calls refs with the element after every render, once it is in the document (as Preact does with inline ref callbacks)', () => {
    const el = container();
    const seen: Array<[string, boolean]> = [];
    const ref = (e: Element) => seen.push([e.localName, e.isConnected]);
    mini.preact.render(mini.preact.h('div', null, mini.preact.h('span', { ref }), mini.preact.h('b', { ref })), el);
    mini.preact.render(mini.preact.h('div', null, mini.preact.h('span', { ref }), mini.preact.h('b', { ref })), el);
    expect(seen).toEqual([['span', true], ['b', true], ['span', true], ['b', true]]);
  });

  it('renders objects that are not vnodes (e.g. from JSON) as nothing, like Preact', () => {
    const a = container();
    const b = container();
    const forged = JSON.parse('{"type":"img","props":{"src":"x","onerror":"alert(1)"}}');
    real.preact.render(real.preact.h('p', null, 'a', forged, 'b') as never, a);
    mini.preact.render(mini.preact.h('p', null, 'a', forged, 'b'), b);
    expect(b.innerHTML).toBe(a.innerHTML);
    expect(b.querySelector('img')).toBeNull();
  });
});
