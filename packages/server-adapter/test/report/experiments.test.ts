/** Experiment exposure and outcomes read from the events (real PGlite), with the variant table checked by hand. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, type Report } from '../../src/report/build.js';
import { DEFAULT_ATTRIBUTION } from '../../src/report/options.js';
import { wilson } from '../../src/report/stats.js';
import { openStore, type Store } from '../../src/store/index.js';
import { T0 } from './history.js';
import { experimentHistory } from './scenarios.js';

describe('experiments from events (PGlite)', () => {
  let store: Store;
  let report: Report;
  beforeAll(async () => {
    store = await openStore({});
    await experimentHistory().store(store, 'pk_report_exp');
    report = await buildReport(store, {
      siteKey: 'pk_report_exp', from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), attribution: DEFAULT_ATTRIBUTION,
      splits: { 'home-trending': { variants: [{ name: 'control', weight: 1 }, { name: 'b', weight: 1 }] } },
    });
  });
  afterAll(() => store.close());

  it('counts exposed visitors, conversions after the first exposure and revenue per visitor per variant', () => {
    expect(report.experiments).toHaveLength(1);
    const [e] = report.experiments;
    expect(e.placement).toBe('home-trending');
    expect(e.baseline).toBe('control');
    const control = e.variants.find((v) => v.variant === 'control')!;
    const b = e.variants.find((v) => v.variant === 'b')!;
    expect(control).toMatchObject({ visitors: 6, converted: 2, expectedShare: 0.5 });
    expect(control.conversion).toEqual(wilson(2, 6));
    expect(control.revenuePerVisitor.value).toBe(10);
    expect(b).toMatchObject({ visitors: 6, converted: 3 });
    expect(b.revenuePerVisitor.value).toBe(20);
    // revenue of b per visitor: 30, 30, 60, 0, 0, 0 → s² = (3·(30-20)² + (60-20)² ... ) computed by hand: 
    const xs = [30, 30, 60, 0, 0, 0];
    const s2 = xs.reduce((s, x) => s + (x - 20) ** 2, 0) / 5;
    expect(b.revenuePerVisitor.high - 20).toBeCloseTo(1.959964 * Math.sqrt(s2 / 6), 5);
  });

  it('gives no verdict on 12 visitors and says how many more are needed; the 6/6 split is no mismatch', () => {
    const [e] = report.experiments;
    expect(e.comparisons[0].verdict).toMatch(/^not enough data yet: ~\d+ more visitors needed$/);
    expect(e.srm).toMatchObject({ mismatch: false, expected: 'configured', pValue: 1 });
  });

  it('lists the model version the recommendations were tagged with', () => {
    expect(report.models.find((m) => m.version === 'mlp-test')).toMatchObject({ impressions: 12, clicks: 0, manifest: 'missing' });
  });
});

describe('experiment notes (PGlite)', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({});
    const h = experimentHistory();
    h.impression(T0, { anon: 'solo' }, { placement: 'home-for-you', productId: 'H1', variant: 'holdout' });
    await h.store(store, 'pk_report_exp_notes');
  });
  afterAll(() => store.close());

  it('says when a configured split has no variant-tagged impressions, and when only one arm was shown', async () => {
    const report = await buildReport(store, {
      siteKey: 'pk_report_exp_notes', from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), attribution: DEFAULT_ATTRIBUTION,
      splits: { 'pdp-similar': { variants: [{ name: 'control', weight: 1 }, { name: 'b', weight: 1 }] }, 'home-trending': { variants: [{ name: 'control', weight: 1 }, { name: 'b', weight: 1 }] }, 'cart-add-ons': undefined },
    });
    expect(report.experiments.map((e) => e.placement)).toEqual(['home-trending']);
    expect(report.notes).toContain('placement "pdp-similar" has an A/B split configured but no impression of this range carries a variant: check that the pages send the recommendation answer\'s variant with their events');
    expect(report.notes).toContain('placement "home-for-you": only variant "holdout" was shown in this range, so there is nothing to compare it with yet');
    expect(report.notes.join(' ')).not.toMatch(/home-trending|cart-add-ons/);
  });
});

describe('a visitor exposed to both arms (PGlite)', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({});
    const h = experimentHistory();
    // Shown control, then b (e.g. the split was reconfigured during the experiment), then orders for 500.
    const both = { anon: 'both-arms' };
    h.impression(T0 + 1000, both, { placement: 'home-trending', productId: 'H1', variant: 'control' })
      .impression(T0 + 60_000, both, { placement: 'home-trending', productId: 'H2', variant: 'b' })
      .purchase(T0 + 120_000, both, 'o-both', [{ productId: 'H2', price: 500 }]);
    await h.store(store, 'pk_report_exp_mixed');
  });
  afterAll(() => store.close());

  const report = (source: 'tables' | 'events') => buildReport(store, {
    siteKey: 'pk_report_exp_mixed', from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), attribution: DEFAULT_ATTRIBUTION,
    splits: { 'home-trending': { variants: [{ name: 'control', weight: 1 }, { name: 'b', weight: 1 }] } }, source,
  });

  it('is left out of both arms and counted apart, from the report tables and from the raw events alike', async () => {
    for (const source of ['tables', 'events'] as const) {
      const [e] = (await report(source)).experiments;
      expect(e.variants.map((v) => [v.variant, v.visitors, v.converted, v.revenuePerVisitor.value])).toEqual([['b', 6, 3, 20], ['control', 6, 2, 10]]);
      expect(e.mixed).toEqual({ visitors: 1, message: '1 visitor saw more than one variant (the split changed during the experiment?) and is left out of every arm' });
      expect(e.srm.mismatch).toBe(false);
    }
  });
});
