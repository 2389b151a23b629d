/**
 * `promise`, or a rejection after `ms` milliseconds: for calls to optional services (Redis) that must never hold a
 * request when the service stops answering. The timer does not keep the process alive.
 */
export function deadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** What {@link within} gives for a promise that has not settled in time. */
export const LATE: unique symbol = Symbol('late');

/**
 * `promise`'s value, or {@link LATE} when it has not settled within `ms` milliseconds (it keeps running: its outcome
 * is the caller's to handle); a rejection in time is thrown. For work a request may stop waiting for (a slow store).
 */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), Math.max(0, ms));
    timer.unref?.();
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
