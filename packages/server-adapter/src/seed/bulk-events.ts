import type { FocalEvent } from '@focal/sdk-core/contracts';
import type { Store } from '../store/store.js';

/** Events per INSERT statement; one transaction covers `perTransaction` of them. */
const PER_STATEMENT = 4000;
const PER_TRANSACTION = 40_000;

/**
 * Stores historical events fast: big multi-row inserts inside big transactions, the event time being `createdAt`
 * (history has no clock skew to correct). Idempotent by event id, like ingest.
 * @returns how many events were new.
 */
export async function bulkInsertEvents(
  store: Store, siteKey: string, events: FocalEvent[], onProgress?: (done: number, total: number) => void,
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < events.length; start += PER_TRANSACTION) {
    const slice = events.slice(start, start + PER_TRANSACTION);
    inserted += await store.sql.transaction(async (tx) => {
      let n = 0;
      for (let i = 0; i < slice.length; i += PER_STATEMENT) {
        const rows = slice.slice(i, i + PER_STATEMENT).map((event) => {
          const at = new Date(event.createdAt);
          return { event, receivedAt: at, eventTime: at };
        });
        n += (await store.events.insert(siteKey, rows, tx)).size;
      }
      return n;
    });
    onProgress?.(Math.min(start + PER_TRANSACTION, events.length), events.length);
  }
  return inserted;
}
