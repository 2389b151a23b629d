/**
 * SQLSTATEs of a transaction the database rolled back to let others go on: 40P01 (deadlock detected: it was the one
 * chosen to fail) and 40001 (serialization failure). Nothing of it was written; running it again usually succeeds.
 */
const RETRIABLE_STATES = new Set(['40P01', '40001']);

/** Times a statement or transaction is run in all when the database rolls it back for a deadlock (1 + 2 retries). */
export const TRANSIENT_ATTEMPTS = 3;

/** Whether an error is a deadlock or a serialization failure (see {@link RETRIABLE_STATES}). */
export function isTransientConflict(error: unknown): boolean {
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && RETRIABLE_STATES.has(code);
}

/**
 * Runs `attempt` (a whole statement outside a transaction, or a whole transaction) again when the database rolled it
 * back for a deadlock or a serialization failure, up to {@link TRANSIENT_ATTEMPTS} times in all, waiting a few random
 * milliseconds (more each time) so the transactions that collided do not collide again. The last failure is thrown
 * (`isStoreUnavailable` knows it: 503 store_unavailable with Retry-After). Never for a statement inside a transaction:
 * the database rolled the whole transaction back.
 */
export async function retryTransient<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= TRANSIENT_ATTEMPTS || !isTransientConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** n));
    }
  }
}
