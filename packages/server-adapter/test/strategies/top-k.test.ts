import { describe, expect, it } from 'vitest';
import { compare, topK } from '../../src/strategies/index.js';

describe('topK', () => {
  it('equals a full sort cut at k, ties broken by id, on random lists with many ties', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 400);
      const items = Array.from({ length: n }, (_, i) => ({ productId: `p${i}`, score: Math.floor(random() * 20) / 4 }));
      const k = 1 + Math.floor(random() * 60);
      expect(topK(items, k)).toEqual([...items].sort(compare).slice(0, k));
    }
    expect(topK([{ productId: 'a', score: 1 }], 0)).toEqual([]);
  });
});
