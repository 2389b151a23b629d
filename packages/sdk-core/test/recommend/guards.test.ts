import { describe, expect, it } from 'vitest';
import { Candidate, Promotion, RecommendationRequest, RecommendationResponse } from '../../src/contracts/index.js';
import { isCandidate, isPromotion, readResult, requestProblem } from '../../src/recommend/index.js';
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
