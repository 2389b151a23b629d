/**
 * The statistics of the experiment report, as small pure functions:
 * - a proportion (conversion rate) gets a 95 % **Wilson score** interval;
 * - a difference of two proportions gets the unpooled **normal (Wald)** interval;
 * - a mean (revenue per visitor) and a difference of means get the **Welch** standard error with the normal
 *   quantile 1.96 (large-sample approximation; experiments are read with hundreds of visitors per arm or more);
 * - the sample size per arm comes from the normal power calculation (two-sided α = 0.05, power 0.8);
 * - sample-ratio mismatch is Pearson's chi-square test against the configured split.
 */

/** z quantile of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;
/** z quantile of 80 % power. */
export const Z_POWER80 = 0.8416212335729143;

/** An estimate with its 95 % interval. */
export interface Interval {
  value: number;
  low: number;
  high: number;
}

/** Wilson score interval of `successes` out of `n` (n = 0 gives 0 with the interval [0, 1]). */
export function wilson(successes: number, n: number, z = Z95): Interval {
  if (n <= 0) return { value: 0, low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Summary of a per-visitor value: count, sum and sum of squares. */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

/** Sample variance (n - 1 denominator) from moments; 0 below two observations. */
export function variance(m: Moments): number {
  if (m.n < 2) return 0;
  const mean = m.sum / m.n;
  return Math.max(0, (m.sumSq - m.n * mean * mean) / (m.n - 1));
}

/** Mean with a normal 95 % interval (standard error sqrt(s² / n)). */
export function meanInterval(m: Moments, z = Z95): Interval {
  if (m.n <= 0) return { value: 0, low: 0, high: 0 };
  const mean = m.sum / m.n;
  const half = z * Math.sqrt(variance(m) / m.n);
  return { value: mean, low: mean - half, high: mean + half };
}

/** Difference `b - a` of two proportions with the unpooled normal 95 % interval. */
export function proportionDifference(a: { successes: number; n: number }, b: { successes: number; n: number }, z = Z95): Interval {
  const pa = a.n ? a.successes / a.n : 0;
  const pb = b.n ? b.successes / b.n : 0;
  const se = Math.sqrt((a.n ? (pa * (1 - pa)) / a.n : 0) + (b.n ? (pb * (1 - pb)) / b.n : 0));
  return { value: pb - pa, low: pb - pa - z * se, high: pb - pa + z * se };
}

/** Difference `b - a` of two means with the Welch standard error sqrt(s²a/na + s²b/nb) and the normal quantile. */
export function welchDifference(a: Moments, b: Moments, z = Z95): Interval {
  const ma = a.n ? a.sum / a.n : 0;
  const mb = b.n ? b.sum / b.n : 0;
  const se = Math.sqrt((a.n ? variance(a) / a.n : 0) + (b.n ? variance(b) / b.n : 0));
  return { value: mb - ma, low: mb - ma - z * se, high: mb - ma + z * se };
}

/**
 * Visitors needed PER ARM to detect the difference between rates `pa` and `pb` (two-sided α = 0.05, power 0.8):
 * n = (z₀.₉₇₅ + z₀.₈)² (pa(1-pa) + pb(1-pb)) / (pb - pa)². Infinity when the rates are equal.
 */
export function sampleSizePerArm(pa: number, pb: number): number {
  const delta = pb - pa;
  if (delta === 0) return Infinity;
  return Math.ceil(((Z95 + Z_POWER80) ** 2 * (pa * (1 - pa) + pb * (1 - pb))) / (delta * delta));
}

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Regularised upper incomplete gamma Q(a, x) (series below a + 1, Lentz continued fraction above). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return Math.max(0, 1 - sum * front);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return Math.min(1, front * h);
}

/** Pearson's chi-square test of observed counts against expected shares (which are normalised to sum to 1). */
export function chiSquareTest(observed: number[], shares: number[]): { statistic: number; df: number; pValue: number } {
  const total = observed.reduce((s, v) => s + v, 0);
  const shareSum = shares.reduce((s, v) => s + v, 0);
  let statistic = 0;
  observed.forEach((o, i) => {
    const expected = (total * shares[i]) / shareSum;
    if (expected > 0) statistic += ((o - expected) ** 2) / expected;
  });
  const df = observed.length - 1;
  return { statistic, df, pValue: df > 0 && total > 0 ? gammaQ(df / 2, statistic / 2) : 1 };
}
