/**
 * Exponentially time-decayed scores per key: each addition of `w` at time `t` is worth `w · 2^(-(now - t) / halfLife)`
 * at `now`. Kept as (value, time of value) pairs, so updates are O(1) and events may arrive out of order.
 */
export class DecayedCounter {
  private readonly values = new Map<string, { value: number; at: number }>();

  constructor(readonly halfLifeMs: number) {}

  /** Adds `weight` for `key` at time `at` (epoch ms). */
  add(key: string, at: number, weight = 1): void {
    const current = this.values.get(key);
    if (!current) {
      this.values.set(key, { value: weight, at });
    } else if (at >= current.at) {
      current.value = current.value * this.factor(at - current.at) + weight;
      current.at = at;
    } else {
      current.value += weight * this.factor(current.at - at);
    }
  }

  /** The decayed score of `key` at `now` (0 when never seen). */
  score(key: string, now: number): number {
    const current = this.values.get(key);
    if (!current) return 0;
    return now >= current.at ? current.value * this.factor(now - current.at) : current.value;
  }

  /** Every key with a score. */
  keys(): IterableIterator<string> {
    return this.values.keys();
  }

  private factor(elapsedMs: number): number {
    return Math.pow(2, -elapsedMs / this.halfLifeMs);
  }
}
