import type { Candidate, RecommendationResponse } from '../../src/contracts/index.js';
import type { PlacementHandle, PlacementState } from '../../src/recommend/index.js';

/** A valid candidate with a few overridable fields. */
export function candidate(id: string, rank = 0, extra: Partial<Candidate> = {}): Candidate {
  return {
    id, title: `Frame ${id}`, url: `https://shop.example/p/${id}`, image: `https://shop.example/i/${id}.jpg`,
    price: 100 + rank, currency: 'EUR', categoryPath: ['Frames', 'Optical frames'], brand: 'Lumen', inStock: true,
    strategy: 'co-view', reason: `Because you viewed ${id}`,
    features: { score: 1 - rank / 10, rank, popularity: 10, cooccurrence: 0.5, ageDays: 3, strategyScores: { 'co-view': 0.8 } },
    ...extra,
  };
}

/** A contract-valid answer for one placement. */
export function result(placement: string, ids: string[], requestId = 'req-1'): RecommendationResponse {
  return { requestId, placement, strategy: 'blend:co-view', variant: 'A', items: ids.map((id, i) => candidate(id, i)) };
}

/** Resolves with the first state that is not `loading` (or matches `until`). */
export function settled(handle: PlacementHandle, until: (s: PlacementState) => boolean = (s) => s.status !== 'loading'): Promise<PlacementState> {
  return new Promise((resolve) => {
    const stop = handle.state.subscribe((s) => {
      if (until(s)) {
        queueMicrotask(() => stop());
        resolve(s);
      }
    });
  });
}
