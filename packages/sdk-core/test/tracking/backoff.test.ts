import { describe, expect, it } from 'vitest';
import { classifyStatus, DEFAULT_RETRY, parseRetryAfter, retryDelay } from '../../src/tracking/backoff.js';

describe('retry schedule', () => {
  it('starts at 1 s and doubles up to a 60 s cap (without jitter)', () => {
    const schedule = Array.from({ length: 10 }, (_, i) => retryDelay(i + 1, DEFAULT_RETRY, 0));
    expect(schedule).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000]);
  });

  it('jitters each delay down by at most 20 % and never above the cap', () => {
    for (const failures of [1, 3, 6, 9]) {
      const plain = retryDelay(failures, DEFAULT_RETRY, 0);
      for (const r of [0.01, 0.5, 0.999]) {
        const d = retryDelay(failures, DEFAULT_RETRY, r);
        expect(d).toBeLessThanOrEqual(plain);
        expect(d).toBeGreaterThanOrEqual(plain * 0.8);
      }
    }
    expect(new Set(Array.from({ length: 20 }, () => retryDelay(4, DEFAULT_RETRY))).size).toBeGreaterThan(1);
  });

  it('honours Retry-After in seconds or as a date, up to 300 s', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(parseRetryAfter('3', now, 300_000)).toBe(3000);
    expect(parseRetryAfter(new Date(now + 42_000).toUTCString(), now, 300_000)).toBe(42_000);
    expect(parseRetryAfter('3600', now, 300_000)).toBe(300_000);
    expect(parseRetryAfter('soon', now, 300_000)).toBeNull();
    expect(parseRetryAfter(null, now, 300_000)).toBeNull();
  });

  it.each([
    [200, 'ok'], [207, 'ok'], [0, 'retry'], [408, 'retry'], [429, 'retry'], [500, 'retry'], [502, 'retry'], [503, 'retry'],
    [504, 'retry'], [501, 'fatal'], [505, 'fatal'], [400, 'fatal'], [401, 'fatal'], [403, 'fatal'], [413, 'fatal'],
  ] as const)('HTTP %i ⇒ %s', (status, verdict) => {
    expect(classifyStatus(status)).toBe(verdict);
  });
});
