import {
  chiSquareTest, meanInterval, proportionDifference, sampleSizePerArm, welchDifference, wilson, type Interval, type Moments,
} from './stats.js';

/** One variant's exposure: visitors with a viewable impression of the variant, those who ordered, their revenue. */
export interface ExposureRow {
  placement: string;
  variant: string;
  visitors: number;
  converted: number;
  revenue: number;
  revenueSq: number;
  /** Visitors of this placement exposed to more than one variant, left out of every arm (the same on each row). */
  mixedVisitors?: number;
}

/** The configured split of a placement: holdout share and the variants' relative weights. */
export interface SplitConfig {
  holdout?: number;
  variants?: { name: string; weight: number }[];
}

export interface VariantResult {
  variant: string;
  visitors: number;
  converted: number;
  /** Share of visitors who ordered after their first exposure (Wilson 95 % interval). */
  conversion: Interval;
  /** Revenue per visitor (normal 95 % interval, Welch standard error). */
  revenuePerVisitor: Interval;
  /** Share of visitors the configuration expects in this variant. */
  expectedShare: number;
}

export interface Comparison {
  variant: string;
  against: string;
  /** Difference of conversion rates (variant - baseline), normal 95 % interval. */
  conversionDiff: Interval;
  /** Difference of revenue per visitor (variant - baseline), Welch 95 % interval. */
  revenueDiff: Interval;
  significant: boolean;
  /** Visitors still needed (all arms of the comparison together) for 80 % power at the observed difference; 0 when enough. */
  moreVisitorsNeeded: number;
  verdict: string;
}

export interface ExperimentResult {
  placement: string;
  baseline: string;
  variants: VariantResult[];
  comparisons: Comparison[];
  srm: { statistic: number; df: number; pValue: number; mismatch: boolean; expected: 'configured' | 'equal'; message: string };
  /** Visitors who saw more than one variant of this placement: in no arm, so they bias none. */
  mixed?: { visitors: number; message: string };
}

/** p-value under which the assignment counts are flagged as a sample-ratio mismatch. */
export const SRM_ALPHA = 0.001;
/** Fewest visitors per arm before any verdict is given. */
export const MIN_VISITORS = 100;

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Expected shares of `names` under `split` (holdout share, then variant weights); undefined when a name is not configured. */
export function expectedShares(names: string[], split: SplitConfig | undefined): number[] | undefined {
  if (!split) return undefined;
  const holdout = split.holdout ?? 0;
  const weights = new Map((split.variants ?? [{ name: 'control', weight: 1 }]).map((v) => [v.name, v.weight]));
  const total = [...weights.values()].reduce((s, w) => s + w, 0);
  const shares = names.map((name) => (name === 'holdout' ? holdout : weights.has(name) ? ((1 - holdout) * weights.get(name)!) / total : NaN));
  return shares.some((s) => Number.isNaN(s) || s <= 0) ? undefined : shares;
}

/** The plain-language verdict of one comparison, on conversion rate. */
export function verdictOf(variant: string, against: string, a: VariantResult, b: VariantResult, diff: Interval): { verdict: string; significant: boolean; more: number } {
  const perArm = sampleSizePerArm(a.conversion.value, b.conversion.value);
  const needed = Number.isFinite(perArm) ? Math.max(0, perArm - a.visitors) + Math.max(0, perArm - b.visitors) : Infinity;
  const significant = a.visitors >= MIN_VISITORS && b.visitors >= MIN_VISITORS && (diff.low > 0 || diff.high < 0);
  const half = (diff.high - diff.low) / 2;
  if (significant) {
    const leader = diff.value > 0 ? variant : against;
    const other = diff.value > 0 ? against : variant;
    return { verdict: `${leader} ahead of ${other} by ${pct(Math.abs(diff.value))} ± ${pct(half)} in conversion (95 % CI)`, significant, more: 0 };
  }
  const minimum = Math.max(0, MIN_VISITORS - a.visitors) + Math.max(0, MIN_VISITORS - b.visitors);
  const more = Math.max(minimum, Number.isFinite(needed) ? needed : 0);
  if (more > 0) return { verdict: `not enough data yet: ~${more} more visitors needed`, significant, more };
  if (!Number.isFinite(needed)) {
    return { verdict: `no difference seen between ${variant} and ${against} (${pct(diff.low)} to ${pct(diff.high)}); the experiment cannot tell them apart`, significant, more: 0 };
  }
  return { verdict: `no clear difference: ${variant} vs ${against} ${diff.value >= 0 ? '+' : '−'}${pct(Math.abs(diff.value))} ± ${pct(half)} in conversion`, significant, more: 0 };
}

/** The baseline arm a placement's other variants are compared with: `control`, else `holdout`, else the first. */
export function baselineOf(names: string[]): string {
  return names.includes('control') ? 'control' : names.includes('holdout') ? 'holdout' : [...names].sort()[0];
}

/**
 * Experiment results of every placement that has exposures of at least two variants (or one variant and a
 * holdout): per-variant rates with intervals, comparisons with the baseline, verdicts and the SRM check.
 */
export function experimentResults(rows: ExposureRow[], splits: Record<string, SplitConfig | undefined>): ExperimentResult[] {
  const byPlacement = new Map<string, ExposureRow[]>();
  for (const row of rows) byPlacement.set(row.placement, [...(byPlacement.get(row.placement) ?? []), row]);
  const results: ExperimentResult[] = [];
  for (const [placement, all] of [...byPlacement].sort(([a], [b]) => a.localeCompare(b))) {
    const arms = all.filter((a) => a.visitors > 0);
    if (arms.length < 2) continue;
    const mixedVisitors = all[0].mixedVisitors ?? 0;
    const names = arms.map((a) => a.variant);
    const configured = expectedShares(names, splits[placement]);
    const shares = configured ?? names.map(() => 1 / names.length);
    const variants: VariantResult[] = arms.map((arm, i) => {
      const moments: Moments = { n: arm.visitors, sum: arm.revenue, sumSq: arm.revenueSq };
      return {
        variant: arm.variant, visitors: arm.visitors, converted: arm.converted, conversion: wilson(arm.converted, arm.visitors),
        revenuePerVisitor: meanInterval(moments), expectedShare: shares[i] / shares.reduce((s, v) => s + v, 0),
      };
    });
    const baseline = baselineOf(names);
    const base = variants.find((v) => v.variant === baseline)!;
    const baseArm = arms.find((a) => a.variant === baseline)!;
    const comparisons = variants.filter((v) => v.variant !== baseline).map((v): Comparison => {
      const arm = arms.find((a) => a.variant === v.variant)!;
      const conversionDiff = proportionDifference({ successes: base.converted, n: base.visitors }, { successes: v.converted, n: v.visitors });
      const revenueDiff = welchDifference({ n: baseArm.visitors, sum: baseArm.revenue, sumSq: baseArm.revenueSq }, { n: arm.visitors, sum: arm.revenue, sumSq: arm.revenueSq });
      const { verdict, significant, more } = verdictOf(v.variant, baseline, base, v, conversionDiff);
      return { variant: v.variant, against: baseline, conversionDiff, revenueDiff, significant, moreVisitorsNeeded: more, verdict };
    });
    const test = chiSquareTest(arms.map((a) => a.visitors), shares);
    const mismatch = test.pValue < SRM_ALPHA;
    const split = variants.map((v) => `${v.variant} ${pct(v.visitors / Math.max(1, variants.reduce((s, x) => s + x.visitors, 0)))} (expected ${pct(v.expectedShare)})`).join(', ');
    results.push({
      placement, baseline, variants, comparisons,
      ...(mixedVisitors ? { mixed: {
        visitors: mixedVisitors,
        message: `${mixedVisitors} visitor${mixedVisitors === 1 ? '' : 's'} saw more than one variant (the split changed during the experiment?) and ${mixedVisitors === 1 ? 'is' : 'are'} left out of every arm`,
      } } : {}),
      srm: {
        ...test, mismatch, expected: configured ? 'configured' : 'equal',
        message: mismatch
          ? `sample-ratio mismatch (p = ${test.pValue.toExponential(1)}): ${split}; check the assignment and the tracking before trusting the results`
          : `assignment matches the ${configured ? 'configured' : 'assumed equal'} split (p = ${test.pValue.toFixed(3)})`,
      },
    });
  }
  return results;
}
