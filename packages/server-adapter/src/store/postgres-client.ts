import pg from 'pg';
import type { SqlClient, Transaction } from './sql-client.js';

export interface PostgresOptions {
  /** `postgres://user@host:5432/db` */
  url: string;
  /** Schema to work in (created when missing); the default is `public`. Tests use a random one. */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
}

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
  return {
    kind: 'postgres',
    async query(text, params) {
      const result = await pool.query(text, params as unknown[] | undefined);
      return { rows: result.rows };
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Transaction = {
          async query(text, params) {
            const result = await client.query(text, params as unknown[] | undefined);
            return { rows: result.rows };
          },
          async exec(script) {
            await client.query(script);
          },
        };
        const value = await fn(tx);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    async withLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
