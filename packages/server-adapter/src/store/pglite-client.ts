import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { retryTransient } from './retry.js';
import type { Queryable, SqlClient } from './sql-client.js';

/**
 * Opens the embedded PGlite store: on disk under `dataDir`, or in memory when no directory is given (tests).
 * PGlite is a single connection; it serialises statements, and a transaction holds it until it ends.
 */
export async function createPgliteClient(dataDir?: string): Promise<SqlClient> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  let locks = Promise.resolve();
  // PGlite is one connection (no deadlock between its own transactions), but a trigger or function may still raise
  // 40P01/40001: run again like on PostgreSQL
  const run: Queryable['query'] = async (text, params) => {
    const result = await retryTransient(() => db.query(text, params as unknown[] | undefined));
    return { rows: result.rows as never[] };
  };
  const client: SqlClient = {
    kind: 'pglite',
    query: run,
    async transaction(fn) {
      return retryTransient(() => db.transaction(async (tx) =>
        fn({
          async query(text, params) {
            const result = await tx.query(text, params as unknown[] | undefined);
            return { rows: result.rows as never[] };
          },
          async exec(script) {
            await tx.exec(script);
          },
        }),
      ));
    },
    async exec(script) {
      await db.exec(script);
    },
    async withLock(_key, fn) {
      // One process owns a PGlite data directory, so an in-process queue is the whole lock.
      const previous = locks;
      let release!: () => void;
      locks = new Promise((resolve) => (release = resolve));
      await previous;
      try {
        return await fn();
      } finally {
        release();
      }
    },
    unbounded: () => client,
    async close() {
      if (!db.closed) await db.close();
    },
  };
  return client;
}
