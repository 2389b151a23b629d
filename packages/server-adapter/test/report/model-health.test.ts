/**
 * Model health on a hand-built history (real PGlite): two stored reranker versions, the newer one clicked less;
 * the report lists each version's offline metrics beside its online CTR and attributed orders, and calls out the
 * retrained model that does worse online.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelManifest } from '@focal/sdk-core/contracts';
import { buildReport, type Report } from '../../src/report/build.js';
import { modelHealth } from '../../src/report/model-health.js';
import { DEFAULT_ATTRIBUTION } from '../../src/report/options.js';
import { openStore, type Store } from '../../src/store/index.js';
import { History, MIN, T0 } from './history.js';

const SITE = 'pk_report_models';

function manifest(version: string, createdAt: string, ndcg: number): ModelManifest {
  return {
    version, sha256: 'a'.repeat(64), file: 'reranker.onnx', featureNames: ['score'], normalization: { mean: [0], std: [1] },
    layers: [1, 1], opset: 17, irVersion: 8, createdAt, training: { source: 'test', lists: 10, candidates: 80, positives: 10, epochs: 1 },
    metrics: { 'ndcg@10': ndcg, 'baseline_ndcg@10': 0.6 },
  };
}

describe('model health (PGlite)', () => {
  let store: Store;
  let report: Report;

  beforeAll(async () => {
    store = await openStore({});
    await store.models.put(manifest('mlp-old', '2026-10-01T00:00:00.000Z', 0.74));
    await store.models.put(manifest('mlp-new', '2026-11-01T00:00:00.000Z', 0.76));
    await store.models.activate('mlp-new');
    const h = new History();
    // 400 impressions each; the old model gets 60 clicks, the new one 20 (one of them leads to an order).
    for (let i = 0; i < 400; i++) {
      for (const [version, clicks] of [['mlp-old', 60], ['mlp-new', 20]] as const) {
        const who = { anon: `${version}-${i}` };
        const p = { placement: 'pdp-similar', productId: `P${i}`, strategy: 'similar', modelVersion: version };
        h.impression(T0 + i * MIN, who, p);
        if (i < clicks) h.click(T0 + i * MIN + 1000, who, p);
      }
    }
    h.purchase(T0 + 2000, { anon: 'mlp-new-0' }, 'o-new', [{ productId: 'P0', price: 25 }]);
    await h.store(store, SITE);
    report = await buildReport(store, { siteKey: SITE, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), attribution: DEFAULT_ATTRIBUTION });
  });
  afterAll(() => store.close());

  it('puts each version\'s offline metrics beside its online CTR and attributed orders', () => {
    expect(report.models.find((m) => m.version === 'mlp-new')).toMatchObject({
      manifest: 'store', active: true, offline: { 'ndcg@10': 0.76, 'baseline_ndcg@10': 0.6 }, impressions: 400, clicks: 20, ctr: 0.05, orders: 1, conversion: 0.05, revenue: 25,
    });
    expect(report.models.find((m) => m.version === 'mlp-old')).toMatchObject({ active: false, impressions: 400, clicks: 60, ctr: 0.15, orders: 0 });
  });

  it('calls out a retrained model that does worse online than the one before it, in the models and the notes', () => {
    const newer = report.models.find((m) => m.version === 'mlp-new')!;
    expect(newer.comparedWith).toMatchObject({ version: 'mlp-old', worse: true });
    expect(newer.comparedWith!.ctrDiff.value).toBeCloseTo(-0.1, 10);
    expect(newer.comparedWith!.message).toMatch(/^mlp-new vs mlp-old: CTR 5\.00 % vs 15\.00 % .*the newer model does worse online$/);
    expect(report.notes).toContain(newer.comparedWith!.message);
    expect(report.models.find((m) => m.version === 'mlp-old')!.comparedWith).toBeUndefined();
  });

  it('says "no clear difference yet" when the interval spans zero, and compares only versions shown in the range', () => {
    const known = new Map([
      ['a', { manifest: manifest('a', '2026-10-01T00:00:00.000Z', 0.7), source: 'store' as const, active: false }],
      ['b', { manifest: manifest('b', '2026-10-02T00:00:00.000Z', 0.7), source: 'store' as const, active: true }],
      ['c', { manifest: manifest('c', '2026-10-03T00:00:00.000Z', 0.7), source: 'store' as const, active: false }],
    ]);
    const traffic = (version: string, kind: 'rec_impression' | 'rec_click', n: number) =>
      ({ kind, day: '2026-11-01', placement: 'x', strategy: '', variant: '', modelVersion: version, pageType: '', channel: 'web' as const, n });
    const rows = modelHealth([traffic('a', 'rec_impression', 100), traffic('a', 'rec_click', 10), traffic('c', 'rec_impression', 100), traffic('c', 'rec_click', 9)], [], known);
    expect(rows.find((m) => m.version === 'b')!.comparedWith).toBeUndefined();
    expect(rows.find((m) => m.version === 'c')!.comparedWith).toMatchObject({ version: 'a', worse: false });
    expect(rows.find((m) => m.version === 'c')!.comparedWith!.message).toMatch(/no clear difference yet$/);
  });
});
