import { describe, expect, it } from 'vitest';
import { applyRules, diversify, orderCandidates, rerankTrigger, createSessionStore, emptySession } from '../../src/ranking/index.js';
import { candidate, impression, view } from './fixtures.js';

const item = (id: string, cat: string, brand?: string) => ({ id, categoryPath: [cat], brand });

describe('business rules', () => {
  const list = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
  it('removes exclusions and moves pinned items to their positions', () => {
    expect(applyRules(list, { exclude: ['b'] }).map((x) => x.id)).toEqual(['a', 'c', 'd', 'e']);
    expect(applyRules(list, { pinned: [{ id: 'e', position: 0 }, { id: 'a', position: 2 }] }).map((x) => x.id)).toEqual(['e', 'b', 'a', 'c', 'd']);
    expect(applyRules(list, { pinned: [{ id: 'a', position: 99 }] }).map((x) => x.id)).toEqual(['b', 'c', 'd', 'e', 'a']);
  });
  it('ignores pins of absent or excluded items', () => {
    expect(applyRules(list, { exclude: ['c'], pinned: [{ id: 'c', position: 0 }, { id: 'zz', position: 1 }] }).map((x) => x.id)).toEqual(['a', 'b', 'd', 'e']);
  });
});

describe('diversity', () => {
  it('keeps at most N of one category in the first K slots, moving the rest down in order', () => {
    const items = [item('f1', 'F'), item('f2', 'F'), item('f3', 'F'), item('s1', 'S'), item('f4', 'F'), item('l1', 'L')];
    expect(diversify(items, { maxPerCategory: 2, maxPerBrand: 99, window: 4 }).map((x) => x.id)).toEqual(['f1', 'f2', 's1', 'l1', 'f3', 'f4']);
  });
  it('caps brands too and never drops items', () => {
    const items = [item('a', 'X', 'Lumen'), item('b', 'Y', 'lumen'), item('c', 'Z', 'Sol')];
    expect(diversify(items, { maxPerBrand: 1, window: 3 }).map((x) => x.id)).toEqual(['a', 'c', 'b']);
    const same = [item('a', 'X'), item('b', 'X'), item('c', 'X')];
    expect(diversify(same, { maxPerCategory: 1, window: 3 }).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('orderCandidates', () => {
  it('sorts by score, breaks ties by server rank, then applies exclusions, diversity and pins', () => {
    const cs = [
      candidate('a', { categoryPath: ['F'] }, { rank: 0 }), candidate('b', { categoryPath: ['F'] }, { rank: 1 }),
      candidate('c', { categoryPath: ['F'] }, { rank: 2 }), candidate('d', { categoryPath: ['S'] }, { rank: 3 }),
    ];
    const plain = orderCandidates(cs, [0.1, 0.5, 0.5, 0.2], { diversity: false });
    expect(plain.items.map((c) => c.id)).toEqual(['b', 'c', 'd', 'a']);
    expect(plain.scores).toEqual([0.5, 0.5, 0.2, 0.1]);
    const ruled = orderCandidates(cs, [0.1, 0.5, 0.5, 0.2], { diversity: { maxPerCategory: 1, window: 2 }, rules: { exclude: ['c'], pinned: [{ id: 'a', position: 0 }] } });
    expect(ruled.items.map((c) => c.id)).toEqual(['a', 'b', 'd']);
  });
});

describe('rerank triggers', () => {
  it('fires on a product view and on every k-th impression without a click', () => {
    const store = createSessionStore(emptySession(), 2);
    expect(store.observe(impression('x'))).toBe(false);
    expect(store.observe(impression('x'))).toBe(true);
    expect(store.observe(impression('x'))).toBe(false);
    expect(store.observe(view('y'))).toBe(true);
    expect(store.state.value.views.map((v) => v.productId)).toEqual(['y']);
    expect(rerankTrigger(emptySession(), emptySession(), view('y'))).toBe(true);
  });
});
