import type { Candidate, PlacementItem, PlacementState } from '@focal/sdk-core';

/** A valid candidate. */
export function candidate(id: string, rank = 0, extra: Partial<Candidate> = {}): Candidate {
  return {
    id, title: `Frame ${id}`, url: `https://shop.example/p/${id}`, image: `https://shop.example/i/${id}.jpg`,
    price: 100 + rank * 10, currency: 'EUR', categoryPath: ['Frames'], brand: 'Lumen', inStock: true,
    strategy: 'co-view', reason: `Bought with ${id}`,
    features: { score: 1, rank, popularity: 1, cooccurrence: 0, ageDays: 1, strategyScores: {} },
    ...extra,
  };
}

export const items = (ids: string[]): PlacementItem[] => ids.map((id, i) => ({ ...candidate(id, i), serverRank: i }));

export const ready = (ids = ['A', 'B', 'C']): PlacementState => ({ status: 'ready', items: items(ids), requestId: 'req-1', variant: 'A', strategy: 'blend', source: 'server' });
export const loading: PlacementState = { status: 'loading', items: [] };
export const empty: PlacementState = { status: 'empty', items: [], requestId: 'req-2' };
export const failed: PlacementState = { status: 'error', items: [] };
export const cachedAfterError = (ids = ['A', 'B']): PlacementState => ({ ...ready(ids), status: 'error', source: 'cache' });

/**
 * An IntersectionObserver for happy-dom (whose own never reports): every observed element is in full view at once
 * (reported in a microtask, once per element, as a real observer does).
 * Install with `vi.stubGlobal('IntersectionObserver', InFullView)`.
 */
export class InFullView {
  private observed = new Set<Element>();
  constructor(private callback: (entries: Array<Partial<IntersectionObserverEntry>>, observer: unknown) => void) {
  }
  observe(target: Element) {
    if (this.observed.has(target)) return;
    this.observed.add(target);
    queueMicrotask(() => { if (this.observed.has(target)) this.callback([{ target, isIntersecting: true, intersectionRatio: 1 }], this); });
  }
  unobserve(target: Element) { this.observed.delete(target); }
  disconnect() { this.observed.clear(); }
  takeRecords() { return []; }
}

/**
 * A fake content adapter for the home-hero slot that answers a student's user token (`jwt-student`) with the student
 * offer ("Students save 20 %", a segment-targeted promotion) and anyone else with free shipping; `asked` records the
 * x-focal-user-token of each request (null: asked anonymously).
 */
export function promoBySegment() {
  const asked: Array<string | null> = [];
  const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    const token = new Headers(init?.headers).get('x-focal-user-token');
    asked.push(token);
    const [id, title] = token === 'jwt-student' ? ['promo-student', 'Students save 20 %'] : ['promo-anon', 'Free shipping'];
    return Response.json({ slot: 'home-hero', promotions: [{ id, slot: 'home-hero', title, priority: 1, source: 'local' }] });
  }) as typeof globalThis.fetch;
  return { fetch, asked };
}
