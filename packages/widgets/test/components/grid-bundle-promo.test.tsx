// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
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

  it('loading shows skeleton picks and a disabled button; error collapses with a retry', () => {
    const { container, rerender } = render(<Bundle placement="pdp-bundle" state={loading} selected={[]} onToggle={() => {}} onAddAll={() => {}} />);
    expect(container.querySelectorAll('.focal-Item--skeleton')).toHaveLength(2);
    expect((screen.getByRole('button') as HTMLButtonElement).disabled).toBe(true);
    rerender(<Bundle placement="pdp-bundle" state={failed} onRetry={() => {}} selected={[]} onToggle={() => {}} onAddAll={() => {}} />);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
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
