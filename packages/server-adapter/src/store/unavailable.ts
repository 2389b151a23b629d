/** Network errors of a connection to the database that cannot be reached (or went away). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/**
 * SQLSTATEs of a database that is down, shutting down, starting up or full (`08…` connection exceptions plus 57P01-03,
 * 53300), or that gave up on a statement it could not finish in time: 57014 (a server-side `statement_timeout`, an
 * operator's `pg_cancel_backend` on a stuck query) and 55P03 (`lock_timeout`), or rolled a transaction back for a
 * deadlock (40P01) or a serialization failure (40001) again after the store's own retries (`retry.ts`). A retry shortly
 * may well succeed.
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '55P03', '40P01', '40001']);
/** node-postgres' own errors when a connection cannot be had, broke, or gave no answer within the statement limit (no code). */
const CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|Query read timeout$)/;

/**
 * Whether an error means the store cannot be reached right now (PostgreSQL restarting, refusing connections, a cut
 * network, an exhausted pool), as opposed to a bug or a bad query: such requests are answered 503 and may be retried.
 */
export function isStoreUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
  const cause = (error as { cause?: unknown }).cause;
  return isStoreUnavailable(cause, depth + 1);
}
