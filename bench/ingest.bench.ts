/**
 * Load test of `POST /v1/events` on loopback, beside a bare node:http server answering the same bytes, in one run.
 * The servers run in a child process (so the client loop does not share their event loop); the client keeps
 * CONCURRENCY keep-alive connections busy for DURATION_MS per target and prints requests/s, events/s, p50 and p99.
 * Events are demo-like (from the demo generator), each request a batch of 10 with fresh ids (so every one is stored).
 * Store: in-memory PGlite (the embedded default); also PostgreSQL when DATABASE_URL is set (a random schema, dropped).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from 'uuidv7';
import type { FocalEvent } from '@focal/sdk-core/contracts';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BATCH = 10;
const SITE = 'pk_bench';

async function serverRole(): Promise<void> {
  const { createAdapter } = await import('@focal/server-adapter');
  const { generateDemoData } = await import('../packages/server-adapter/src/demo/index.js');
  const demo = generateDemoData({ sessions: 300 });
  const schema = `focal_bench_${randomBytes(5).toString('hex')}`;
  const databaseUrl = process.env.BENCH_STORE === 'postgres' ? process.env.DATABASE_URL : undefined;
  const adapter = await createAdapter({
    config: { log: 'silent', rateLimit: { max: 0, windowSeconds: 60 }, sites: [{ siteKey: SITE, name: 'Bench', allowedOrigins: [], settings: {} }], ...(databaseUrl ? { databaseUrl } : {}) },
    inMemory: true, ...(databaseUrl ? { schema } : {}),
  });
  await adapter.store.catalog.upsert(SITE, demo.products);
  const focal = await adapter.listen({ port: 0, host: '127.0.0.1' });
  const sample = JSON.stringify({ accepted: BATCH, duplicates: 0, rejected: 0, results: Array.from({ length: BATCH }, (_, index) => ({ index, id: uuidv7(), status: 'accepted' })) });
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(sample));
  });
  bare.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const events = demo.events.filter((e) => e.type !== 'identify').slice(0, 5000);
  process.send!({ focal: focal.url, bare: `http://127.0.0.1:${(bare.address() as { port: number }).port}`, events });
  process.on('message', async (message) => {
    if (message === 'count') process.send!({ stored: await adapter.store.events.count(SITE) });
    if (message === 'stop') {
      if (databaseUrl) await adapter.store.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await focal.close();
      bare.close();
      await adapter.close();
      process.exit(0);
    }
  });
}

interface Result { requests: number; errors: number; rps: number; eventsPerSecond: number; p50: number; p99: number }

async function load(url: string, events: FocalEvent[]): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const target = new URL('/v1/events', url);
  const latencies: number[] = [];
  let errors = 0;
  let cursor = 0;
  const body = () => {
    const batch = Array.from({ length: BATCH }, () => ({ ...events[cursor++ % events.length]!, id: uuidv7() }));
    return JSON.stringify({ events: batch, sentAt: new Date().toISOString() });
  };
  const send = (payload: string) => new Promise<number>((resolve, reject) => {
    const req = request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-focal-site-key': SITE, 'content-length': Buffer.byteLength(payload) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(payload);
  });
  const end = performance.now() + DURATION_MS;
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end) {
      const payload = body();
      const t = performance.now();
      const status = await send(payload).catch(() => 0);
      latencies.push(performance.now() - t);
      if (status !== 200) errors++;
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  return { requests: latencies.length, errors, rps: latencies.length / seconds, eventsPerSecond: (latencies.length * BATCH) / seconds, p50: q(0.5), p99: q(0.99) };
}

function startServers(store: 'pglite' | 'postgres'): Promise<{ child: ChildProcess; focal: string; bare: string; events: FocalEvent[] }> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_ROLE: 'server', BENCH_STORE: store }, execArgv: ['--import', 'tsx', '--conditions', '@focal/source'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, ...(m as { focal: string; bare: string; events: FocalEvent[] }) }));
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
}

const row = (name: string, r: Result) =>
  `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} req/s ${r.eventsPerSecond.toFixed(0).padStart(8)} events/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   ${r.requests} requests, ${r.errors} errors`;

async function clientRole(): Promise<void> {
  console.log(`POST /v1/events, batches of ${BATCH} demo-like events, ${CONCURRENCY} keep-alive connections, ${DURATION_MS / 1000} s per target, loopback`);
  for (const store of ['pglite', ...(process.env.DATABASE_URL ? ['postgres'] as const : [])] as const) {
    const servers = await startServers(store);
    await load(servers.bare, servers.events.slice(0, 100)); // warm-up of the client
    const bare = await load(servers.bare, servers.events);
    const focal = await load(servers.focal, servers.events);
    servers.child.send('count');
    const stored = await new Promise<number>((r) => servers.child.once('message', (m) => r((m as { stored: number }).stored)));
    console.log(row('bare node:http (same bytes)', bare));
    console.log(row(`focal adapter, ${store === 'pglite' ? 'PGlite in memory' : 'PostgreSQL'}`, focal));
    console.log(`  adapter / bare throughput: ${((focal.rps / bare.rps) * 100).toFixed(1)} %; events stored: ${stored} (expected ${focal.requests * BATCH - focal.errors * BATCH})`);
    servers.child.send('stop');
    await new Promise((r) => servers.child.once('exit', r));
    if (focal.errors) process.exitCode = 1;
  }
}

await (process.env.BENCH_ROLE === 'server' ? serverRole() : clientRole());
