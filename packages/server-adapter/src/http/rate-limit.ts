/** The decision for one request. */
export interface RateDecision {
  allowed: boolean;
  /** Requests left in the current window. */
  remaining: number;
  /** Seconds until the window resets (the `Retry-After` value when refused). */
  retryAfterSeconds: number;
}

/** Counts requests per key in fixed windows. In-process by default; Redis-backed when shared across processes. */
export interface RateLimiter {
  hit(key: string): Promise<RateDecision>;
  close(): Promise<void>;
}

/** An in-process fixed-window limiter (`max` requests per `windowSeconds` per key). */
export function createMemoryRateLimiter(max: number, windowSeconds: number, now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const windowMs = windowSeconds * 1000;
  let sweptAt = now();
  return {
    async hit(key) {
      const t = now();
      if (t - sweptAt > windowMs) {
        for (const [k, w] of windows) if (t - w.start >= windowMs) windows.delete(k);
        sweptAt = t;
      }
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      const retryAfterSeconds = Math.max(1, Math.ceil((w.start + windowMs - t) / 1000));
      return { allowed: w.count <= max, remaining: Math.max(0, max - w.count), retryAfterSeconds };
    },
    async close() {
      windows.clear();
    },
  };
}
