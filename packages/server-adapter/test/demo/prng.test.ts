import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { Random, uuidv7At } from '../../src/demo/prng.js';

describe('demo random source', () => {
  it('repeats a stream for the same seed and label, and differs across labels', () => {
    const draw = (label: string) => { const r = new Random(42, label); return Array.from({ length: 5 }, () => r.next()); };
    expect(draw('shopper:1')).toEqual(draw('shopper:1'));
    expect(draw('shopper:1')).not.toEqual(draw('shopper:2'));
    expect(draw('shopper:1').every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('gives per-shopper streams that never replay each other (no shared pair of consecutive draws)', () => {
    const seen = new Set<string>();
    for (let shopper = 0; shopper < 2000; shopper++) {
      const r = new Random(20261123, `shopper:${shopper}`);
      let previous = r.next();
      for (let i = 0; i < 200; i++) {
        const x = r.next();
        const key = `${previous}:${x}`;
        if (seen.has(key)) throw new Error(`stream of shopper ${shopper} overlaps another stream`);
        seen.add(key);
        previous = x;
      }
    }
  });

  it('makes valid UUIDv7s carrying the timestamp, and ids without long digit runs', () => {
    const r = new Random(1);
    for (let i = 0; i < 1000; i++) {
      const ms = Date.UTC(2026, 10, 1) + i * 997;
      const id = uuidv7At(ms, r);
      expect(z.uuidv7().safeParse(id).success).toBe(true);
      expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
      expect(r.token(20)).not.toMatch(/\d{6}/);
    }
  });
});
