/**
 * The experiment statistics against reference computations done by hand here (from raw observations, not from the
 * moments the code uses), published table values, and the sample-ratio mismatch check.
 */
import { describe, expect, it } from 'vitest';
import { experimentResults, expectedShares } from '../../src/report/experiments.js';
import { chiSquareTest, gammaQ, meanInterval, proportionDifference, sampleSizePerArm, welchDifference, wilson } from '../../src/report/stats.js';

/** Mean, sample variance and the moments of raw observations. */
function describeSample(xs: number[]) {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance, moments: { n: xs.length, sum: xs.reduce((s, x) => s + x, 0), sumSq: xs.reduce((s, x) => s + x * x, 0) } };
}

describe('confidence intervals', () => {
  it('Wilson interval of 45/100 matches the textbook value [0.3561, 0.5476]', () => {
    const ci = wilson(45, 100);
    expect(ci.value).toBe(0.45);
    expect(ci.low).toBeCloseTo(0.35615, 4);
    expect(ci.high).toBeCloseTo(0.54755, 4);
  });

  it('Wilson interval of 0/10 is [0, 0.2775] (never negative, unlike the Wald interval)', () => {
    const ci = wilson(0, 10);
    expect(ci.low).toBe(0);
    expect(ci.high).toBeCloseTo(0.27753, 4);
  });

  it('difference of proportions: the unpooled normal interval, computed by hand', () => {
    // 120/1000 vs 150/1000: se = sqrt(.12*.88/1000 + .15*.85/1000) = sqrt(0.0002331) = 0.015268
    const d = proportionDifference({ successes: 120, n: 1000 }, { successes: 150, n: 1000 });
    const se = Math.sqrt((0.12 * 0.88) / 1000 + (0.15 * 0.85) / 1000);
    expect(se).toBeCloseTo(0.015268, 5);
    expect(d.value).toBeCloseTo(0.03, 12);
    expect(d.low).toBeCloseTo(0.03 - 1.959964 * se, 6);
    expect(d.high).toBeCloseTo(0.03 + 1.959964 * se, 6);
  });

  it('revenue per visitor: mean and Welch difference from raw observations', () => {
    const a = describeSample([0, 0, 0, 40, 0, 120, 0, 0, 60, 0]);
    const b = describeSample([0, 80, 0, 40, 0, 120, 0, 90, 60, 0, 0, 30]);
    expect(a.mean).toBe(22);
    const m = meanInterval(a.moments);
    expect(m.value).toBe(22);
    expect(m.high - m.value).toBeCloseTo(1.959964 * Math.sqrt(a.variance / 10), 6);
    const d = welchDifference(a.moments, b.moments);
    const se = Math.sqrt(a.variance / 10 + b.variance / 12);
    expect(d.value).toBeCloseTo(b.mean - a.mean, 10);
    expect(d.low).toBeCloseTo(b.mean - a.mean - 1.959964 * se, 6);
  });

  it('sample size per arm for 10 % vs 12 % conversion is about 3,839 (α 0.05, power 0.8)', () => {
    expect(sampleSizePerArm(0.1, 0.12)).toBe(Math.ceil(((1.959964 + 0.841621) ** 2 * (0.09 + 0.1056)) / 0.0004));
    expect(sampleSizePerArm(0.1, 0.12)).toBe(3839);
    expect(sampleSizePerArm(0.2, 0.2)).toBe(Infinity);
  });
});

describe('chi-square and sample-ratio mismatch', () => {
  it('upper tail matches the table: χ²(1) = 3.841 → p 0.05, χ²(2) = 13.816 → p 0.001, χ²(10) = 18.307 → p 0.05', () => {
    expect(gammaQ(0.5, 3.841459 / 2)).toBeCloseTo(0.05, 5);
    expect(gammaQ(1, 13.815511 / 2)).toBeCloseTo(0.001, 6);
    expect(gammaQ(5, 18.307038 / 2)).toBeCloseTo(0.05, 5);
  });

  it('5,000 vs 5,400 on a 50/50 split is a mismatch; 5,000 vs 5,100 is not', () => {
    const bad = chiSquareTest([5000, 5400], [1, 1]);
    expect(bad.statistic).toBeCloseTo((200 ** 2 / 5200) * 2, 8);
    expect(bad.pValue).toBeLessThan(0.001);
    expect(chiSquareTest([5000, 5100], [1, 1]).pValue).toBeGreaterThan(0.3);
  });

  it('flags SRM against the configured split (10 % holdout), not an assumed equal one', () => {
    const rows = [
      { placement: 'home-for-you', variant: 'holdout', visitors: 1000, converted: 100, revenue: 5000, revenueSq: 500000 },
      { placement: 'home-for-you', variant: 'control', visitors: 9000, converted: 990, revenue: 50000, revenueSq: 5000000 },
    ];
    expect(expectedShares(['holdout', 'control'], { holdout: 0.1 })).toEqual([0.1, 0.9]);
    const configured = experimentResults(rows, { 'home-for-you': { holdout: 0.1 } })[0];
    expect(configured.srm).toMatchObject({ mismatch: false, expected: 'configured' });
    const skewed = experimentResults([{ ...rows[0], visitors: 1300 }, rows[1]], { 'home-for-you': { holdout: 0.1 } })[0];
    expect(skewed.srm.mismatch).toBe(true);
    expect(skewed.srm.message).toMatch(/sample-ratio mismatch/);
  });
});

describe('verdicts', () => {
  const arm = (variant: string, visitors: number, converted: number) => ({ placement: 'pdp-similar', variant, visitors, converted, revenue: converted * 50, revenueSq: converted * 2500 });

  it('names the leader with the difference and its half-width', () => {
    const [result] = experimentResults([arm('control', 10000, 1000), arm('b', 10000, 1300)], {});
    const c = result.comparisons[0];
    const half = 1.959964 * Math.sqrt((0.1 * 0.9) / 10000 + (0.13 * 0.87) / 10000);
    expect(c.significant).toBe(true);
    expect(c.verdict).toBe(`b ahead of control by 3.0 % ± ${(half * 100).toFixed(1)} % in conversion (95 % CI)`);
  });

  it('asks for more visitors when the difference is not clear yet, from the power calculation', () => {
    const [result] = experimentResults([arm('control', 500, 50), arm('b', 500, 60)], {});
    const c = result.comparisons[0];
    const perArm = sampleSizePerArm(0.1, 0.12);
    expect(c.significant).toBe(false);
    expect(c.moreVisitorsNeeded).toBe(2 * (perArm - 500));
    expect(c.verdict).toBe(`not enough data yet: ~${2 * (perArm - 500)} more visitors needed`);
  });

  it('ignores placements with a single arm', () => {
    expect(experimentResults([arm('control', 500, 50)], {})).toEqual([]);
  });
});
