/**
 * The report over the full demo history on the embedded store: seeds `generateDemoData()` (2,400 products,
 * 20,000 sessions, 90 days) into an in-memory PGlite with the adapter's bulk seeding code, then times `buildReport`:
 * - the first report, which builds the report tables from the events (migration 0520, `src/report/refresh.ts`);
 * - RUNS reports over the whole range (every statement: traffic, attribution, orders, exposure, pipeline, models),
 *   target: median ≤ 1 s;
 * - a report after 2,000 new events arrived through ingest in batches of 10 (the tables are brought up to date first);
 * then one run of each statement, from the tables and (the same answer, the way the report worked before the
 * tables) from the events. Bounded: at most RUNS runs and 120 s of reporting.
 * Run: `npm run bench -- report` (or `node --import tsx --conditions @focal/source bench/report.bench.ts`).
 */
import { loadavg } from 'node:os';
import { uuidv7 } from 'uuidv7';
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { generateDemoData, DEMO_HISTORY_DAYS, DEFAULT_DEMO_NOW } from '../packages/server-adapter/src/demo/index.js';
import { ingestBatch } from '../packages/server-adapter/src/ingest/ingest.js';
import { buildReport } from '../packages/server-adapter/src/report/build.js';
import { DEFAULT_ATTRIBUTION } from '../packages/server-adapter/src/report/options.js';
import {
  ATTRIBUTED_TABLES_SQL, EXPOSURE_TABLES_SQL, ORDERS_TABLES_SQL, PIPELINE_TABLES_SQL, TRAFFIC_TABLES_SQL, wholeDays,
} from '../packages/server-adapter/src/report/read-sql.js';
import type { RefreshResult } from '../packages/server-adapter/src/report/refresh.js';
import { ATTRIBUTED_SQL, EXPOSURE_SQL, ORDERS_SQL, PIPELINE_SQL, runReportSql, TRAFFIC_SQL } from '../packages/server-adapter/src/report/sql.js';
import { bulkInsertEvents } from '../packages/server-adapter/src/seed/bulk-events.js';
import { DEMO_SITE_KEY } from '../packages/server-adapter/src/seed/demo.js';
import { openStore } from '../packages/server-adapter/src/store/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BUDGET_MS = 120_000;
const started = performance.now();
const log = (text: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${text}`);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

const data = generateDemoData();
log(`generated ${data.events.length} demo events`);
const store = await openStore({});
await store.sites.upsert({ siteKey: DEMO_SITE_KEY, name: 'Focal demo optician', allowedOrigins: [], settings: {} });
const seedStart = performance.now();
await bulkInsertEvents(store, DEMO_SITE_KEY, data.events);
log(`seeded ${await store.events.count(DEMO_SITE_KEY)} events into PGlite (in memory) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

const to = new Date(Date.parse(DEFAULT_DEMO_NOW) + 24 * 3600 * 1000);
const from = new Date(to.getTime() - (DEMO_HISTORY_DAYS + 2) * 24 * 3600 * 1000);
const query = { siteKey: DEMO_SITE_KEY, from, to, attribution: DEFAULT_ATTRIBUTION };
let refreshed: RefreshResult | undefined;
const onRefresh = (r: RefreshResult) => (refreshed = r);

let t = performance.now();
await buildReport(store, query, onRefresh);
const first = { ms: performance.now() - t, refresh: refreshed! };

const times: number[] = [];
let last;
const reportStart = performance.now();
for (let i = 0; i < RUNS && performance.now() - reportStart < BUDGET_MS; i++) {
  t = performance.now();
  last = await buildReport(store, query, onRefresh);
  times.push(performance.now() - t);
}

// 2,000 new events (the last ones of the history sent again with new ids, an hour later), in batches of 10.
const fresh: FocalEvent[] = data.events.slice(-2000).map((e) => ({ ...e, id: uuidv7(), createdAt: new Date(Date.parse(e.createdAt) + 3600_000).toISOString() }) as FocalEvent);
t = performance.now();
let accepted = 0;
for (let i = 0; i < fresh.length; i += 10) {
  accepted += (await ingestBatch(store, DEMO_SITE_KEY, { events: fresh.slice(i, i + 10) }, new Date(Date.parse(DEFAULT_DEMO_NOW) + 2 * 3600_000))).result.accepted;
}
if (accepted !== fresh.length) throw new Error(`only ${accepted} of ${fresh.length} new events were accepted`);
const ingestMs = performance.now() - t;
t = performance.now();
await buildReport(store, query, onRefresh);
const afterIngest = { ms: performance.now() - t, refresh: refreshed! };

const params = [DEMO_SITE_KEY, from.toISOString(), to.toISOString()];
const days = wholeDays(from, to).map((d) => d.toISOString());
const windows = [DEFAULT_ATTRIBUTION.sessionIdleMinutes * 60, DEFAULT_ATTRIBUTION.emailWindowHours * 3600];
const parts: [string, string, unknown[], string, unknown[]][] = [
  ['traffic', TRAFFIC_TABLES_SQL, [...params, ...days, null], TRAFFIC_SQL, [...params, null]],
  ['attribution', ATTRIBUTED_TABLES_SQL, [...params, null, ...windows], ATTRIBUTED_SQL, [...params, null, ...windows]],
  ['orders', ORDERS_TABLES_SQL, params, ORDERS_SQL, params],
  ['exposure', EXPOSURE_TABLES_SQL, [...params, ...days, null], EXPOSURE_SQL, [...params, null]],
  ['pipeline', PIPELINE_TABLES_SQL, [...params, ...days], PIPELINE_SQL, params],
];
const fromTables: string[] = [];
const fromEvents: string[] = [];
for (const [name, tablesSql, tablesParams, eventsSql, eventsParams] of parts) {
  t = performance.now();
  await runReportSql(store.sql, tablesSql, tablesParams);
  fromTables.push(`${name} ${Math.round(performance.now() - t)} ms`);
  t = performance.now();
  await runReportSql(store.sql, eventsSql, eventsParams);
  fromEvents.push(`${name} ${Math.round(performance.now() - t)} ms`);
}
await store.close();

times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const max = times[times.length - 1];
const ms = (x: number) => `${Math.round(x)} ms`;
console.log(`\nreport over the full demo history (${from.toISOString().slice(0, 10)} to ${to.toISOString().slice(0, 10)}), PGlite in memory, load average ${load()}`);
console.log(`  first report: ${ms(first.ms)} (report tables ${first.refresh.mode} from ${first.refresh.events} events in ${ms(first.refresh.ms)})`);
console.log(`  ${times.length} reports: median ${ms(median)}, max ${ms(max)} (target ≤ 1000 ms: ${median <= 1000 ? 'met' : 'NOT met'})`);
console.log(`  after ${fresh.length} new events (ingested in ${fresh.length / 10} batches of 10: ${ms(ingestMs)}): ${ms(afterIngest.ms)} (tables ${afterIngest.refresh.mode}: ${afterIngest.refresh.events} events, ${afterIngest.refresh.shoppers} shoppers, ${afterIngest.refresh.users} users in ${ms(afterIngest.refresh.ms)})`);
console.log(`  one run by statement, from the tables: ${fromTables.join(', ')}`);
console.log(`  one run by statement, from the events: ${fromEvents.join(', ')}`);
console.log(`  report: ${last!.totals.impressions} impressions, ${last!.totals.clicks} clicks, ${last!.totals.orders} attributed of ${last!.totals.allOrders} orders, attributed revenue ${last!.totals.revenue} of ${last!.totals.allRevenue}`);
