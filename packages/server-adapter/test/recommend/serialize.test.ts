import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Candidate, RecommendationResponse } from '@focal/sdk-core/contracts';
import { serializeBatch, serializeBatchChunks, serializeResponse, serializeResponseChunks } from '../../src/recommend/index.js';
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
    // Served again from the cache: the same frozen items under fresh request ids, and under another envelope.
    const items = Object.freeze([candidate('F3', 0)]) as Candidate[];
    for (const requestId of [randomUUID(), randomUUID()]) {
      for (const response of [answer({ requestId, items }), answer({ requestId, items, variant: 'b' }), answer({ requestId, items, placement: 'home-for-you' })]) {
        expect(serializeResponse(response)).toBe(JSON.stringify(response));
      }
    }
    const odd = { placement: 'pdp-similar', requestId: randomUUID(), strategy: 'x', items };
    expect(serializeResponse(odd)).toBe(JSON.stringify(odd));
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
    const items = Object.freeze([candidate('F9', 0)]) as Candidate[];
    expect(() => serializeResponse(answer({ requestId: randomUUID(), items }))).not.toThrow();
    expect(() => serializeResponse(answer({ requestId: '', items }))).toThrow(/breaks the contract/);
    expect(() => serializeResponse(answer({ requestId: randomUUID(), items, placement: 'Not A Placement' }))).toThrow(/breaks the contract/);
  });

  it('serves a cached list as the requestId head plus shared UTF-8 bytes', () => {
    const items = Object.freeze([candidate('F«7»', 0)]) as Candidate[];
    const text = (chunks: Array<string | Uint8Array>) => Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).toString('utf8');
    const first = answer({ requestId: randomUUID(), items });
    expect(text(serializeResponseChunks(first))).toBe(JSON.stringify(first));
    const second = answer({ requestId: randomUUID(), items });
    const third = answer({ requestId: randomUUID(), items });
    const [head2, tail2] = serializeResponseChunks(second);
    const [, tail3] = serializeResponseChunks(third);
    expect(head2).toBe(`{"requestId":"${second.requestId}"`);
    expect(tail3).toBe(tail2);
    expect(text(serializeResponseChunks(third))).toBe(JSON.stringify(third));
    const batch = { results: [second, answer({ placement: 'home-for-you', requestId: randomUUID() })] };
    expect(text(serializeBatchChunks(batch))).toBe(JSON.stringify(batch));
  });
});
