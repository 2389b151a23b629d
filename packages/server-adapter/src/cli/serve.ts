import { parseFlags } from './flags.js';
import { createAdapter } from '../adapter.js';
import type { AdapterConfigInput } from '../config/schema.js';
import { UsageError } from './usage.js';
import { STORE_FLAGS, configFromFlags } from './store-flags.js';

export const SERVE_USAGE = `focal-adapter serve [--port 8787] [--host 127.0.0.1] [--data-dir .focal-data] [--database-url URL] [--config focal.config.json]
  Starts the adapter. PostgreSQL when --database-url (or DATABASE_URL), else the embedded PGlite store under --data-dir.`;

/** `focal-adapter serve`: opens the store, starts listening, stops cleanly on SIGINT/SIGTERM. */
export async function runServe(argv: string[], out: (line: string) => void = console.log): Promise<void> {
  const { values } = parseFlags({ args: argv, options: { ...STORE_FLAGS, port: { type: 'string' }, host: { type: 'string' } }, strict: true });
  if (values.help) return out(SERVE_USAGE);
  const extra: AdapterConfigInput = {};
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
    extra.port = port;
  }
  if (values.host) extra.host = values.host;
  const config = configFromFlags(values, extra);
  const adapter = await createAdapter({ config });
  const running = await adapter.listen();
  out(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'listening', url: running.url, store: adapter.store.sql.kind }));
  void warmRecommendations(adapter, out);
  const stop = async () => {
    // Requests in flight finish (up to 10 s) before the store closes under them; whatever still hangs after 15 s
    // (a store or Redis that stopped answering) does not keep the process from exiting.
    setTimeout(() => {
      out(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'shutdown took over 15 s: exiting anyway' }));
      process.exit(1);
    }, 15_000).unref();
    // the same 10 s for what follows from the last requests' events (profile updates) before the store closes
    const until = Date.now() + 10_000;
    await running.close({ graceMs: 10_000 });
    await adapter.close({ graceMs: Math.max(0, until - Date.now()) });
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * Loads every site's recommendation index in the background right after start, through the same handler a shopper
 * hits, so the first shopper does not wait while the event history is read.
 */
async function warmRecommendations(adapter: Awaited<ReturnType<typeof createAdapter>>, out: (line: string) => void): Promise<void> {
  const started = Date.now();
  for (const site of await adapter.store.sites.list()) {
    const response = await adapter.handler(new Request('http://adapter.internal/v1/recommendations?placement=home-trending&anonymousId=warm-up', {
      headers: { 'x-focal-site-key': site.siteKey },
    })).catch(() => undefined);
    out(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'recommendations warmed', site: site.siteKey, status: response?.status, ms: Date.now() - started }));
  }
}
