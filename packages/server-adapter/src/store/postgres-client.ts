import pg from 'pg';
import { retryTransient } from './retry.js';
import type { SqlClient, Transaction } from './sql-client.js';

export interface PostgresOptions {
  /** `postgres://user@host:5432/db` */
  url: string;
  /** Schema to work in (created when missing); the default is `public`. Tests use a random one. */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
  /**
   * Milliseconds a query waits for a connection (a free one of the pool, or a new one to open) before failing; default
   * 5000. Without it, a database that stops answering (a failover, a host gone) left requests waiting forever and kept
   * the pool's slots taken by connections that never came up, even after the database was back.
   */
  connectionTimeoutMillis?: number;
  /**
   * Milliseconds a statement may wait for the database's answer before it fails (and its connection is dropped);
   * default 10000, 0 for none. Without it, a connection that went silent mid-query (a partition, a host gone) held the
   * request until TCP gave up, about 15 minutes later. Long work (migrations, catalog imports, report rebuilds) runs on
   * `unbounded()`, the same pool without this limit.
   */
  queryTimeoutMillis?: number;
}

/** The message node-postgres gives a statement that got no answer within its `query_timeout`. */
const READ_TIMEOUT = 'Query read timeout';

/** int8 and numeric come back as numbers (the same as PGlite), not strings. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Opens a PostgreSQL pool from a URL. Several adapter processes may share one database. */
export async function createPostgresClient(options: PostgresOptions): Promise<SqlClient> {
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`schema "${schema}" must be lower-case letters, digits and _ (at most 63 characters)`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
    // TCP keepalive: a connection to a database that vanished without closing it is found dead and replaced
    keepAlive: true,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => { /* an idle client died; the pool replaces it */ });
  const probe = await pool.connect().catch((error: Error) => {
    void pool.end();
    throw new Error(`cannot connect to PostgreSQL at ${redact(options.url)}: ${error.message}`);
  });
  try {
    // Processes starting together may race on CREATE SCHEMA; losing that race is fine.
    if (schema) await probe.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((error: { code?: string }) => {
      if (error.code !== '23505' && error.code !== '42P06') throw error;
    });
  } finally {
    probe.release();
  }
  const bounded = options.queryTimeoutMillis ?? 10_000;
  const make = (limit: number): SqlClient => {
    // pg's per-statement read timeout; undefined (not 0) is "none"
    const timeout = limit > 0 ? limit : undefined;
    const statement = (text: string, params?: readonly unknown[]) => ({ text, values: params as unknown[] | undefined, query_timeout: timeout });
    let long: SqlClient | undefined;
    const self: SqlClient = {
      kind: 'postgres',
      async query(text, params) {
        // pool.query drops a connection whose statement failed this way (it is released with the error); a statement
        // the database rolled back for a deadlock is run again (retryTransient)
        const result = await retryTransient(() => pool.query(statement(text, params)));
        return { rows: result.rows };
      },
      // a transaction the database rolled back for a deadlock or a serialization failure is run again, `fn` included
      transaction: (fn) => retryTransient(async () => {
        const client = await pool.connect();
        let broken: Error | undefined;
        const dropped = holdSafely(client, (error) => (broken ??= error));
        try {
          await client.query(statement('BEGIN'));
          const tx: Transaction = {
            async query(text, params) {
              const result = await client.query(statement(text, params));
              return { rows: result.rows };
            },
            async exec(script) {
              await client.query(statement(script));
            },
          };
          const value = await fn(tx);
          await client.query(statement('COMMIT'));
          return value;
        } catch (error) {
          // a connection that went silent is not asked to roll back (that would wait out the limit again): it is dropped,
          // and the database rolls back when it sees it closed
          if ((error as Error).message === READ_TIMEOUT) broken = error as Error;
          else await client.query(statement('ROLLBACK')).catch((rollback: Error) => (broken = rollback));
          throw error;
        } finally {
          dropped();
          client.release(broken);
        }
      }),
      async exec(script) {
        await pool.query(statement(script));
      },
      async withLock(key, fn) {
        // waiting for another process's lock (its migrations) is not limited
        const client = await pool.connect();
        let broken: Error | undefined;
        const dropped = holdSafely(client, (error) => (broken ??= error));
        try {
          await client.query('SELECT pg_advisory_lock($1)', [key]);
          try {
            return await fn();
          } finally {
            await client.query(statement('SELECT pg_advisory_unlock($1)', [key])).catch((error: Error) => {
              broken = error; // dropping the connection releases the lock
            });
          }
        } finally {
          dropped();
          client.release(broken);
        }
      },
      unbounded: () => (limit > 0 ? (long ??= make(0)) : self),
      async close() {
        await pool.end();
      },
    };
    return self;
  };
  return make(bounded);
}

/**
 * While a connection is checked out of the pool (a transaction, an advisory lock), pg reports its loss (the database
 * restarting, a failover, a proxy cutting it) as an `error` event on it, which nobody else listens to then: unheard, it
 * is an uncaught exception that ends the process. Heard here, the connection is marked broken (the pool discards it on
 * release) and the statement in flight, or the next one, fails as usual. Returns the function that stops listening.
 */
function holdSafely(client: pg.PoolClient, onLost: (error: Error) => void): () => void {
  client.on('error', onLost);
  return () => client.removeListener('error', onLost);
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
