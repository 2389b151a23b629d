/**
 * `GET /v1/recommendations` under load, on loopback, with the demo data (2,400 products, 20,000 sessions):
 * the real adapter (Hono app, PGlite store, strategies, LRU cache) against a bare node:http server answering the
 * same bytes for the same URLs, measured in the same run. Targets: adapter p99 ≤ 20 ms and ≥ 50 % of the bare
 * server's requests/s. The load generator runs in a worker thread; every phase is bounded in time.
 * Run: `npm run bench -- recommendations` (or `node --import tsx bench/recommendations.bench.ts`).
 */
import { createServer } from 'node:http';
import { Worker } from 'node:worker_threads';
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { getRequestListener } from '@hono/node-server';
import { createAdapter } from '@focal/server-adapter';
import { generateDemoData } from '../packages/server-adapter/src/demo/index.js';
import { INDEXED_EVENT_TYPES } from '../packages/server-adapter/src/recommend/index.js';
import { requestDraws } from './request-mix.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SITE = 'pk_bench_recs';
const started = performance.now();
const log = (text: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${text}`);

/** A load generator in a worker: keep-alive connections, `concurrency` requests in flight, fixed duration. */
const LOADGEN = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, paths, concurrency, ms, headers } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = [];
let errors = 0, bytes = 0, next = 0;
const end = Date.now() + ms;
function one() {
  return new Promise((resolve) => {
    const path = paths[next++ % paths.length];
    const t = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      res.on('data', (c) => { bytes += c.length; });
      res.on('end', () => {
        if (res.statusCode !== 200) errors++;
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end();
  });
}
async function user() { while (Date.now() < end) await one(); }
const t0 = Date.now();
Promise.all(Array.from({ length: concurrency }, user)).then(() => {
  const seconds = (Date.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] || 0;
  agent.destroy();
  parentPort.postMessage({ requests: latencies.length, errors, bytes, rps: latencies.length / seconds, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: latencies[latencies.length - 1] || 0 });
});
`;

interface LoadResult { requests: number; errors: number; bytes: number; rps: number; p50: number; p90: number; p99: number; max: number }

function load(port: number, paths: string[], seconds: number, headers: Record<string, string> = {}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOADGEN, { eval: true, workerData: { port, paths, concurrency: CONCURRENCY, ms: seconds * 1000, headers } });
    const timer = setTimeout(() => { void worker.terminate(); reject(new Error('load generator overran its time bound')); }, seconds * 1000 + 30_000);
    worker.once('message', (m: LoadResult) => { clearTimeout(timer); void worker.terminate(); resolve(m); });
    worker.once('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

const fmt = (r: LoadResult) =>
  `${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p90 ${r.p90.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  max ${r.max.toFixed(1)} ms  (${r.requests} requests, ${r.errors} errors, ${(r.bytes / Math.max(1, r.requests)).toFixed(0)} B avg)`;

async function main(): Promise<void> {
  const data = generateDemoData();
  const sessions = new Set(data.events.map((e) => e.sessionId)).size;
  log(`demo data: ${data.products.length} products, ${sessions} sessions, ${data.events.length} events`);

  const adapter = await createAdapter({
    inMemory: true,
    config: { log: 'silent', rateLimit: { max: 0, windowSeconds: 60 }, sites: [{ siteKey: SITE, name: 'Bench', allowedOrigins: [], settings: {} }] },
  });
  await adapter.store.catalog.upsert(SITE, data.products);
  // The events the recommendation index reads (views, cart changes, purchases, identify): page views, searches and
  // recommendation impressions/clicks do not change candidates, and storing ~290,000 of them only slows the set-up.
  const indexed = data.events.filter((e: FocalEvent) => INDEXED_EVENT_TYPES.includes(e.type));
  const receivedAt = new Date();
  for (let i = 0; i < indexed.length; i += 5000) {
    const chunk = indexed.slice(i, i + 5000).map((event: FocalEvent) => ({ event, receivedAt, eventTime: new Date(event.createdAt) }));
    await adapter.store.events.insert(SITE, chunk);
  }
  const storedSessions = new Set(indexed.map((e: FocalEvent) => e.sessionId)).size;
  log(`stored catalog and ${await adapter.store.events.count(SITE)} events of ${storedSessions} sessions in PGlite (${INDEXED_EVENT_TYPES.join(', ')})`);
  const server = await adapter.listen({ port: 0, host: '127.0.0.1' });
  const port = Number(new URL(server.url).port);

  // Request mix: 60 % product pages (similar), 20 % complete-the-look, 20 % home-for-you of a known shopper.
  const paths: string[] = [];
  for (const draw of requestDraws(data.events as FocalEvent[])) {
    const { r } = draw;
    const item = encodeURIComponent(draw.item);
    const who = encodeURIComponent(draw.who);
    const placement = r < 0.6 ? `pdp-similar&items=${item}` : r < 0.8 ? `pdp-complete-the-look&items=${item}` : 'home-for-you';
    paths.push(`/v1/recommendations?placement=${placement}&limit=12&siteKey=${SITE}&anonymousId=${who}`);
  }
  const headers = { 'x-focal-site-key': SITE };

  // First request loads the site's index from the store (catalog + every event, tailed by seq).
  let t = performance.now();
  const first = await fetch(`http://127.0.0.1:${port}${paths[0]}`, { headers });
  if (first.status !== 200) throw new Error(`adapter answered ${first.status}: ${await first.text()}`);
  log(`index loaded from the store on first request in ${(performance.now() - t).toFixed(0)} ms`);

  // Capture every distinct answer (cold: cache misses) for the bare server, and time the cold pass.
  const bodies = new Map<string, string>();
  const cold: number[] = [];
  for (const path of new Set(paths)) {
    t = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    const text = await response.text();
    cold.push(performance.now() - t);
    if (response.status !== 200) throw new Error(`adapter answered ${response.status} for ${path}: ${text}`);
    bodies.set(path, text);
  }
  cold.sort((a, b) => a - b);
  log(`cold pass (cache misses, one at a time): ${cold.length} requests, p50 ${cold[Math.floor(cold.length / 2)].toFixed(2)} ms, p99 ${cold[Math.floor(cold.length * 0.99)].toFixed(2)} ms`);

  const bare = createServer((req, res) => {
    const body = bodies.get(req.url ?? '') ?? '{}';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const barePort = (bare.address() as { port: number }).port;

  // For comparison only: the same handler behind @hono/node-server's default listener (global Response overridden)
  // instead of the adapter's own `listen()` (createNodeListener). The adapter answers with LightResponses that its own
  // listener writes straight to the socket; @hono/node-server turns them into Fetch Responses first, so this line shows
  // what a host that mounts the handler with getRequestListener gets.
  const honoDefault = createServer(getRequestListener(adapter.handler as never));
  await new Promise<void>((resolve) => honoDefault.listen(0, '127.0.0.1', resolve));
  const honoPort = (honoDefault.address() as { port: number }).port;

  await load(port, paths, 2, headers); // warm-up (JIT, cache)
  await load(honoPort, paths, 1, headers);
  const runs: Array<{ name: string; result: LoadResult }> = [];
  for (let round = 0; round < 2; round++) {
    runs.push({ name: 'bare node:http          ', result: await load(barePort, paths, SECONDS, headers) });
    runs.push({ name: 'adapter (listen())      ', result: await load(port, paths, SECONDS, headers) });
    runs.push({ name: 'handler on hono default ', result: await load(honoPort, paths, SECONDS, headers) });
  }
  console.log(`\nGET /v1/recommendations, ${CONCURRENCY} connections, ${SECONDS} s per run, loopback:`);
  for (const r of runs) console.log(`  ${r.name} ${fmt(r.result)}`);
  const best = (name: string) => runs.filter((r) => r.name.startsWith(name)).map((r) => r.result).sort((a, b) => b.rps - a.rps)[0];
  const a = best('adapter');
  const b = best('bare');
  const h = best('handler');
  const ratio = a.rps / b.rps;
  const metrics = await adapter.handler.context.metrics.registry.metrics();
  const hits = Number(/focal_cache_requests_total\{cache="recommendations",result="hit"\} (\d+)/.exec(metrics)?.[1] ?? 0);
  const misses = Number(/focal_cache_requests_total\{cache="recommendations",result="miss"\} (\d+)/.exec(metrics)?.[1] ?? 0);
  console.log(`\n  cache: ${hits} hits, ${misses} misses (${((100 * hits) / Math.max(1, hits + misses)).toFixed(1)} % hit rate)`);
  console.log(`  adapter p99 ${a.p99.toFixed(2)} ms (target ≤ 20 ms): ${a.p99 <= 20 ? 'PASS' : 'FAIL'}`);
  console.log(`  adapter / bare throughput ${(ratio * 100).toFixed(0)} % (target ≥ 50 %): ${ratio >= 0.5 ? 'PASS' : 'FAIL'}`);
  console.log(`  (same handler on @hono/node-server's default listener: p99 ${h.p99.toFixed(2)} ms, ${((h.rps / b.rps) * 100).toFixed(0)} % of bare)`);
  await new Promise((resolve) => bare.close(resolve));
  await new Promise((resolve) => honoDefault.close(resolve));
  await server.close();
  await adapter.close();
  if (runs.some((r) => r.result.errors)) throw new Error('some requests failed');
}

const deadline = setTimeout(() => { console.error('benchmark exceeded 15 minutes'); process.exit(1); }, 900_000);
deadline.unref();
main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
