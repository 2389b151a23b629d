// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { Carousel } from '../../src/components/Carousel.js';
import { Grid } from '../../src/components/Grid.js';
import { Bundle } from '../../src/components/Bundle.js';
import { PromoBanner } from '../../src/components/PromoBanner.js';
import { formatPrice } from '../../src/format/price.js';
import { cachedAfterError, empty, failed, loading, ready } from '../fixtures.js';

afterEach(cleanup);
const nbsp = (s: string | null) => (s ?? '').replace(/\s/g, ' ');

describe('Grid', () => {
  it('renders a list of items, a same-sized skeleton while loading, collapses when empty and offers a retry on error', () => {
    const { container, rerender } = render(<Grid placement="home-trending" title="Trending" state={loading} slots={6} />);
    expect(container.querySelectorAll('li .focal-Item--skeleton')).toHaveLength(6);
    rerender(<Grid placement="home-trending" title="Trending" state={ready()} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    expect(screen.getByRole('region', { name: 'Trending' })).toBeTruthy();
    rerender(<Grid placement="home-trending" state={empty} />);
    expect(container.innerHTML).toBe('');
    const onRetry = vi.fn();
    rerender(<Grid placement="home-trending" state={failed} onRetry={onRetry} />);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalled();
    rerender(<Grid placement="home-trending" state={cachedAfterError(['A'])} classNames={{ list: 'my-grid' }} />);
    expect(container.querySelectorAll('.my-grid li')).toHaveLength(1);
  });
});

describe('prices', () => {
  it('a locale written with an underscore (de_DE, as PHP and server templates write it) formats as de-DE, not in English', () => {
    const { container } = render(<Grid placement="home-trending" state={ready(['A', 'B'])} locale="de_DE" />);
    expect([...container.querySelectorAll('.focal-Item-price')].map((p) => nbsp(p.textContent))).toEqual(['100,00 €', '110,00 €']);
    expect(formatPrice(1234.5, 'CHF', 'de_CH')).toBe(formatPrice(1234.5, 'CHF', 'de-CH'));
    expect(formatPrice(1234.5, 'CHF', 'de_CH')).not.toBe(formatPrice(1234.5, 'CHF', 'en'));
  });
});

describe('Grid overrides', () => {
  it('item, header, empty and layout templates and classNames', () => {
    const { container, rerender } = render(<Grid placement="home-trending" title="Trending" state={ready()}
      templates={{ item: ({ fields, position }) => <a href={fields.href}>{position + 1}. {fields.title}</a>, header: ({ title, state }) => <h3>{title} ({state.items.length})</h3> }}
      classNames={{ root: 'my-root', item: 'my-item', header: 'my-header' }} />);
    expect(screen.getByRole('heading', { name: 'Trending (3)' }).parentElement!.className).toBe('focal-Placement-header my-header');
    expect(screen.getAllByRole('listitem').map((li) => [li.className, li.textContent])).toEqual([
      ['focal-Grid-item my-item', '1. Frame A'], ['focal-Grid-item my-item', '2. Frame B'], ['focal-Grid-item my-item', '3. Frame C']]);
    expect(container.querySelector('section.focal-Grid.my-root')).toBeTruthy();
    rerender(<Grid placement="home-trending" state={ready()} templates={{ layout: ({ list, header }) => <div class="my-layout">{list}{header}</div> }} />);
    expect(container.querySelectorAll('.my-layout > ul.focal-Grid-list > li')).toHaveLength(3);
    rerender(<Grid placement="home-trending" state={empty} templates={{ empty: ({ state }) => <p>Nothing yet ({state.status})</p> }} />);
    expect(container.textContent).toBe('Nothing yet (empty)');
  });
});

describe('Bundle', () => {
  const anchor = { id: 'FR-1', title: 'Aria Round', price: 129, currency: 'EUR', url: '/p/FR-1' };
  it('shows the anchor, ticked picks, the total and one add-all button that follows the selection', () => {
    const onToggle = vi.fn();
    const onAddAll = vi.fn();
    const state = ready(['LENS', 'CASE', 'CLOTH']);
    const { rerender } = render(<Bundle placement="pdp-bundle" title="Frequently bought together" locale="en-GB" state={state} anchor={anchor} selected={['LENS', 'CASE']} onToggle={onToggle} onAddAll={onAddAll} />);
    expect(screen.getByText('This item')).toBeTruthy();
    expect(screen.getAllByRole('checkbox')).toHaveLength(2);
    expect(nbsp(screen.getByText(/Total price/).textContent)).toBe(`Total price: ${formatPrice(129 + 100 + 110, 'EUR', 'en-GB')}`);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Frame CASE' }));
    expect(onToggle).toHaveBeenCalledWith('CASE');
    fireEvent.click(screen.getByRole('button', { name: 'Add all 2 to cart' }));
    expect(onAddAll).toHaveBeenCalledOnce();
    rerender(<Bundle placement="pdp-bundle" locale="en-GB" state={state} anchor={anchor} selected={['LENS']} onToggle={onToggle} onAddAll={onAddAll} />);
    expect(nbsp(screen.getByText(/Total price/).textContent)).toContain(formatPrice(229, 'EUR', 'en-GB'));
    expect(screen.getByRole('button', { name: 'Add 1 item to cart' })).toBeTruthy();
    rerender(<Bundle placement="pdp-bundle" state={state} selected={[]} onToggle={onToggle} onAddAll={onAddAll} />);
    expect((screen.getByRole('button', { name: /Add all 0/ }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('the anchor is shown but not tracked: no click report, no debug line, no attribution', () => {
    const onItemClick = vi.fn();
    render(<Bundle placement="pdp-bundle" state={ready(['LENS'])} anchor={anchor} debug selected={['LENS']} onToggle={() => {}} onAddAll={() => {}} onItemClick={onItemClick} />);
    const own = screen.getByRole('link', { name: /Aria Round/ });
    expect(own.getAttribute('href')).toBe('/p/FR-1');
    expect(own.textContent).not.toMatch(/server #/);
    fireEvent.click(own);
    expect(onItemClick).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('link', { name: /Frame LENS/ }));
    expect(onItemClick).toHaveBeenCalledWith(expect.objectContaining({ id: 'LENS' }), 0);
  });

  it('templates (item with the anchor at -1, header, layout with the footer), classNames, translations, why line', () => {
    const { container, rerender } = render(<Bundle placement="pdp-bundle" title="Together" state={ready(['LENS', 'CASE'])} anchor={anchor} showReason selected={['LENS', 'CASE']}
      onToggle={() => {}} onAddAll={() => {}}
      templates={{ item: ({ fields, position }) => <span class="my-card">{position}:{fields.title}:{fields.reason}</span>, header: ({ title }) => <h3>{title}!</h3> }}
      classNames={{ root: 'my-root', list: 'my-list', item: 'my-item', button: 'my-button' }}
      translations={{ thisItem: 'Dieser Artikel', total: 'Gesamt', addAll: (n) => `Alle ${n} in den Warenkorb` }} />);
    expect([...container.querySelectorAll('.my-card')].map((n) => n.textContent)).toEqual(['-1:Aria Round:Dieser Artikel', '0:Frame LENS:Bought with LENS', '1:Frame CASE:Bought with CASE']);
    expect(screen.getByRole('heading', { name: 'Together!' })).toBeTruthy();
    expect(container.querySelectorAll('section.my-root ul.my-list > li.my-item')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Alle 2 in den Warenkorb' }).className).toContain('my-button');
    expect(screen.getByText(/Gesamt/)).toBeTruthy();
    rerender(<Bundle placement="pdp-bundle" state={ready(['LENS'])} selected={['LENS']} onToggle={() => {}} onAddAll={() => {}}
      templates={{ layout: ({ list, footer, header }) => <div class="my-layout">{header}{footer}{list}</div> }} />);
    expect(container.querySelector('.my-layout > .focal-Bundle-footer + .focal-Bundle-list')).toBeTruthy();
    expect(screen.getAllByRole('checkbox')).toHaveLength(1);
  });

  it('after an error, cached picks still show with their checkboxes; empty collapses or shows the empty template', () => {
    const { container, rerender } = render(<Bundle placement="pdp-bundle" state={cachedAfterError(['LENS', 'CASE'])} selected={['CASE']} onToggle={() => {}} onAddAll={() => {}} />);
    expect(screen.getAllByRole('checkbox').map((b) => (b as HTMLInputElement).checked)).toEqual([false, true]);
    expect(container.textContent).not.toMatch(/unavailable/);
    rerender(<Bundle placement="pdp-bundle" state={empty} selected={[]} onToggle={() => {}} onAddAll={() => {}} />);
    expect(container.innerHTML).toBe('');
    rerender(<Bundle placement="pdp-bundle" state={empty} selected={[]} onToggle={() => {}} onAddAll={() => {}} templates={{ empty: () => 'Nothing to pair yet' }} />);
    expect(container.textContent).toBe('Nothing to pair yet');
  });

  it('an out-of-stock item is not a pick (not ticked, totalled nor added); with no pick left the bundle collapses instead of offering "Add all 0"', () => {
    const onAddAll = vi.fn();
    const state = ready(['LENS', 'CASE', 'CLOTH']);
    state.items[0].inStock = false;
    const { container, rerender } = render(<Bundle placement="pdp-bundle" locale="en-GB" state={state} anchor={anchor} selected={['LENS', 'CASE', 'CLOTH']} onToggle={() => {}} onAddAll={onAddAll} />);
    expect(screen.getAllByRole('checkbox').map((b) => b.getAttribute('aria-label'))).toEqual(['Frame CASE', 'Frame CLOTH']);
    expect(nbsp(screen.getByText(/Total price/).textContent)).toBe(`Total price: ${formatPrice(129 + 110 + 120, 'EUR', 'en-GB')}`);
    const sold = ready(['LENS']);
    sold.items[0].inStock = false;
    rerender(<Bundle placement="pdp-bundle" locale="en-GB" state={sold} anchor={anchor} selected={['LENS']} onToggle={() => {}} onAddAll={onAddAll} />);
    expect(container.innerHTML).toBe('');
    rerender(<Bundle placement="pdp-bundle" state={sold} anchor={anchor} selected={['LENS']} onToggle={() => {}} onAddAll={onAddAll} templates={{ empty: () => 'Nothing to pair yet' }} />);
    expect(container.textContent).toBe('Nothing to pair yet');
  });

  it('loading shows skeleton picks and a disabled button; error collapses with a retry', () => {
    const { container, rerender } = render(<Bundle placement="pdp-bundle" state={loading} selected={[]} onToggle={() => {}} onAddAll={() => {}} />);
    expect(container.querySelectorAll('.focal-Item--skeleton')).toHaveLength(2);
    expect((screen.getByRole('button') as HTMLButtonElement).disabled).toBe(true);
    rerender(<Bundle placement="pdp-bundle" state={failed} onRetry={() => {}} selected={[]} onToggle={() => {}} onAddAll={() => {}} />);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('an anchor without a usable price (none, or text from a template) is left out with a warning naming the field: never "€NaN", never a total that added up text', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { price: _, ...unpriced } = anchor;
    const props = { placement: 'pdp-bundle', locale: 'en-GB', state: ready(['LENS', 'CASE']), selected: ['LENS', 'CASE'], onToggle: () => {}, onAddAll: () => {} };
    const { container, rerender } = render(<Bundle {...props} anchor={unpriced as typeof anchor} />);
    expect(container.textContent).not.toMatch(/NaN/);
    expect(screen.queryByText('Aria Round')).toBeNull();
    expect(nbsp(screen.getByText(/Total price/).textContent)).toBe(`Total price: ${formatPrice(100 + 110, 'EUR', 'en-GB')}`);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^focal: anchor\.price must be a number.*got undefined/));
    rerender(<Bundle {...props} anchor={{ ...anchor, price: '129.00' as unknown as number }} />);
    expect(nbsp(screen.getByText(/Total price/).textContent)).toBe(`Total price: ${formatPrice(100 + 110, 'EUR', 'en-GB')}`);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^focal: anchor\.price must be a number.*got "129\.00"/));
    rerender(<Bundle {...props} anchor={{ ...anchor, currency: undefined as unknown as string }} />);
    expect(screen.queryByText('Aria Round')).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^focal: anchor\.currency must be/));
    rerender(<Bundle {...props} anchor={anchor} />);
    expect(screen.getByText('Aria Round')).toBeTruthy();
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });
});

describe('PromoBanner', () => {
  const promotion = { id: 'promo-student', slot: 'home-hero', title: 'Students save 20 %', body: 'On all frames', priority: 1, source: 'local' as const,
    image: { url: '/s.jpg', alt: 'Student in frames', width: 1200, height: 400 }, cta: { label: 'Shop frames', url: '/frames' } };
  it('renders the top promotion with its image, text and call to action; nothing when empty or down', () => {
    const onClick = vi.fn();
    const { container, rerender } = render(<PromoBanner state={{ status: 'loading', slot: 'home-hero', promotions: [] }} height={200} />);
    expect((container.firstChild as HTMLElement).style.minHeight).toBe('200px');
    rerender(<PromoBanner state={{ status: 'ready', slot: 'home-hero', promotions: [promotion] }} onClick={onClick} />);
    expect(screen.getByRole('region', { name: 'Promotion: Students save 20 %' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Student in frames' }).getAttribute('width')).toBe('1200');
    fireEvent.click(screen.getByRole('link', { name: 'Shop frames' }));
    expect(onClick).toHaveBeenCalledWith(promotion, 0);
    rerender(<PromoBanner state={{ status: 'error', slot: 'home-hero', promotions: [] }} />);
    expect(container.innerHTML).toBe('');
    rerender(<PromoBanner state={{ status: 'ready', slot: 'home-hero', promotions: [promotion] }} classNames={{ root: 'my-root', title: 'my-title', button: 'my-button' }} translations={{ promo: 'Aktion' }} />);
    expect(screen.getByRole('region', { name: 'Aktion: Students save 20 %' }).className).toBe('focal-Promo my-root');
    expect(screen.getByRole('heading').className).toBe('focal-Promo-title my-title');
    expect(screen.getByRole('link').className).toContain('my-button');
  });

  it('a banner at the top of the page (priority) loads its image at once with fetchpriority high; any other lazily', () => {
    const state = { status: 'ready' as const, slot: 'home-hero', promotions: [promotion] };
    const { rerender } = render(<PromoBanner state={state} priority />);
    const attrs = () => ['loading', 'fetchpriority'].map((a) => screen.getByRole('img').getAttribute(a));
    expect(attrs()).toEqual([null, 'high']);
    rerender(<PromoBanner state={{ ...state, slot: 'cart-banner' }} />);
    expect(attrs()).toEqual(['lazy', null]);
  });
});

describe('formatPrice', () => {
  it('formats for the locale and currency and survives bad input', () => {
    expect(nbsp(formatPrice(129.5, 'EUR', 'de-DE'))).toBe('129,50 €');
    expect(formatPrice(129.5, 'USD', 'en-US')).toBe('$129.50');
    expect(formatPrice(1, 'GBP', 'not a locale!!')).toBe('£1.00');
    expect(formatPrice(2, 'XXXX', 'en')).toBe('2');
  });
});

describe('stock', () => {
  it('an item out of stock (a cached answer, a placement that lets them through, a fallback) is marked "Out of stock" inside its link, so its name says so; the others are not', () => {
    const state = ready(['A', 'B', 'C']);
    state.items[1] = { ...state.items[1], inStock: false };
    const { container, rerender } = render(<Grid placement="home-trending" title="Trending" state={state} />);
    const marks = () => [...container.querySelectorAll('a.focal-Item')].map((a) => a.querySelector('.focal-Item-stock')?.textContent ?? '');
    expect(marks()).toEqual(['', 'Out of stock', '']);
    expect(screen.getByRole('link', { name: /^Frame B.*Out of stock$/ })).toBeTruthy();
    rerender(<Carousel placement="pdp-similar" title="Similar" state={state} translations={{ outOfStock: 'Ausverkauft' }} />);
    expect(marks()).toEqual(['', 'Ausverkauft', '']);
    // an item template of the page's own gets the words too
    rerender(<Grid placement="home-trending" state={state} templates={{ item: ({ fields, outOfStock }) => <a href={fields.href}>{fields.title}{outOfStock && ` (${outOfStock})`}</a> }} />);
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['Frame A', 'Frame B (Out of stock)', 'Frame C']);
  });
});
