import { describe, expect, it } from 'vitest';
import { batchBody, chunk, sendHalving, takeBatch } from '../../src/tracking/batch.js';
import { byteLength } from '../../src/contracts/limits.js';
import type { FocalEvent } from '../../src/contracts/events.js';

function event(i: number, padding: number): FocalEvent {
  return {
    id: `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`, type: 'custom', createdAt: '2026-11-24T10:00:00.000Z',
    anonymousId: 'anon', sessionId: 'sess', consent: { analytics: true, personalization: true },
    properties: { name: 'pad', properties: { pad: 'x'.repeat(padding) } },
  };
}
const sized = (e: FocalEvent) => ({ json: JSON.stringify(e), bytes: byteLength(JSON.stringify(e)) });
const bodyBytes = (items: Array<{ json: string }>) => byteLength(batchBody(items.map((i) => i.json), new Date().toISOString()));

describe('batching and chunking', () => {
  it('keeps every request body within 40 kB', () => {
    const items = Array.from({ length: 200 }, (_, i) => sized(event(i, 700)));
    const batch = takeBatch(items, 100, 40_000);
    expect(batch.length).toBeGreaterThan(10);
    expect(bodyBytes(batch)).toBeLessThanOrEqual(40_000);
    expect(bodyBytes(items.slice(0, batch.length + 1))).toBeGreaterThan(40_000 - 1000);
  });

  it('respects the event count limit', () => {
    const items = Array.from({ length: 30 }, (_, i) => sized(event(i, 10)));
    expect(takeBatch(items, 10, 40_000)).toHaveLength(10);
  });

  it('splits 80 events of ~1 kB into at least two beacon chunks of ≤ 51 kB, in order, none lost', () => {
    const items = Array.from({ length: 80 }, (_, i) => sized(event(i, 950)));
    const chunks = chunk(items, 500, 51_000);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    for (const c of chunks) expect(bodyBytes(c)).toBeLessThanOrEqual(51_000);
    expect(chunks.flat()).toEqual(items);
  });

  it('halves a chunk the browser refuses until parts are accepted; single refusals are returned for the fallback', () => {
    const accepted: number[][] = [];
    const refused = sendHalving([1, 2, 3, 4, 5, 6, 7], (part) => {
      if (part.length > 2 || part.includes(5)) return false;
      accepted.push(part);
      return true;
    });
    expect(accepted).toEqual([[1, 2], [3, 4], [6], [7]]);
    expect(refused).toEqual([5]);
  });

  it('stamps sentAt on the batch and on every event', () => {
    const body = JSON.parse(batchBody([event(1, 1), event(2, 1)].map((e) => JSON.stringify(e)), '2026-11-24T10:00:05.000Z'));
    expect(body.sentAt).toBe('2026-11-24T10:00:05.000Z');
    expect(body.events.map((e: FocalEvent) => e.sentAt)).toEqual(['2026-11-24T10:00:05.000Z', '2026-11-24T10:00:05.000Z']);
  });
});
