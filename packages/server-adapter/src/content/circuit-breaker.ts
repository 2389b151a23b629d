/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. @default 3 */
  failureThreshold?: number;
  /** How long an open circuit refuses calls before letting one trial through. @default 30000 */
  cooldownMs?: number;
  /** Clock in epoch ms (tests). */
  now?: () => number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * A circuit breaker for CMS calls: after `failureThreshold` consecutive failures it opens and refuses calls for
 * `cooldownMs`; then one trial call is allowed (half-open): success closes it, failure opens it again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly threshold: number;
  private readonly cooldown: number;
  private readonly now: () => number;

  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 3;
    this.cooldown = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.failures < this.threshold) return 'closed';
    return this.now() - this.openedAt >= this.cooldown ? 'half-open' : 'open';
  }

  /** Whether a call may go out now (claims the single half-open trial). */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.trialInFlight = false;
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.failures >= this.threshold) this.openedAt = this.now();
  }
}
