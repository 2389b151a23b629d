import { describe, expect, it } from 'vitest';
import { pickEvictions } from '../../src/tracking/priority.js';
import type { EventType } from '../../src/contracts/events.js';

const item = (id: string, type: EventType, createdMs: number, bytes = 100) => ({ id, bytes, createdMs, type });

describe('queue caps', () => {
  it('evicts nothing under the caps', () => {
    expect(pickEvictions([item('a', 'page_view', 1)], 1, 1000)).toEqual([]);
  });

  it('evicts impressions first, then page views, oldest first, and never purchases', () => {
    const items = [
      item('purchase-1', 'purchase', 1), item('view-old', 'page_view', 2), item('cart', 'add_to_cart', 3),
      item('imp-new', 'rec_impression', 9), item('imp-old', 'rec_impression', 4), item('view-new', 'page_view', 8),
      item('product', 'product_view', 5), item('promo-imp', 'promo_impression', 6),
    ];
    expect(pickEvictions(items, 7, 1e9)).toEqual(['imp-old']);
    expect(pickEvictions(items, 4, 1e9)).toEqual(['imp-old', 'promo-imp', 'imp-new', 'view-old']);
    expect(pickEvictions(items, 1, 1e9)).toEqual(['imp-old', 'promo-imp', 'imp-new', 'view-old', 'view-new', 'product', 'cart']);
  });

  it('lets purchases exceed the caps rather than lose a sale', () => {
    const items = [item('p1', 'purchase', 1), item('p2', 'purchase', 2), item('v', 'page_view', 3)];
    expect(pickEvictions(items, 1, 1e9)).toEqual(['v']);
  });

  it('applies the byte cap too', () => {
    const items = [item('big-view', 'page_view', 1, 1500), item('click', 'rec_click', 2, 600), item('imp', 'rec_impression', 3, 100)];
    expect(pickEvictions(items, 100, 2000)).toEqual(['imp', 'big-view']);
  });
});
