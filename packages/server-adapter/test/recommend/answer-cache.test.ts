/** The in-process answer cache: bounded by count and by the memory its answers take. */
import type { Candidate } from '@focal/sdk-core/contracts';
import { describe, expect, it } from 'vitest';
import { answerBytes, cacheBudget, DEFAULT_CACHE_BYTES, memoryAnswerCache, type CachedAnswer } from '../../src/recommend/answer-cache.js';

/** A cached answer of `n` candidates with a title of `titleLength` characters each. */
const answer = (n: number, titleLength = 200): CachedAnswer => ({
  items: Array.from({ length: n }, (_, i) => ({ id: `SKU-${i}`, title: 'x'.repeat(titleLength), url: `/p/${i}`, price: 10, currency: 'EUR' } as unknown as Candidate)),
  depth: n + 32,
});

describe('memoryAnswerCache', () => {
  it('keeps answers until their estimated memory passes maxBytes, then drops the least recently used', () => {
    const one = answerBytes(answer(20));
    const cache = memoryAnswerCache({ maxBytes: one * 3 + 10 });
    for (const key of ['a', 'b', 'c']) cache.set(key, answer(20));
    expect(['a', 'b', 'c'].map((k) => cache.get(k) !== undefined)).toEqual([true, true, true]);
    cache.get('a'); // a is now the most recently used
    cache.set('d', answer(20));
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((k) => cache.get(k) !== undefined)).toEqual([true, true, true]);
  });

  it('does not keep an answer larger than the whole budget, and keeps the others', () => {
    const cache = memoryAnswerCache({ maxBytes: answerBytes(answer(5)) * 2 });
    cache.set('small', answer(5));
    cache.set('huge', answer(50, 2000));
    expect(cache.get('huge')).toBeUndefined();
    expect((cache.get('small') as CachedAnswer | undefined)?.items).toHaveLength(5);
  });

  it('estimates an answer at about twice the JSON size of the candidates it keeps', () => {
    const value = answer(20);
    expect(answerBytes(value)).toBe(2 * JSON.stringify(value.items).length + 64);
  });

  it('is bounded by 64 MiB unless told otherwise', () => {
    expect(DEFAULT_CACHE_BYTES).toBe(64 * 1024 * 1024);
  });

  it('refuses a budget that is not a positive whole number of bytes', () => {
    expect(() => memoryAnswerCache({ maxBytes: 0 })).toThrow(/maxBytes must be a positive whole number of bytes; got 0/);
    expect(() => memoryAnswerCache({ maxBytes: 1.5 })).toThrow(/maxBytes/);
  });

  it('reads a budget option by the name the caller knows it by (cacheBytes of the recommendation routes)', () => {
    expect(cacheBudget(undefined, 'cacheBytes')).toBe(DEFAULT_CACHE_BYTES);
    expect(cacheBudget(1024, 'cacheBytes')).toBe(1024);
    expect(() => cacheBudget(-1, 'cacheBytes')).toThrow('cacheBytes must be a positive whole number of bytes; got -1');
  });
});
