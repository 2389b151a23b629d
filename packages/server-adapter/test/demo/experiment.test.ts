/**
 * The demo history's A/B test (`src/demo/placements.ts`): pdp-similar lists carry the variant the adapter would
 * assign (same config, same shopper id), both arms are filled in the configured proportions, and the `personal` arm
 * has the real effect the generator gives it, large enough for the report's experiment section to call it.
 */
import { describe, expect, it } from 'vitest';
import type { FocalEventOf } from '@focal/sdk-core/contracts';
import { DEMO_PLACEMENTS } from '../../src/demo/index.js';
import { experimentResults, type ExposureRow } from '../../src/report/experiments.js';
import { DEFAULT_PLACEMENTS } from '../../src/recommend/default-placements.js';
import { parsePlacements } from '../../src/recommend/placement-schema.js';
import { assignVariant } from '../../src/recommend/variant.js';
import { defaultDemo } from './load.js';

describe('demo A/B test on pdp-similar', () => {
  const { events } = defaultDemo();
  const recs = events.filter((e): e is FocalEventOf<'rec_impression' | 'rec_click'> => e.type === 'rec_impression' || e.type === 'rec_click');
  const config = parsePlacements(DEMO_PLACEMENTS, DEFAULT_PLACEMENTS)['pdp-similar']!;

  it('tags every pdp-similar list with the variant and blend the adapter assigns to the visitor (by anonymous id), and no other placement', () => {
    const wrong: string[] = [];
    for (const e of recs) {
      const { placement, variant, strategy } = e.properties;
      if (placement !== 'pdp-similar') {
        if (variant !== undefined) wrong.push(`${e.id}: ${placement} has variant ${variant}`);
        continue;
      }
      const assigned = assignVariant(config, placement, e.anonymousId);
      if (variant !== assigned.variant || strategy !== `blend:${Object.keys(assigned.strategies).join('+')}`) wrong.push(`${e.id}: ${variant} ${strategy}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('fills both arms as configured, and the personal arm converts better: a verdict, not a mismatch', () => {
    const first = new Map<string, number>();
    for (const e of recs) {
      if (e.type !== 'rec_impression' || !e.properties.variant) continue;
      const key = `${e.properties.variant}\u0000${e.anonymousId}`;
      if (!first.has(key)) first.set(key, Date.parse(e.createdAt));
    }
    const orders = new Map<string, { t: number; revenue: number }[]>();
    for (const e of events) {
      if (e.type === 'purchase') orders.set(e.anonymousId, [...(orders.get(e.anonymousId) ?? []), { t: Date.parse(e.createdAt), revenue: e.properties.revenue }]);
    }
    const rows = new Map<string, ExposureRow>();
    for (const [key, t] of first) {
      const [variant, anonymousId] = key.split('\u0000') as [string, string];
      const row = rows.get(variant) ?? rows.set(variant, { placement: 'pdp-similar', variant, visitors: 0, converted: 0, revenue: 0, revenueSq: 0 }).get(variant)!;
      const after = (orders.get(anonymousId) ?? []).filter((o) => o.t >= t);
      const revenue = after.reduce((s, o) => s + o.revenue, 0);
      row.visitors++;
      row.converted += after.length ? 1 : 0;
      row.revenue += revenue;
      row.revenueSq += revenue * revenue;
    }
    expect([...rows.keys()].sort()).toEqual(['control', 'personal']);
    const [experiment] = experimentResults([...rows.values()], { 'pdp-similar': config.split });
    expect(experiment!.srm.mismatch).toBe(false);
    for (const v of experiment!.variants) expect(v.visitors).toBeGreaterThan(2000);
    const [comparison] = experiment!.comparisons;
    expect(comparison).toMatchObject({ variant: 'personal', against: 'control', significant: true });
    expect(comparison!.conversionDiff.low).toBeGreaterThan(0);
    expect(comparison!.verdict).toMatch(/^personal ahead of control by \d+\.\d % ± \d+\.\d % in conversion/);
  });

  it('has the personal arm clicked more often (its lists suit the shopper better)', () => {
    const ctr = (variant: string) => {
      const of = recs.filter((e) => e.properties.variant === variant);
      return of.filter((e) => e.type === 'rec_click').length / of.filter((e) => e.type === 'rec_impression').length;
    };
    expect(ctr('personal')).toBeGreaterThan(ctr('control') * 1.05);
  });
});
