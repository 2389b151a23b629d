import { createHash } from 'node:crypto';
import { auditRepo } from './audit-repo.js';
import { catalogRepo } from './catalog-repo.js';
import { eventsRepo } from './events-repo.js';
import { instrumentSql } from './instrument.js';
import { migrate } from './migrate.js';
import { modelsRepo } from './models-repo.js';
import { createPgliteClient } from './pglite-client.js';
import { createPostgresClient } from './postgres-client.js';
import { profilesRepo } from './profiles-repo.js';
import { sitesRepo } from './sites-repo.js';
import type { SqlClient } from './sql-client.js';

/** The platform's repositories over one SQL connection. Feature modules build their own on `store.sql`. */
export interface Store {
  readonly sql: SqlClient;
  readonly sites: ReturnType<typeof sitesRepo>;
  readonly events: ReturnType<typeof eventsRepo>;
  readonly catalog: ReturnType<typeof catalogRepo>;
  readonly profiles: ReturnType<typeof profilesRepo>;
  readonly audit: ReturnType<typeof auditRepo>;
  readonly models: ReturnType<typeof modelsRepo>;
  /**
   * A short name of this store (16 hex digits), the same in every process on it and different for every other store:
   * a hash of its random id (`store_identity`, migration 0004), PostgreSQL's system identifier (when readable), and
   * the database and schema names. Keys shared with other stores (the Redis answer cache) are namespaced by it.
   */
  identity(): Promise<string>;
  /** Resolves when the store answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Where the store lives. With neither field: an in-memory PGlite (tests). */
export interface StoreOptions {
  /** PostgreSQL URL; wins over `dataDir`. */
  databaseUrl?: string;
  /** PostgreSQL schema (created when missing). */
  schema?: string;
  /** PGlite data directory. */
  dataDir?: string;
  /** Folder of `NNNN_name.sql` files; default the package's `migrations/`. */
  migrationsDir?: string;
  /**
   * PostgreSQL: milliseconds a request-path statement waits for its answer before failing (503 store_unavailable);
   * default 10000, 0 for none (batch commands). Migrations, catalog imports and report rebuilds are not limited.
   */
  queryTimeoutMs?: number;
  /** Called with each query's kind and duration in seconds (store latency metrics). */
  observe?: (op: string, seconds: number) => void;
}

/** See {@link Store.identity}. */
async function storeIdentity(sql: SqlClient): Promise<string> {
  const { rows } = await sql.query<{ db: string; schema: string | null; id: string | null }>(
    `SELECT current_database() AS db, current_schema() AS schema,
       (SELECT id FROM store_identity ORDER BY created_at, id LIMIT 1) AS id`);
  let system = '';
  try {
    // the cluster's id (from initdb, different per PGlite data directory); a managed service may refuse it
    system = (await sql.query<{ s: string }>('SELECT system_identifier::text AS s FROM pg_control_system()')).rows[0]?.s ?? '';
  } catch {
    // the random id and the names still tell stores apart
  }
  const row = rows[0];
  return createHash('sha256').update([row?.id ?? '', system, row?.db ?? '', row?.schema ?? ''].join('\0')).digest('hex').slice(0, 16);
}

/** Wraps an open SQL client in the platform repositories (no migration). */
export function createStore(sql: SqlClient): Store {
  let identity: Promise<string> | undefined;
  return {
    sql,
    sites: sitesRepo(sql),
    events: eventsRepo(sql),
    catalog: catalogRepo(sql),
    profiles: profilesRepo(sql),
    audit: auditRepo(sql),
    models: modelsRepo(sql),
    identity() {
      identity ??= storeIdentity(sql).catch((error: unknown) => {
        identity = undefined; // a store that did not answer is asked again next time
        throw error;
      });
      return identity;
    },
    async ping() {
      await sql.query('SELECT 1');
    },
    close: () => sql.close(),
  };
}

/** Opens PostgreSQL (when `databaseUrl`) or PGlite, runs pending migrations, and returns the store. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const sql = options.databaseUrl
    ? await createPostgresClient({
      url: options.databaseUrl,
      ...(options.schema ? { schema: options.schema } : {}),
      ...(options.queryTimeoutMs !== undefined ? { queryTimeoutMillis: options.queryTimeoutMs } : {}),
    })
    : await createPgliteClient(options.dataDir);
  try {
    await migrate(sql.unbounded(), options.migrationsDir);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return createStore(options.observe ? instrumentSql(sql, options.observe) : sql);
}
