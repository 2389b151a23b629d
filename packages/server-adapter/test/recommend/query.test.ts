import { describe, expect, it } from 'vitest';
import { batchFromQuery, RecommendError } from '../../src/recommend/index.js';

const q = (text: string) => batchFromQuery(new URLSearchParams(text));

describe('batchFromQuery', () => {
  it('turns a query into a validated batch, shared and frozen for the same parameters', () => {
    const first = q('placement=pdp-similar&items=F1,F2&limit=4&anonymousId=a');
    expect(first).toEqual({ placements: [{ placement: 'pdp-similar', items: ['F1', 'F2'], limit: 4 }] });
    const again = q('anonymousId=b&placement=pdp-similar&items=F1,F2&limit=4');
    expect(again).toBe(first);
    expect(Object.isFrozen(first.placements[0]!.items)).toBe(true);
    expect(q('placement=pdp-similar&items=F1&items=F2&limit=4')).toEqual(first);
  });

  it('still refuses a bad query that reads like one it has seen', () => {
    expect(q('placement=pdp-similar&placement=home-for-you').placements).toHaveLength(2);
    expect(() => q('placement=pdp-similar%0Ahome-for-you')).toThrow(RecommendError);
    expect(q('placement=home-for-you&limit=3').placements[0]!.limit).toBe(3);
    expect(() => q('placement=home-for-you&limit=3x')).toThrow(/limit must be a whole number/);
    expect(() => q('placement=home-for-you&allowDuplicates=yes')).toThrow(/allowDuplicates/);
  });
});
