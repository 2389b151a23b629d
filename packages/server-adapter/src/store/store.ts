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

/** Wraps an open SQL client in the platform repositories (no migration). */
export function createStore(sql: SqlClient): Store {
  return {
    sql,
    sites: sitesRepo(sql),
    events: eventsRepo(sql),
    catalog: catalogRepo(sql),
    profiles: profilesRepo(sql),
    audit: auditRepo(sql),
    models: modelsRepo(sql),
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
