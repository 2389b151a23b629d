import { describe, expect, it } from 'vitest';
import { COLD_SHOPPER, StrategyIndex, popularInCategory, similar } from '../../src/strategies/index.js';
import { T0, product, view } from './fixtures.js';

// Round acetate frames: the men's one shares brand, colour and material with the women's page product (the closest
// by embedding), but a shopper on a women's frame wants women's or unisex frames.
const round = ['Frames', 'Optical frames', 'Round'];
const catalog = [
  product('W1', { title: 'Aria women', categoryPath: round, brand: 'Aria', attributes: { gender: 'women', material: 'acetate', colour: 'black', shape: 'round' } }),
  product('M1', { title: 'Aria men', categoryPath: round, brand: 'Aria', attributes: { gender: 'men', material: 'acetate', colour: 'black', shape: 'round' } }),
  product('M2', { title: 'Aria men slim', categoryPath: round, brand: 'Aria', attributes: { gender: 'men', material: 'acetate', colour: 'black', shape: 'round' } }),
  product('W2', { title: 'Nord women', categoryPath: round, brand: 'Nord', attributes: { gender: 'women', material: 'metal', colour: 'gold', shape: 'round' } }),
  product('U1', { title: 'Vela unisex', categoryPath: round, brand: 'Vela', attributes: { gender: 'Unisex', material: 'acetate', colour: 'havana', shape: 'round' } }),
  product('K1', { title: 'Kiko kids', categoryPath: round, brand: 'Aria', attributes: { gender: 'unisex', ageGroup: 'kids', material: 'acetate', colour: 'black', shape: 'round' } }),
  product('N1', { title: 'No gender given', categoryPath: round, brand: 'Lumo', attributes: { material: 'tr90' } }),
];
const input = (items: string[], depth = 10) => ({ items, shopper: COLD_SHOPPER, now: T0, depth });

describe('who a product is for (attributes gender, ageGroup)', () => {
  const index = new StrategyIndex();
  index.setCatalog(catalog);
  // the men's frames are the most viewed of the category
  for (const [i, id] of ['M1', 'M1', 'M1', 'M2', 'M2', 'W2', 'W2', 'U1', 'K1', 'N1'].entries()) index.ingest(view(id, `s${i}`, T0 - 3_600_000));

  it('similar never proposes a men\'s frame for a women\'s frame, nor kids\' frames for adults\' — unisex and unlabelled ones fit', () => {
    const ids = similar.recommend(index, input(['W1'])).map((f) => f.productId);
    expect(ids).not.toContain('M1');
    expect(ids).not.toContain('M2');
    expect(ids).not.toContain('K1');
    expect(ids).toEqual(expect.arrayContaining(['W2', 'U1']));
  });

  it('a unisex frame is similar to frames for anyone of its age group', () => {
    const ids = similar.recommend(index, input(['U1'])).map((f) => f.productId);
    expect(ids).toEqual(expect.arrayContaining(['W1', 'M1', 'W2']));
    expect(ids).not.toContain('K1');
  });

  it('popular-in-category (pdp-similar\'s fallback) keeps to the page product\'s audience too', () => {
    const ids = popularInCategory.recommend(index, input(['W1'])).map((f) => f.productId);
    expect(ids[0]).toBe('W2');
    expect(ids).not.toContain('M1');
    expect(ids).not.toContain('M2');
  });
});
