import { readFileSync } from 'node:fs';
import { AdapterConfigSchema, type AdapterConfig, type AdapterConfigInput } from './schema.js';

/** Configuration that could not be used: one line per mistake, each naming the setting and what to fix. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates a configuration object and applies defaults. @throws ConfigError listing every mistake. */
export function parseConfig(input: unknown, source: string | ((key: string) => string) = 'config'): AdapterConfig {
  const parsed = AdapterConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    const what = issue.code === 'unrecognized_keys' ? `unknown setting(s) ${issue.keys.join(', ')}` : issue.message;
    const from = typeof source === 'string' ? source : source(String(issue.path[0] ?? ''));
    return `${from}: ${path}: ${what}`;
  }));
}

const ENV_NAMES: Record<string, string> = {
  port: 'PORT', host: 'HOST', databaseUrl: 'DATABASE_URL', redisUrl: 'REDIS_URL', adminKey: 'FOCAL_ADMIN_KEY', dataDir: 'FOCAL_DATA_DIR', log: 'FOCAL_LOG', publicUrl: 'FOCAL_PUBLIC_URL',
  cacheNamespace: 'FOCAL_CACHE_NAMESPACE',
};
const FLAG_NAMES: Record<string, string> = { port: '--port', host: '--host', databaseUrl: '--database-url', dataDir: '--data-dir' };

/** Settings read from environment variables (`PORT`, `HOST`, `DATABASE_URL`, `REDIS_URL`, `FOCAL_ADMIN_KEY`, `FOCAL_DATA_DIR`, `FOCAL_LOG`, `FOCAL_PUBLIC_URL`, `FOCAL_CACHE_NAMESPACE`). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AdapterConfigInput {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  if (env.PORT !== undefined) {
    const port = Number(env.PORT);
    if (!Number.isInteger(port)) problems.push(`PORT: must be a whole number, got "${env.PORT}"`);
    else out.port = port;
  }
  if (env.HOST) out.host = env.HOST;
  if (env.DATABASE_URL) out.databaseUrl = env.DATABASE_URL;
  if (env.REDIS_URL) out.redisUrl = env.REDIS_URL;
  if (env.FOCAL_ADMIN_KEY) out.adminKey = env.FOCAL_ADMIN_KEY;
  if (env.FOCAL_DATA_DIR) out.dataDir = env.FOCAL_DATA_DIR;
  if (env.FOCAL_LOG) out.log = env.FOCAL_LOG;
  if (env.FOCAL_PUBLIC_URL) out.publicUrl = env.FOCAL_PUBLIC_URL;
  if (env.FOCAL_CACHE_NAMESPACE) out.cacheNamespace = env.FOCAL_CACHE_NAMESPACE;
  if (problems.length) throw new ConfigError(problems);
  return out as AdapterConfigInput;
}

/** Reads a JSON config file. @throws ConfigError when it is missing or not JSON. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${path}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${path}: not valid JSON (${(error as Error).message})`]);
  }
}

/**
 * The effective configuration: file < environment < flags (later wins), validated once.
 * @throws ConfigError with one line per mistake.
 */
export function loadConfig(options: { file?: string; env?: NodeJS.ProcessEnv; flags?: AdapterConfigInput } = {}): AdapterConfig {
  const fromFile = options.file ? readConfigFile(options.file) : {};
  if (fromFile === null || typeof fromFile !== 'object' || Array.isArray(fromFile)) {
    throw new ConfigError([`${options.file}: must hold a JSON object`]);
  }
  const fromEnv = configFromEnv(options.env);
  const flags = stripUndefined(options.flags ?? {});
  const merged = { ...(fromFile as object), ...fromEnv, ...flags };
  return parseConfig(merged, (key) =>
    key in flags ? (FLAG_NAMES[key] ?? 'flags') : key in fromEnv ? (ENV_NAMES[key] ?? 'environment') : (options.file ?? 'config'));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
