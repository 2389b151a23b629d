/**
 * Co-occurrence counts over "baskets" (sessions for co-view, orders for co-purchase), with lift.
 *
 * `N` = baskets seen, `n(a)` = baskets containing `a`, `c(a,b)` = baskets containing both, and
 * `E(a,b) = n(a) · n(b) / N` the count expected if `a` and `b` were independent.
 * `lift(a,b) = c / E` (1 = independent). Raw lift explodes for rare items (one shared session of two products seen
 * once is a lift of `N`), so ranking uses the smoothed lift `(c + α) / (E + α)` (the posterior mean of the lift under
 * a Gamma(α, α) prior centred on 1, α = `shrinkage`): rare pairs are pulled towards 1, well-supported pairs keep
 * their lift.
 */
export class PairCounter {
  private readonly pairs = new Map<string, Map<string, number>>();
  private readonly singles = new Map<string, number>();
  private basketCount = 0;

  constructor(readonly shrinkage = 1) {}

  /** Counts one new basket. */
  addBasket(): void {
    this.basketCount++;
  }

  /** Counts `item` as present in one more basket. */
  addItem(item: string): void {
    this.singles.set(item, (this.singles.get(item) ?? 0) + 1);
  }

  /** Counts one more basket holding both `a` and `b` (symmetric). */
  addPair(a: string, b: string): void {
    if (a === b) return;
    this.bump(a, b);
    this.bump(b, a);
  }

  /** Baskets seen (`N`). */
  get baskets(): number {
    return this.basketCount;
  }

  /** Baskets containing `item` (`n(item)`). */
  itemCount(item: string): number {
    return this.singles.get(item) ?? 0;
  }

  /** Baskets containing both (`c(a,b)`). */
  pairCount(a: string, b: string): number {
    return this.pairs.get(a)?.get(b) ?? 0;
  }

  /** `c(a,b) · N / (n(a) · n(b))`, 0 when never together. */
  lift(a: string, b: string): number {
    const c = this.pairCount(a, b);
    if (!c) return 0;
    return (c * this.basketCount) / (this.itemCount(a) * this.itemCount(b));
  }

  /** Smoothed lift `(c + α) / (E + α)`; 0 when never together. */
  smoothedLift(a: string, b: string): number {
    const c = this.pairCount(a, b);
    if (!c) return 0;
    const expected = (this.itemCount(a) * this.itemCount(b)) / this.basketCount;
    return (c + this.shrinkage) / (expected + this.shrinkage);
  }

  /** Items seen with `item` and their pair counts. */
  partners(item: string): ReadonlyMap<string, number> {
    return this.pairs.get(item) ?? EMPTY;
  }

  private bump(a: string, b: string): void {
    let row = this.pairs.get(a);
    if (!row) this.pairs.set(a, (row = new Map()));
    row.set(b, (row.get(b) ?? 0) + 1);
  }
}

const EMPTY: ReadonlyMap<string, number> = new Map();
