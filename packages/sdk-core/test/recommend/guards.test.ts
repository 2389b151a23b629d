import { describe, expect, it } from 'vitest';
import { Candidate, Promotion, RecommendationRequest, RecommendationResponse } from '../../src/contracts/index.js';
import { candidateProblem, isCandidate, isPromotion, readResult, requestProblem } from '../../src/recommend/index.js';
import { candidate, result } from './fixtures.js';

const good = candidate('FR-1');
const badCandidates: unknown[] = [
  null, 'x', { ...good, id: '' }, { ...good, price: -1 }, { ...good, price: '10' }, { ...good, currency: 'eur' },
  { ...good, categoryPath: [] }, { ...good, inStock: 'yes' }, { ...good, features: undefined },
  { ...good, features: { ...good.features, rank: 1.5 } }, { ...good, title: 'x'.repeat(513) }, { ...good, reason: 'y'.repeat(201) },
];
const promo = { id: 'p1', slot: 'home-hero', title: 'Students save 20 %', priority: 1, source: 'local' };

describe('browser guards agree with the zod contracts', () => {
  it('accept what the contract accepts', () => {
    expect(Candidate.safeParse(good).success).toBe(true);
    expect(isCandidate(good)).toBe(true);
    expect(Promotion.safeParse(promo).success && isPromotion(promo)).toBe(true);
    const r = result('pdp-similar', ['A', 'B']);
    expect(RecommendationResponse.safeParse(r).success).toBe(true);
    expect(readResult(r)).toEqual(r);
  });

  it('reject what the contract rejects, one candidate at a time', () => {
    for (const bad of badCandidates) {
      expect(Candidate.safeParse(bad).success).toBe(false);
      expect(isCandidate(bad)).toBe(false);
    }
    for (const bad of [{ ...promo, title: '' }, { ...promo, priority: 1.5 }, { ...promo, cta: { label: '' , url: '/x' } }]) {
      expect(Promotion.safeParse(bad).success).toBe(false);
      expect(isPromotion(bad)).toBe(false);
    }
    expect(readResult({ ...result('p', ['A']), requestId: '' })).toBeUndefined();
    // stricter than the contract: links must be http(s) or relative (the contract takes any string)
    expect(isCandidate({ ...good, url: 'javascript:alert(1)' }) || isPromotion({ ...promo, cta: { label: 'Go', url: 'data:text/html,x' } })).toBe(false);
  });

  it('candidateProblem names the field isCandidate refuses, and nothing for what it accepts', () => {
    expect(candidateProblem(good, 'c')).toBeUndefined();
    const more: unknown[] = [
      { ...good, url: 'javascript:alert(1)' }, { ...good, image: 42 }, { ...good, strategy: undefined }, { ...good, brand: null },
      { ...good, categoryPath: [''] }, { ...good, features: { ...good.features, score: NaN } }, { ...good, features: { ...good.features, strategyScores: null } },
      { ...good, features: { ...good.features, ageDays: '3' } }, { ...good, image: undefined, brand: undefined, reason: undefined },
    ];
    for (const value of [...badCandidates, ...more]) {
      const problem = candidateProblem(value, 'items[0]');
      expect(problem === undefined).toBe(isCandidate(value));
      if (problem) expect(problem).toMatch(/^items\[0\](\.[\w.]+)? must be .*; got /);
    }
    expect(candidateProblem({ ...good, price: '10' }, 'items[3]')).toBe('items[3].price must be a number ≥ 0 (129.5, not "129.50"); got "10"');
    expect(candidateProblem({ ...good, features: { ...good.features, rank: 1.5 } }, 'x')).toMatch(/^x\.features\.rank must be a whole number ≥ 0.*got 1\.5$/);
  });

  it('checks placement requests like RecommendationRequest and says what to fix', () => {
    const cases: Array<[unknown, RegExp | undefined]> = [
      [{ placement: 'pdp-similar', items: ['SKU1'], limit: 8 }, undefined],
      [{ placement: 'PDP' }, /placement/], [{ placement: 'ok', limit: 0 }, /limit/], [{ placement: 'ok', limit: 201 }, /limit/],
      [{ placement: 'ok', items: Array(51).fill('a') }, /items/], [{ placement: 'ok', items: [''] }, /items/],
    ];
    for (const [request, problem] of cases) {
      expect(RecommendationRequest.safeParse(request).success).toBe(!problem);
      const said = requestProblem(request as never);
      if (problem) expect(said).toMatch(problem); else expect(said).toBeUndefined();
    }
  });
});
