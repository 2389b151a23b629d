import type { ParseArgsConfig } from 'node:util';
import { loadConfig } from '../config/load.js';
import type { AdapterConfig, AdapterConfigInput } from '../config/schema.js';
import { openStore, type Store } from '../store/store.js';

/** The flags every command that touches the store takes. */
export const STORE_FLAGS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/**
 * The configuration from `--config` file, environment and store flags (plus `extra` flags). An explicit `--data-dir`
 * (without `--database-url`) means the embedded store even when `DATABASE_URL` is set in the environment.
 */
export function configFromFlags(values: Record<string, unknown>, extra: AdapterConfigInput = {}, env: NodeJS.ProcessEnv = process.env): AdapterConfig {
  const flags: AdapterConfigInput = { ...extra };
  if (typeof values['data-dir'] === 'string') flags.dataDir = values['data-dir'];
  if (typeof values['database-url'] === 'string') flags.databaseUrl = values['database-url'];
  const useEnv = flags.dataDir && !flags.databaseUrl ? { ...env, DATABASE_URL: undefined } : env;
  return loadConfig({ ...(typeof values.config === 'string' ? { file: values.config } : {}), flags, env: useEnv });
}

/**
 * Opens the store the configuration names (PostgreSQL URL, else PGlite under `dataDir`). Batch commands (import,
 * seed, report, train, eval) have no per-statement time limit: their work is long by nature.
 */
export function openConfiguredStore(config: AdapterConfig): Promise<Store> {
  return openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl, queryTimeoutMs: 0 } : { dataDir: config.dataDir });
}
