/**
 * The report over the full demo history on the embedded store: seeds `generateDemoData()` (2,400 products,
 * 20,000 sessions, 90 days) into an in-memory PGlite with the adapter's bulk seeding code, then times
 * `buildReport` over the whole range (every statement: traffic, attribution, orders, exposure, pipeline, models).
 * Target: median ≤ 1 s. Bounded: at most RUNS runs and 120 s of reporting.
 * Run: `npm run bench -- report` (or `node --import tsx --conditions source bench/report.bench.ts`).
 */
import { generateDemoData, DEMO_HISTORY_DAYS, DEFAULT_DEMO_NOW } from '../packages/server-adapter/src/demo/index.js';
import { buildReport } from '../packages/server-adapter/src/report/build.js';
import { DEFAULT_ATTRIBUTION } from '../packages/server-adapter/src/report/options.js';
import { ATTRIBUTED_SQL, EXPOSURE_SQL, ORDERS_SQL, runReportSql, TRAFFIC_SQL } from '../packages/server-adapter/src/report/sql.js';
import { PIPELINE_SQL } from '../packages/server-adapter/src/report/pipeline.js';
import { bulkInsertEvents } from '../packages/server-adapter/src/seed/bulk-events.js';
import { DEMO_SITE_KEY } from '../packages/server-adapter/src/seed/demo.js';
import { openStore } from '../packages/server-adapter/src/store/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BUDGET_MS = 120_000;
const started = performance.now();
const log = (text: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${text}`);

const data = generateDemoData();
log(`generated ${data.events.length} demo events`);
const store = await openStore({});
await store.sites.upsert({ siteKey: DEMO_SITE_KEY, name: 'Focal demo optician', allowedOrigins: [], settings: {} });
await bulkInsertEvents(store, DEMO_SITE_KEY, data.events);
log(`seeded ${await store.events.count(DEMO_SITE_KEY)} events into PGlite (in memory)`);

const to = new Date(Date.parse(DEFAULT_DEMO_NOW) + 24 * 3600 * 1000);
const from = new Date(to.getTime() - (DEMO_HISTORY_DAYS + 2) * 24 * 3600 * 1000);
const query = { siteKey: DEMO_SITE_KEY, from, to, attribution: DEFAULT_ATTRIBUTION };

const times: number[] = [];
let last;
const reportStart = performance.now();
for (let i = 0; i < RUNS && performance.now() - reportStart < BUDGET_MS; i++) {
  const t = performance.now();
  last = await buildReport(store, query);
  times.push(performance.now() - t);
}
const params = [DEMO_SITE_KEY, from.toISOString(), to.toISOString()];
const parts: [string, string, unknown[]][] = [
  ['traffic', TRAFFIC_SQL, [...params, null]],
  ['attribution', ATTRIBUTED_SQL, [...params, null, DEFAULT_ATTRIBUTION.sessionIdleMinutes * 60, DEFAULT_ATTRIBUTION.emailWindowHours * 3600]],
  ['orders', ORDERS_SQL, params],
  ['exposure', EXPOSURE_SQL, [...params, null]],
  ['pipeline', PIPELINE_SQL, params],
];
const breakdown: string[] = [];
for (const [name, sql, values] of parts) {
  const t = performance.now();
  await runReportSql(store.sql, sql, values);
  breakdown.push(`${name} ${Math.round(performance.now() - t)} ms`);
}
await store.close();

times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const max = times[times.length - 1];
console.log(`\nreport over the full demo history (${from.toISOString().slice(0, 10)} to ${to.toISOString().slice(0, 10)}), PGlite in memory, ${times.length} runs`);
console.log(`  median ${Math.round(median)} ms, max ${Math.round(max)} ms (target ≤ 1000 ms: ${median <= 1000 ? 'met' : 'NOT met'})`);
console.log(`  one run by statement: ${breakdown.join(', ')}`);
console.log(`  report: ${last!.totals.impressions} impressions, ${last!.totals.clicks} clicks, ${last!.totals.orders} attributed of ${last!.totals.allOrders} orders, attributed revenue ${last!.totals.revenue} of ${last!.totals.allRevenue}`);
