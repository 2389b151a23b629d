/**
 * Training from logged events (`trainFromEvents`) as the device will use the model: features the device computes from
 * what the adapter serves.
 */
import { describe, expect, it } from 'vitest';
import { ModelManifest, type FocalEvent, type Product } from '@focal/sdk-core/contracts';
import { computeFeatures, emptySession, forward, standardise, FEATURE_COUNT } from '@focal/sdk-core/ranking';
import { trainFromEvents } from '../../src/training/train-events.js';

const products: Product[] = Array.from({ length: 12 }, (_, i) => ({
  id: `P${i}`, title: `P${i}`, url: `/p/${i}`, price: 50 + 10 * i, currency: 'EUR', categoryPath: ['Frames', `S${i % 3}`], brand: `b${i % 2}`, inStock: true,
}));

/**
 * 60 sessions: a product view, then a pdp-similar list of 6 shown products, one clicked (mostly the first ones).
 * `features(session, position)` is what the impression logged, if anything.
 */
function history(features: (session: number, position: number) => Record<string, unknown> | undefined = () => undefined): FocalEvent[] {
  const events: FocalEvent[] = [];
  let n = 0;
  const ev = (s: number, ms: number, type: string, properties: Record<string, unknown>) => events.push({
    id: `0190a000-0000-7000-8000-${String(++n).padStart(12, '0')}`, type, createdAt: new Date(Date.UTC(2026, 9, 1) + s * 600_000 + ms).toISOString(),
    anonymousId: `anon-${s}`, sessionId: `s-${s}`, consent: { analytics: true, personalization: true }, properties,
  } as FocalEvent);
  for (let s = 0; s < 60; s++) {
    ev(s, 0, 'product_view', { productId: `P${(s * 5) % 12}` });
    const shown = Array.from({ length: 6 }, (_, k) => `P${(s * 7 + k) % 12}`);
    const requestId = `req-${s}`;
    shown.forEach((productId, position) => {
      const logged = features(s, position);
      ev(s, 40_000, 'rec_impression', { requestId, placement: 'pdp-similar', productId, position, ...(logged ? { features: logged } : {}) });
    });
    const click = [0, 0, 1, 0, 2, 1, 3, 5][s % 8];
    ev(s, 50_000, 'rec_click', { requestId, placement: 'pdp-similar', productId: shown[click], position: click });
  }
  return events;
}

describe('trainFromEvents', () => {
  it('one impression that logged a number too large for float32 (score 1e39) does not fail the training', () => {
    const served = (s: number, position: number) => ({
      score: s === 3 && position === 0 ? 1e39 : 1.2 - position / 10, rank: position, popularity: 4, cooccurrence: 1, ageDays: 9, strategyScores: {},
    });
    const { model } = trainFromEvents(history(served), products, { epochs: 2 });
    expect(ModelManifest.safeParse(model.manifest).success).toBe(true);
    expect(model.manifest.normalization.mean.every(Number.isFinite)).toBe(true);
  });

  it('impressions that logged no server features: the model does not read the served score, whose scale it never saw (blend scores, not 1/(1 + rank))', () => {
    const { result } = trainFromEvents(history(), products, { epochs: 5, seed: 3 });
    // a pdp-similar answer of the adapter: blend scores (weights × scaled strategy scores), not 1/(1 + rank)
    const blend = [1.28, 1.11, 1.0, 0.94, 0.89, 0.85];
    const served = (score: (rank: number) => number) => blend.map((_, rank) => ({
      ...products[rank + 2], features: { score: score(rank), rank, popularity: 4, cooccurrence: 1, ageDays: 9, strategyScores: {} },
    }));
    const scores = (list: ReturnType<typeof served>) => [...forward(result.mlp, standardise(computeFeatures(list, emptySession(), Date.UTC(2026, 9, 2)),
      FEATURE_COUNT, result.normalization.mean, result.normalization.std), list.length)];
    expect(scores(served((rank) => blend[rank]))).toEqual(scores(served((rank) => 1 / (1 + rank))));
  });

  it('a store whose catalog lacks the products its impressions name says so, rather than to track impressions', () => {
    expect(() => trainFromEvents(history(), [])).toThrow(/360 logged impressions name products the catalog \(0 products\) does not hold — import the site's catalog \(focal-adapter import-catalog\)/);
    expect(() => trainFromEvents(history().filter((e) => e.type !== 'rec_click'), products)).toThrow(/track rec_impression and rec_click/);
  });
});
