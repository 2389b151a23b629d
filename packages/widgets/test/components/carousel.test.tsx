// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { Carousel } from '../../src/components/Carousel.js';
import type { ViewProps } from '../../src/components/types.js';
import { cachedAfterError, empty, failed, loading, ready } from '../fixtures.js';

afterEach(cleanup);
const base = { placement: 'pdp-similar', title: 'Similar frames', locale: 'de-DE' };
const view = (props: Partial<ViewProps>) => render(<Carousel {...base} state={ready()} {...props} />);

describe('Carousel states', () => {
  it('loading: a labelled busy region with skeleton slides in reserved space and disabled buttons', () => {
    const { container } = view({ state: loading, slots: 5, height: 320 });
    const region = screen.getByRole('region', { name: 'Similar frames' });
    expect(region.getAttribute('aria-busy')).toBe('true');
    expect(region.getAttribute('aria-roledescription')).toBe('carousel');
    expect(region.style.minHeight).toBe('320px');
    expect(container.querySelectorAll('.focal-Item--skeleton')).toHaveLength(5);
    expect(screen.getByText('Loading recommendations')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Previous items' }).getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('button', { name: 'Next items' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('ready: slides labelled "n of N" with attributed links, localised prices and sized lazy images', () => {
    const { container } = view({ showReason: true });
    const slides = screen.getAllByRole('group');
    expect(slides.map((s) => s.getAttribute('aria-label'))).toEqual(['1 of 3', '2 of 3', '3 of 3']);
    expect(slides[0].getAttribute('aria-roledescription')).toBe('slide');
    const link = screen.getByRole('link', { name: /Frame B/ });
    expect(link.getAttribute('href')).toBe('https://shop.example/p/B?focal_rid=req-1&focal_pl=pdp-similar&focal_pos=1');
    expect(link.textContent!.replace(/\s/g, ' ')).toContain('110,00 €');
    expect(link.textContent).toContain('Bought with B');
    const img = container.querySelector('img')!;
    expect([img.getAttribute('width'), img.getAttribute('height'), img.getAttribute('loading')]).toEqual(['300', '300', 'lazy']);
    expect(container.querySelector('[aria-busy]')).toBeNull();
  });

  it('clicks report the item and its position', () => {
    const onItemClick = vi.fn();
    view({ onItemClick });
    fireEvent.click(screen.getByRole('link', { name: /Frame C/ }));
    expect(onItemClick).toHaveBeenCalledWith(expect.objectContaining({ id: 'C' }), 2);
  });

  it('empty: collapses to nothing, or to the empty template', () => {
    expect(view({ state: empty }).container.innerHTML).toBe('');
    cleanup();
    view({ state: empty, templates: { empty: () => <p>Nothing to suggest yet</p> } });
    expect(screen.getByText('Nothing to suggest yet')).toBeTruthy();
  });

  it('error without items: a plain sentence and a retry, no raw error text', () => {
    const onRetry = vi.fn();
    const { container } = view({ state: failed, onRetry });
    expect(container.textContent).toBe('Recommendations are unavailable right now.Try again');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('cached: last-good items show like fresh ones, also after an error (no error text)', () => {
    view({ state: { ...ready(['A', 'B']), source: 'cache' } });
    expect(screen.getAllByRole('group')).toHaveLength(2);
    cleanup();
    view({ state: cachedAfterError(['A', 'B']) });
    expect(screen.getAllByRole('group')).toHaveLength(2);
    expect(screen.getByRole('link', { name: /Frame A/ }).getAttribute('href')).toContain('focal_rid=req-1');
    expect(document.body.textContent).not.toMatch(/unavailable|Try again/);
  });

  it('arrow keys, Home and End move focus between slides', () => {
    view({ state: ready(['A', 'B', 'C', 'D']) });
    const links = screen.getAllByRole('link');
    links[0].focus();
    fireEvent.keyDown(links[0], { key: 'ArrowRight' });
    expect(document.activeElement).toBe(links[1]);
    fireEvent.keyDown(links[1], { key: 'End' });
    expect(document.activeElement).toBe(links[3]);
    fireEvent.keyDown(links[3], { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(links[2]);
    fireEvent.keyDown(links[2], { key: 'Home' });
    expect(document.activeElement).toBe(links[0]);
  });

  it('ids derive from `id`, so two views of one placement do not collide; previous/next control the list', () => {
    render(<><Carousel {...base} id="top" state={ready()} /><Carousel {...base} id="bottom" state={ready()} /></>);
    const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
    expect(ids).toEqual(['top-list', 'bottom-list']);
    const controls = screen.getAllByRole('button').map((b) => b.getAttribute('aria-controls'));
    expect(controls).toEqual(['top-list', 'top-list', 'bottom-list', 'bottom-list']);
    cleanup();
    view({});
    expect(document.querySelector('.focal-Carousel-list')!.id).toBe('focal-pdp-similar-list');
  });

  it('debug shows server rank → device rank', () => {
    const state = ready(['A', 'B']);
    state.items.reverse();
    view({ state, debug: true });
    expect(screen.getAllByText(/server #/).map((n) => n.textContent)).toEqual(['server #2 → device #1', 'server #1 → device #2']);
  });

  it('promo tiles sit among the slides and count in "n of N"', () => {
    const onPromoClick = vi.fn();
    view({ promos: [{ id: 'pr', slot: 's', title: 'Students save 20 %', priority: 1, source: 'local', cta: { label: 'See offer', url: '/students' } }], onPromoClick });
    const slides = screen.getAllByRole('group');
    expect(slides).toHaveLength(4);
    expect(slides[1].getAttribute('data-focal-promo')).toBe('pr');
    expect(slides[2].getAttribute('data-focal-pos')).toBe('1');
    fireEvent.click(screen.getByRole('link', { name: /Students save/ }));
    expect(onPromoClick).toHaveBeenCalledWith(expect.objectContaining({ id: 'pr' }), 0);
  });

  it('a promo tile without a call to action is not a link (no href="#" that jumps to the top of the page)', () => {
    view({ promos: [{ id: 'brand', slot: 's', title: 'Made in Jura since 1921', priority: 1, source: 'contentful', image: { url: 'https://images.ctfassets.net/s/a/b/jura.jpg', alt: 'Workshop' } }] });
    const tile = screen.getAllByRole('group')[1];
    expect(tile.getAttribute('data-focal-promo')).toBe('brand');
    expect(tile.textContent).toContain('Made in Jura since 1921');
    expect(tile.querySelector('a')).toBeNull();
    expect(tile.querySelector('[href]')).toBeNull();
  });
});

describe('Carousel overrides', () => {
  it('item, header and layout templates, classNames and translations', () => {
    const { container } = view({
      templates: {
        item: ({ fields, position }) => <a href={fields.href} class="my-card">{position}: {fields.title} ({fields.price})</a>,
        header: ({ title }) => <h3>{title} for you</h3>,
      },
      classNames: { root: 'my-root', list: 'my-list', item: 'my-slide', button: 'my-button' },
      translations: { previous: 'Zurück', next: 'Weiter', slideLabel: (n, count) => `${n} von ${count}` },
    });
    expect(screen.getByRole('heading', { name: 'Similar frames for you' })).toBeTruthy();
    expect(container.querySelector('.my-card')!.textContent!.replace(/\s/g, ' ')).toBe('0: Frame A (100,00 €)');
    expect(container.querySelector('section')!.className).toContain('my-root');
    expect(container.querySelector('.focal-Carousel-list.my-list')).toBeTruthy();
    expect(container.querySelectorAll('.focal-Carousel-item.my-slide')).toHaveLength(3);
    expect(screen.getByRole('button', { name: 'Weiter' }).className).toContain('my-button');
    expect(screen.getAllByRole('group')[0].getAttribute('aria-label')).toBe('1 von 3');
    cleanup();
    view({ templates: { layout: ({ header, slides }) => <div class="my-layout">{header}<div>{slides}</div></div> } });
    expect(document.querySelectorAll('.my-layout > div > [role="group"]')).toHaveLength(3);
  });

  it('a layout that places the ready-made list keeps the buttons and arrow keys working', () => {
    view({ id: 'x', templates: { layout: ({ header, list }) => <div class="my-layout"><p>Picked for you</p>{list}{header}</div> } });
    const list = document.querySelector('.my-layout > .focal-Carousel-list')!;
    expect(list.id).toBe('x-list');
    expect(screen.getByRole('button', { name: 'Next items' }).getAttribute('aria-controls')).toBe('x-list');
    const links = screen.getAllByRole('link');
    links[0].focus();
    fireEvent.keyDown(links[0], { key: 'ArrowRight' });
    expect(document.activeElement).toBe(links[1]);
  });

  it('a header template replaces the title (also with nothing) and keeps the buttons', () => {
    view({ templates: { header: () => null } });
    expect(screen.queryByRole('heading')).toBeNull();
    expect(screen.getAllByRole('button')).toHaveLength(2);
    expect(screen.getByRole('region', { name: 'Similar frames' })).toBeTruthy();
  });

  it('untitled carousels are labelled by their placement, so two on one page are told apart', () => {
    view({ title: undefined });
    view({ title: undefined, placement: 'home-trending' });
    expect(screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'))).toEqual(['Recommendations: pdp similar', 'Recommendations: home trending']);
  });

  it('classNames reach the header, title, controls and error; translations every text', () => {
    const { container } = view({
      classNames: { header: 'my-header', title: 'my-title', controls: 'my-controls' },
      translations: { carousel: 'Karussell', slide: 'Folie', previous: 'Zurück', recommendations: 'Empfehlungen' }, title: undefined,
    });
    expect(container.querySelector('.focal-Placement-header.my-header .focal-Carousel-controls.my-controls')).toBeTruthy();
    const region = screen.getByRole('region', { name: 'Empfehlungen: pdp similar' });
    expect(region.getAttribute('aria-roledescription')).toBe('Karussell');
    expect(screen.getAllByRole('group')[0].getAttribute('aria-roledescription')).toBe('Folie');
    expect(screen.getByRole('button', { name: 'Zurück' })).toBeTruthy();
    cleanup();
    view({ title: undefined, translations: { untitled: (r, placement) => `${r} – ${placement === 'pdp-similar' ? 'Ähnliche Brillen' : placement}` } });
    expect(screen.getByRole('region', { name: 'Recommendations – Ähnliche Brillen' })).toBeTruthy();
    cleanup();
    view({ title: 'Ähnliche', classNames: { title: 'my-title' } });
    expect(screen.getByRole('heading', { name: 'Ähnliche' }).className).toBe('focal-Placement-title my-title');
    cleanup();
    view({ state: failed, onRetry: () => {}, classNames: { error: 'my-error', button: 'my-button' }, translations: { unavailable: 'Nicht verfügbar.', retry: 'Nochmal' } });
    expect(document.querySelector('.focal-Placement--error.my-error')!.textContent).toBe('Nicht verfügbar.Nochmal');
    expect(screen.getByRole('button', { name: 'Nochmal' }).className).toContain('my-button');
    cleanup();
    view({ state: loading, translations: { loading: 'Lädt' } });
    expect(screen.getByText('Lädt').className).toBe('focal-sr');
  });
});

describe('translations given in part', () => {
  it('one left undefined (a locale file that lacks it) keeps the default: buttons keep their names, slides their labels, "Try again" its words', () => {
    // as `translations: { previous: messages.previous, next: messages.next, … }` gives them when `messages` lacks some
    const partial = { previous: 'Zurück', next: undefined, slideLabel: undefined, retry: undefined, unavailable: null } as never;
    view({ translations: partial, locale: 'en' });
    expect(screen.getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Zurück', 'Next items']);
    expect(screen.getAllByRole('group').map((s) => s.getAttribute('aria-label'))).toEqual(['1 of 3', '2 of 3', '3 of 3']);
    cleanup();
    view({ state: failed, onRetry: () => {}, translations: partial });
    expect(screen.getByRole('button').textContent).toBe('Try again');
    expect(screen.getByRole('status').textContent).toContain('Recommendations are unavailable right now.');
  });

  it('one of the wrong kind (words where a function is wanted, or the reverse) is refused naming it', () => {
    expect(() => view({ translations: { slideLabel: '1 of 3' } as never })).toThrow('focal: translations.slideLabel must be a function; got string');
    expect(() => view({ translations: { next: () => 'Weiter' } as never })).toThrow('focal: translations.next must be a string; got function');
  });
});
