/**
 * Starts the REAL Focal adapter (`createAdapter` + node:http) on 127.0.0.1, port 0, for integration and browser tests.
 *
 * - Store: a fresh in-memory PGlite by default; `dataDir` for an on-disk PGlite; `databaseUrl` for PostgreSQL, where
 *   the adapter works in its own random schema that `close()` drops.
 * - Creates one site (key `pk_test_<random>`) whose CORS allow-list is `allowedOrigins` (put your page origins here,
 *   e.g. the static server's `http://127.0.0.1:PORT`), loads `products` into its catalog, and sets an admin key.
 * - Logging is silent and rate limiting off unless `config` says otherwise.
 * - `intercept(request)` sees every request first: return a Response to answer instead of the adapter (fault
 *   injection: 500s, 429 + Retry-After, a promise that never settles for a request that never answers), or undefined
 *   to let the real adapter answer. Change the behaviour over time with your own counters.
 *
 * @example
 * const adapter = await startTestAdapter({ allowedOrigins: [page.url] });
 * await fetch(`${adapter.url}/v1/events`, { method: 'POST', headers: { 'x-focal-site-key': adapter.siteKey, ... }, body });
 * const stored = await adapter.storedEvents();          // every event the server stored, via GET /v1/admin/events
 * await adapter.close();
 */
import { randomBytes } from 'node:crypto';
import type { Product } from '@focal/sdk-core/contracts';
import { createAdapter, listen, type AdapterConfigInput, type Adapter, type FeatureRouter, type Logger, type StoredEvent, type Store, type SqlClient } from '@focal/server-adapter';

export interface TestAdapterOptions {
  /** Browser origins allowed to call the test site (CORS allow-list). Default: none (non-browser callers only). */
  allowedOrigins?: string[];
  /** Products loaded into the test site's catalog. */
  products?: Product[];
  /** Use an on-disk PGlite here instead of memory. */
  dataDir?: string;
  /** Use this PostgreSQL (a random schema inside it, dropped on close). */
  databaseUrl?: string;
  /**
   * With `databaseUrl`: work in this schema instead of a random one, and leave it on close (several adapters sharing
   * one database, as several processes behind a load balancer do; the caller drops it).
   */
  schema?: string;
  /** Extra configuration (merged over the test defaults). */
  config?: AdapterConfigInput;
  /** Extra routers (features under test). */
  routers?: FeatureRouter[];
  /** Site key to create; default `pk_test_<random>`. */
  siteKey?: string;
  /** Sees each request before the adapter; a returned Response is sent instead (fault injection). */
  intercept?: (request: Request) => Response | undefined | Promise<Response | undefined>;
  /** The adapter's logger (to read what it logs); default none (`config.log`, silent in tests). */
  logger?: Logger;
}

export interface TestAdapter {
  /** `http://127.0.0.1:<port>` */
  url: string;
  siteKey: string;
  adminKey: string;
  store: Store;
  sql: SqlClient;
  adapter: Adapter;
  /** Every stored event (optionally of the test site only), read through `GET /v1/admin/events` (asked again while it holds events back). */
  storedEvents(filters?: { type?: string; from?: string; to?: string }): Promise<StoredEvent[]>;
  /** Stops the server, closes the store and drops the PostgreSQL schema. */
  close(): Promise<void>;
}

export async function startTestAdapter(options: TestAdapterOptions = {}): Promise<TestAdapter> {
  const siteKey = options.siteKey ?? `pk_test_${randomBytes(6).toString('hex')}`;
  const adminKey = `admin_${randomBytes(16).toString('hex')}`;
  const schema = options.databaseUrl ? options.schema ?? `focal_test_${randomBytes(6).toString('hex')}` : undefined;
  const ownSchema = Boolean(schema && !options.schema);
  const adapter = await createAdapter({
    config: {
      log: 'silent',
      adminKey,
      rateLimit: { max: 0, windowSeconds: 60 },
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      ...options.config,
      sites: [{ siteKey, name: 'Test site', allowedOrigins: options.allowedOrigins ?? [], settings: {} }, ...(options.config?.sites ?? [])],
    },
    inMemory: !options.dataDir,
    ...(schema ? { schema } : {}),
    ...(options.routers ? { routers: options.routers } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  try {
    if (options.products?.length) await adapter.store.catalog.upsert(siteKey, options.products);
    const intercept = options.intercept;
    const running = intercept
      ? await listen(async (request: Request, env?: unknown) => (await intercept(request)) ?? adapter.handler(request, env), { port: 0, host: '127.0.0.1' })
      : await adapter.listen({ port: 0, host: '127.0.0.1' });
    return {
      url: running.url,
      siteKey,
      adminKey,
      store: adapter.store,
      sql: adapter.store.sql,
      adapter,
      async storedEvents(filters = {}) {
        const query = new URLSearchParams({ site: siteKey, ...filters });
        // On PostgreSQL the export holds back committed events while an older transaction anywhere on the server is
        // open (another test's, on a shared server): asked again until it holds none back, so every event stored
        // before the call is in the answer.
        for (let attempt = 0; ; attempt++) {
          const response = await fetch(`${running.url}/v1/admin/events?${query}`, { headers: { authorization: `Bearer ${adminKey}` } });
          if (!response.ok) throw new Error(`GET /v1/admin/events answered ${response.status}: ${await response.text()}`);
          const events = (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line) as StoredEvent);
          const heldBack = Number(response.headers.get('x-focal-held-back') ?? 0);
          if (!heldBack) return events;
          if (attempt >= 3000) throw new Error(`GET /v1/admin/events still held back ${heldBack} events after ${attempt} tries: a transaction on the database stays open`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      },
      async close() {
        await running.close({ graceMs: 0 }); // tests may leave requests that never answer (intercept)
        if (ownSchema) await adapter.store.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
        await adapter.close();
      },
    };
  } catch (error) {
    await adapter.close();
    throw error;
  }
}

/**
 * Posts `key` to the dashboard login (`POST /admin/login`, a form) as a browser does, without following its redirect;
 * `forwardedFor` is sent as X-Forwarded-For (what a load balancer passes on, read with `trustProxy`).
 */
export function adminLogin(adapterUrl: string, key: string, forwardedFor?: string): Promise<Response> {
  return fetch(`${adapterUrl}/admin/login`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ key }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
  });
}
