import { describe, expect, it } from 'vitest';
import { AFFINITY_HALF_LIFE_DAYS, applyEvent, emptyProfile, mergeProfiles } from '../../src/profiles/builder.js';
import { makeEvent, makeProduct } from '../fixtures.js';

const products = new Map([
  ['F', makeProduct('F', { categoryPath: ['Frames'], brand: 'A', price: 100 })],
  ['S', makeProduct('S', { categoryPath: ['Sunglasses'], brand: 'B', price: 300 })],
]);
const DAY = 24 * 3600 * 1000;
const view = (id: string) => makeEvent('product_view', { anonymousId: 'x', properties: { productId: id } });

describe('profile builder', () => {
  it('halves an interest after one half-life without signals', () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    let doc = applyEvent(emptyProfile({ anonymousId: 'x' }), view('F'), new Date(t0).toISOString(), products);
    doc = applyEvent(doc, view('S'), new Date(t0 + AFFINITY_HALF_LIFE_DAYS * DAY).toISOString(), products);
    // Frames decayed to 0.5, Sunglasses fresh at 1: shares 1/3 and 2/3.
    expect(doc.profile.affinities.category.Frames).toBeCloseTo(1 / 3, 4);
    expect(doc.profile.affinities.category.Sunglasses).toBeCloseTo(2 / 3, 4);
    expect(doc.profile.affinities.brand.B).toBeCloseTo(2 / 3, 4);
  });
  it('decays a late (older) signal instead of the newer ones', () => {
    const t0 = Date.parse('2026-01-15T00:00:00Z');
    let doc = applyEvent(emptyProfile({ anonymousId: 'x' }), view('S'), new Date(t0).toISOString(), products);
    doc = applyEvent(doc, view('F'), new Date(t0 - AFFINITY_HALF_LIFE_DAYS * DAY).toISOString(), products);
    expect(doc.profile.affinities.category.Sunglasses).toBeCloseTo(2 / 3, 4);
    expect(doc.profile.updatedAt).toBe(new Date(t0).toISOString());
  });
  it('keeps the cart in step with adds, removes and purchases, and price quantiles from what was seen', () => {
    const at = '2026-01-01T00:00:00.000Z';
    let doc = emptyProfile({ anonymousId: 'x' });
    doc = applyEvent(doc, makeEvent('add_to_cart', { properties: { productId: 'F', quantity: 3 } }), at, products);
    doc = applyEvent(doc, makeEvent('add_to_cart', { properties: { productId: 'S', quantity: 1 } }), at, products);
    doc = applyEvent(doc, makeEvent('remove_from_cart', { properties: { productId: 'F', quantity: 1 } }), at, products);
    expect(doc.profile.cart.map((l) => [l.productId, l.quantity])).toEqual([['F', 2], ['S', 1]]);
    doc = applyEvent(doc, makeEvent('purchase', { properties: { orderId: 'o', lineItems: [{ productId: 'S', quantity: 1, price: 300 }], revenue: 300, currency: 'EUR' } }), at, products);
    expect(doc.profile.cart.map((l) => l.productId)).toEqual(['F']);
    expect(doc.profile.affinities.price).toEqual({ low: 140, median: 300, high: 300 }); // prices seen 100, 300, 300: p10 interpolates
  });
  it('merges an anonymous profile into a user profile', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const anon = applyEvent(emptyProfile({ anonymousId: 'x' }), view('F'), at, products);
    const user = applyEvent(emptyProfile({ userId: 'u' }), view('S'), '2026-01-02T00:00:00.000Z', products);
    const merged = mergeProfiles(user, anon);
    expect(merged.profile.userId).toBe('u');
    expect(merged.profile.recentViews.map((v) => v.productId)).toEqual(['S', 'F']);
    expect(Object.keys(merged.profile.affinities.category).sort()).toEqual(['Frames', 'Sunglasses']);
  });
});
