/** When to try again, and whether to. Pure functions; the defaults are the schedule. */

export interface RetryPolicy {
  /** First delay, ms. @default 1000 */
  baseMs: number;
  /** Longest backoff delay, ms. @default 60000 */
  capMs: number;
  /** Longest `Retry-After` honoured, ms. @default 300000 */
  retryAfterCapMs: number;
  /** Attempts before an event is dead-lettered. @default 10 */
  maxAttempts: number;
  /** Age after which an event is dead-lettered once an attempt has failed, ms. @default 12 h */
  maxAgeMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  baseMs: 1000, capMs: 60_000, retryAfterCapMs: 300_000, maxAttempts: 10, maxAgeMs: 12 * 3600_000,
};

/**
 * Delay before attempt `failures + 1`, after `failures` (≥ 1) failed attempts: `base · 2^(failures−1)`,
 * capped, then jittered down by up to 20 % (`random` in [0, 1)) so tabs and pages do not retry in lockstep.
 * @example retryDelay(1, DEFAULT_RETRY, 0) === 1000; retryDelay(7, DEFAULT_RETRY, 0) === 60000
 */
export function retryDelay(failures: number, policy: RetryPolicy, random: number = Math.random()): number {
  return Math.round(Math.min(policy.capMs, policy.baseMs * 2 ** (failures - 1)) * (1 - 0.2 * random));
}

/**
 * Parses a `Retry-After` header (seconds or an HTTP date) into ms from `now`, capped at `capMs`;
 * `null` when absent or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, now: number, capMs: number): number | null {
  const ms = !header ? NaN : /^\s*\d+\s*$/.test(header) ? +header * 1000 : Date.parse(header) - now;
  return ms >= 0 ? Math.min(capMs, ms) : ms < 0 ? 0 : null;
}

/** What to do with a batch after an HTTP status: acknowledge per event, retry later, or give up. */
export type Verdict = 'ok' | 'retry' | 'fatal';

/**
 * Classifies a response status. 2xx: read the per-event results. Network errors (status 0), 408, 429 and
 * 5xx except 501/505: retry. Any other status (400, 401, 403, 413, 501, 505, …): dead-letter.
 */
export function classifyStatus(status: number): Verdict {
  return status >= 200 && status < 300 ? 'ok'
    : !status || status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505) ? 'retry' : 'fatal';
}
