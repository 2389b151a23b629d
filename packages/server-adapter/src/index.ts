/**
 * @focal/server-adapter: the Fetch-API handler, its node:http and Express adapters, the stores and the
 * configuration. See the README for one runnable example per entry point.
 */
export * from './adapter.js';
export * from './http/index.js';
export * from './store/index.js';
export * from './config/index.js';
export * from './ingest/hooks.js';
export * from './ingest/ingest.js';
export * from './ingest/skew.js';
export * from './observability/logger.js';
export * from './observability/metrics.js';
export * from './auth/jwt.js';
export * from './catalog/index.js';
export * from './profiles/index.js';
export * from './seed/index.js';
export * from './strategies/index.js';
export * from './recommend/index.js';
export * from './content/index.js';
export * from './email/index.js';
export * from './demo/index.js';
export * from './report/index.js';
