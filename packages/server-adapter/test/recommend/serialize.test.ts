import { describe, expect, it } from 'vitest';
import type { Candidate, RecommendationResponse } from '@focal/sdk-core/contracts';
import { serializeBatch, serializeResponse } from '../../src/recommend/index.js';
import { product } from '../strategies/fixtures.js';

const candidate = (id: string, rank: number): Candidate => Object.freeze({
  ...product(id, { title: `Frame «${id}»` }), reason: `Similar to ${id}`, strategy: 'similar',
  features: Object.freeze({ score: 1 / (rank + 1), rank, popularity: 3, cooccurrence: 0, ageDays: 2, strategyScores: { similar: 0.5 } }),
});

/** An answer as the service builds it (items last). */
const answer = ({ items, ...over }: Partial<RecommendationResponse> = {}): RecommendationResponse => ({
  requestId: '0190b0b0-0000-7000-8000-000000000001', placement: 'pdp-similar', strategy: 'blend:similar+co-view', ...over,
  items: items ?? Object.freeze([candidate('F1', 0), candidate('F2', 1)]) as Candidate[],
});

describe('serializeResponse', () => {
  it('writes exactly what JSON.stringify writes, with and without variant and model version', () => {
    for (const response of [answer(), answer({ variant: 'holdout', modelVersion: '2024-01-01' }), answer({ items: [] })]) {
      expect(serializeResponse(response)).toBe(JSON.stringify(response));
    }
    const batch = { results: [answer(), answer({ placement: 'home-for-you', requestId: 'other-id-0001' })] };
    expect(serializeBatch(batch)).toBe(JSON.stringify(batch));
  });

  it('checks every answer\'s requestId and item count, also after the same envelope passed', () => {
    expect(() => serializeResponse(answer())).not.toThrow();
    expect(() => serializeResponse(answer({ requestId: '' }))).toThrow(/breaks the contract/);
    expect(() => serializeResponse(answer({ requestId: 'bad\u0000id' }))).toThrow(/breaks the contract/);
    const many = Array.from({ length: 201 }, (_, i) => candidate(`P${i}`, i));
    expect(() => serializeResponse(answer({ items: many }))).toThrow(/breaks the contract/);
    expect(() => serializeResponse(answer({ strategy: 5 as unknown as string }))).toThrow(/breaks the contract/);
  });
});
