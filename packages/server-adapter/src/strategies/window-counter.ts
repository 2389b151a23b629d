import { DAY_MS } from './types.js';

/**
 * Interaction counts per key in day buckets, so a count over any window of whole days is a small sum.
 * Buckets older than `keepDays` before the newest event are dropped as events arrive.
 */
export class WindowCounter {
  private readonly buckets = new Map<string, Map<number, number>>();
  private newestDay = -Infinity;

  constructor(private readonly keepDays = 90) {}

  /** Adds `amount` for `key` at time `at` (epoch ms). Events may arrive out of order. */
  add(key: string, at: number, amount = 1): void {
    const day = Math.floor(at / DAY_MS);
    if (day > this.newestDay) this.newestDay = day;
    if (day < this.newestDay - this.keepDays) return;
    let days = this.buckets.get(key);
    if (!days) this.buckets.set(key, (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + amount);
    if (days.size > this.keepDays + 2) {
      for (const d of days.keys()) if (d < this.newestDay - this.keepDays) days.delete(d);
    }
  }

  /** Sum for `key` over the `windowDays` days ending with the day of `now` (inclusive). */
  count(key: string, now: number, windowDays: number): number {
    const days = this.buckets.get(key);
    if (!days) return 0;
    const last = Math.floor(now / DAY_MS);
    const first = last - windowDays + 1;
    let sum = 0;
    for (const [day, n] of days) if (day >= first && day <= last) sum += n;
    return sum;
  }

  /** Every key with at least one bucket. */
  keys(): IterableIterator<string> {
    return this.buckets.keys();
  }
}
