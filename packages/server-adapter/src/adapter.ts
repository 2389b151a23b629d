import { parseConfig } from './config/load.js';
import type { AdapterConfig, AdapterConfigInput } from './config/schema.js';
import { createFocalHandler, type FocalHandler } from './http/handler.js';
import { listen, type RunningServer } from './http/node.js';
import type { FeatureRouter } from './http/app.js';
import type { RateLimiter } from './http/rate-limit.js';
import { createRateLimiter } from './http/rate-limiter-factory.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { openStore, type Store } from './store/store.js';
import { pruneErasures } from './profiles/erasures.js';

/** Options of `createAdapter`: configuration plus, optionally, an already open store. */
export interface AdapterOptions {
  config?: AdapterConfig | AdapterConfigInput;
  /** Use this store instead of opening one from `config.databaseUrl` / `config.dataDir`. */
  store?: Store;
  /** PostgreSQL schema to use (tests isolate themselves with a random one). */
  schema?: string;
  /** Open an in-memory PGlite instead of `config.dataDir` (when no database URL). */
  inMemory?: boolean;
  logger?: Logger;
  routers?: FeatureRouter[];
}

/** An adapter with its store open: mount `handler`, or call `listen()`. */
export interface Adapter {
  handler: FocalHandler;
  store: Store;
  config: AdapterConfig;
  /** Starts a node:http server (default `config.host:config.port`). */
  listen(options?: { port?: number; host?: string }): Promise<RunningServer>;
  /**
   * Waits up to `graceMs` (default 10 s) for the work that follows from ingested events and goes on after their
   * answer (profile and index updates), then closes the rate limiter and (when the adapter opened it) the store.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Opens the store (PostgreSQL when `databaseUrl`, else PGlite under `dataDir`), runs migrations, creates the sites
 * of the config file, and builds the handler.
 */
export async function createAdapter(options: AdapterOptions = {}): Promise<Adapter> {
  const config = parseConfig(options.config ?? {});
  const logger = options.logger ?? createLogger(config.log);
  const metrics = createMetrics({ defaultMetrics: true });
  const observe = (op: string, seconds: number) => metrics.storeSeconds.observe({ op }, seconds);
  const store = options.store ?? await openStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : options.inMemory ? {} : { dataDir: config.dataDir }),
    ...(options.schema ? { schema: options.schema } : {}),
    observe,
  });
  let rateLimiter: RateLimiter | undefined;
  // GDPR erasure rows past their retention: at start, then every 6 hours (see profiles/erasures.ts)
  const prune = async () => {
    try {
      const n = await pruneErasures(store.sql, config.erasureRetentionDays);
      if (n) logger.info('erasure rows past their retention deleted', { rows: n, retentionDays: config.erasureRetentionDays });
    } catch (error) {
      logger.error('erasure rows not pruned', { error: (error as Error).message });
    }
  };
  let pruning: ReturnType<typeof setInterval> | undefined;
  let handler: FocalHandler;
  try {
    for (const site of config.sites) await store.sites.upsert(site);
    await prune();
    pruning = setInterval(() => void prune(), 6 * 3600_000).unref();
    rateLimiter = await createRateLimiter(config, store);
    // a feature module's configuration (placements, content, email) is checked here: what was opened is closed again
    handler = createFocalHandler({ store, config, logger, metrics, rateLimiter, ...(options.routers ? { routers: options.routers } : {}) });
  } catch (error) {
    clearInterval(pruning);
    await rateLimiter?.close();
    if (!options.store) await store.close();
    throw error;
  }
  return {
    handler,
    store,
    config,
    listen: (o = {}) => listen(handler, { port: o.port ?? config.port, host: o.host ?? config.host }),
    async close(closeOptions = {}) {
      clearInterval(pruning);
      await handler.close(closeOptions);
      await rateLimiter?.close();
      if (!options.store) await store.close();
    },
  };
}
