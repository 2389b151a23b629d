/** A circuit breaker: opens after `threshold` consecutive failures, lets one trial through after `cooldownMs`. */
export interface Breaker {
  /** Whether a request may go out now. */
  allow(): boolean;
  success(): void;
  failure(): void;
}

/**
 * Creates a consecutive-failure circuit breaker.
 * @param threshold failures in a row that open the circuit (default 3)
 * @param cooldownMs how long it stays open before a trial request (default 10 s)
 */
export function createBreaker(threshold = 3, cooldownMs = 10_000, now: () => number = Date.now): Breaker {
  let failures = 0;
  let openedAt = 0;
  return {
    allow: () => failures < threshold || now() - openedAt >= cooldownMs,
    success: () => { failures = 0; },
    failure: () => {
      failures++;
      if (failures >= threshold) openedAt = now();
    },
  };
}
