import { describe, expect, it } from 'vitest';
import { coViewPopularSource } from '../../src/training/candidate-source.js';
import { evaluateSessions } from '../../src/training/evaluate.js';
import { seededRandom } from '../../src/training/random.js';
import type { Session } from '../../src/training/sessions.js';

/**
 * Synthetic sessions where the shopper often goes back to an item seen two steps before (something only the
 * on-device session features know); the server's co-view order ignores that.
 */
function sessions(count: number, seed: number, startDay: number): Session[] {
  const random = seededRandom(seed);
  const out: Session[] = [];
  for (let s = 0; s < count; s++) {
    const items: string[] = [];
    for (let k = 0; k < 6; k++) {
      if (k >= 2 && random() < 0.5) items.push(items[k - 2]);
      else items.push(`i${Math.floor(random() * 40)}`);
    }
    const t0 = (startDay + s / count) * 86_400_000;
    out.push({ id: `s${seed}-${s}`, items, times: items.map((_, k) => t0 + k * 30_000) });
  }
  return out;
}

describe('evaluateSessions', () => {
  it('trains on the training part only and reranks better than the candidate order when the session predicts the next item', () => {
    const r = evaluateSessions(sessions(600, 1, 0), sessions(100, 2, 30), { source: coViewPopularSource, epochs: 8, limit: 30 });
    expect(r.testCases).toBe(500);
    expect(r.trainLists).toBeGreaterThan(500);
    expect(r.candidateRecall).toBeGreaterThan(0.5);
    expect(r.reranked['mrr@20']).toBeGreaterThan(r.server['mrr@20'] + 0.05);
    expect(r.reranked['ndcg@10']).toBeGreaterThan(r.server['ndcg@10'] + 0.05);
    for (const m of [r.popularity, r.server, r.reranked]) for (const v of Object.values(m)) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('says what is missing', () => {
    expect(() => evaluateSessions([], sessions(2, 1, 0))).toThrow(/training and test sessions/);
  });
});
