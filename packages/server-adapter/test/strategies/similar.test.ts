import { describe, expect, it } from 'vitest';
import {
  COLD_SHOPPER, InProcessKnn, StrategyIndex, buildEmbeddingSpace, embedProduct, similar,
} from '../../src/strategies/index.js';
import { T0, product } from './fixtures.js';

const catalog = [
  product('F1', { categoryPath: ['Frames', 'Optical', 'Round'], brand: 'Aria', price: 100, attributes: { material: 'acetate', colors: ['black'] } }),
  product('F1-twin', { categoryPath: ['Frames', 'Optical', 'Round'], brand: 'Aria', price: 100, attributes: { material: 'acetate', colors: ['black'] } }),
  product('F2', { categoryPath: ['Frames', 'Optical', 'Round'], brand: 'Aria', price: 120, attributes: { material: 'metal', colors: ['gold'] } }),
  product('F3', { categoryPath: ['Frames', 'Optical', 'Square'], brand: 'Nord', price: 300, attributes: { material: 'metal', colors: ['gold'] } }),
  product('S1', { categoryPath: ['Sunglasses', 'Aviator'], brand: 'Nord', price: 150, attributes: { material: 'metal', colors: ['gold'] } }),
  product('L1', { categoryPath: ['Contact lenses'], brand: 'Lumo', price: 30 }),
];
const input = (items: string[]) => ({ items, shopper: COLD_SHOPPER, now: T0, depth: 10 });

describe('product embeddings and kNN', () => {
  it('gives unit vectors, identical products similarity 1', () => {
    const space = buildEmbeddingSpace(catalog);
    const a = embedProduct(space, catalog[0]);
    const b = embedProduct(space, catalog[1]);
    const norm = Math.sqrt(a.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect(a.reduce((s, v, i) => s + v * b[i], 0)).toBeCloseTo(1, 5);
  });

  it('finds exactly the brute-force nearest neighbours', () => {
    const knn = new InProcessKnn();
    knn.reset([['x', new Float32Array([1, 0])], ['y', new Float32Array([0.8, 0.6])], ['z', new Float32Array([0, 1])], ['w', new Float32Array([-1, 0])]]);
    const found = knn.neighbours('x', 2);
    expect(found.map((n) => n.productId)).toEqual(['y', 'z']);
    expect(found[0].similarity).toBeCloseTo(0.8, 6);
    expect(knn.search(new Float32Array([0, 1]), 4).map((n) => n.productId)).toEqual(['z', 'y', 'x', 'w']);
    expect(knn.neighbours('unknown', 3)).toEqual([]);
  });
});

describe('similar', () => {
  const index = new StrategyIndex();
  index.setCatalog(catalog);

  it('ranks the twin first, then same shape and brand, then other categories', () => {
    const found = similar.recommend(index, input(['F1']));
    const ids = found.map((f) => f.productId);
    expect(ids.slice(0, 3)).toEqual(['F1-twin', 'F2', 'F3']);
    expect(found[0].score).toBeCloseTo(1, 5);
    // S1 shares no category, brand or attribute value with F1: not similar at all (similarity ≤ 0 is dropped).
    expect(ids).not.toContain('S1');
    expect(found[0].reason).toBe('Similar to Product F1');
    expect(ids).not.toContain('F1');
  });

  it('uses neighbours from an external vector search when given', () => {
    const neighbours = new Map([['F1', [{ productId: 'L1', similarity: 0.9 }, { productId: 'S1', similarity: 0.5 }]]]);
    expect(similar.recommend(index, { ...input(['F1']), neighbours }).map((f) => f.productId)).toEqual(['L1', 'S1']);
  });

  it('falls back on recent views, and answers nothing for a cold shopper with no context', () => {
    const shopper = { ...COLD_SHOPPER, recentViews: [{ productId: 'S1', at: T0 }] };
    expect(similar.recommend(index, { ...input([]), shopper })[0].productId).toBe('F3');
    expect(similar.recommend(index, input([]))).toEqual([]);
    expect(similar.recommend(index, input(['unknown']))).toEqual([]);
  });

  it('rebuilds the embeddings when the catalog changes', () => {
    const local = new StrategyIndex();
    local.setCatalog(catalog.slice(0, 3));
    expect(similar.recommend(local, input(['F1'])).map((f) => f.productId)).toEqual(['F1-twin', 'F2']);
    local.upsertProducts([catalog[3]]);
    expect(similar.recommend(local, input(['F1'])).map((f) => f.productId)).toContain('F3');
  });
});
