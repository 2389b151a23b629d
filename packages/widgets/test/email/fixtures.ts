import type { Candidate, RecommendationResponse } from '@focal/sdk-core/contracts';

const NAMES = ['Aria Round', 'Milo Rectangle', 'Luna Cat-Eye', 'Otto Aviator', 'Nova Square', 'Iris Oval', 'Kai Browline',
  'Sol Wayfarer', 'Vera Panto', 'Theo Clubmaster', 'Ada Geometric', 'Finn Rimless', 'Zoe Butterfly', 'Max Shield'];

/** A candidate as the adapter would send it. */
export function candidate(i: number, overrides: Partial<Candidate> = {}): Candidate {
  return {
    id: `SKU-${100 + i}`,
    title: `${NAMES[i % NAMES.length]} ${i >= NAMES.length ? i : ''}`.trim(),
    url: `https://shop.example/products/sku-${100 + i}`,
    image: `https://cdn.shop.example/img/sku-${100 + i}.jpg`,
    price: 89 + i * 10.5,
    currency: 'EUR',
    categoryPath: ['Frames', 'Optical frames'],
    brand: 'Focal Optics',
    inStock: true,
    reason: 'Because you viewed Aria Round',
    strategy: 'co-view',
    features: { score: 1 - i / 100, rank: i, popularity: 10, cooccurrence: 0, ageDays: 3, strategyScores: {} },
    ...overrides,
  };
}

/** A recommendation response with `count` products. */
export function response(count: number): RecommendationResponse {
  return {
    requestId: 'req-0192',
    placement: 'email-for-you',
    strategy: 'blend:co-view+popular',
    items: Array.from({ length: count }, (_, i) => candidate(i)),
  };
}
