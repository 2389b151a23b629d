/**
 * track() cost in Chromium: 10,000 calls in tasks of 100 (one task every 200 ms: 500 events a second, sustained) against the
 * real adapter on loopback (startTestAdapter, in-memory PGlite), through the BUILT script-tag bundle.
 * Prints: median synchronous cost per call, total main-thread time per call including the deferred storage and
 * sending work (Chromium's TaskDuration metric over the run, net of an idle run of the same harness and gross; and
 * the main thread's CPU time, ThreadTime, which a loaded machine inflates least), the longest
 * task (PerformanceObserver long tasks + each task's own timing) and how many events the server stored.
 * Targets (issue 4): ≤ 0.05 ms, ≤ 0.1 ms, < 50 ms, 10,000 / 10,000. Bounded: gives up after 120 s.
 * For comparing builds: `BUNDLE=<file in packages/widgets/dist>` loads another bundle (e.g. an unminified one), and
 * `PROFILE=1` prints the 25 functions with the most main-thread self time (file:line:column).
 */
import { launchChromium } from '../tests/helpers/chromium.js';
import { serveStatic } from '../tests/helpers/static-server.js';
import { startTestAdapter } from '../tests/helpers/adapter.js';

const CALLS = 10_000;
const PER_TASK = 100;
const TASK_GAP_MS = 200;
const deadline = Date.now() + 120_000;

const pages: Record<string, string> = {};
const site = await serveStatic(process.cwd(), pages);
const adapter = await startTestAdapter({ allowedOrigins: [site.url] });
const browser = await launchChromium();
try {
  pages['/bench.html'] = `<!doctype html><html lang="en"><head><title>bench</title></head><body>
<script src="/packages/widgets/dist/${process.env.BUNDLE ?? 'focal.min.js'}" data-endpoint="${adapter.url}" data-site-key="${adapter.siteKey}" data-reranker="false"></script></body></html>`;
  const page = await browser.newPage();
  await page.goto(`${site.url}/bench.html`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  /** Main-thread seconds so far: TaskDuration (wall time inside tasks) and ThreadTime (CPU time of the main thread). */
  const mainThread = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics') as { metrics: Array<{ name: string; value: number }> };
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    return { task: get('TaskDuration'), cpu: get('ThreadTime') };
  };

  /**
   * Runs the tasks in the page (`track` false: the same harness with empty tasks, to subtract its cost).
   * Passed as a string so the TypeScript loader's helpers do not leak into the page.
   */
  const inPage = `(({ tasks, perTask, gap, track }) => new Promise((resolve) => {
    const focal = window.focal;
    const perCall = [];
    const longTasks = [];
    let longestTask = 0;
    const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
    observer.observe({ type: 'longtask' });
    let done = 0;
    const task = () => {
      const t0 = performance.now();
      if (track) for (let i = 0; i < perTask; i++) void focal.track('product_view', { productId: 'SKU-' + done + '-' + i });
      const t1 = performance.now();
      perCall.push((t1 - t0) / perTask);
      // the deferred work (validation, envelope, IndexedDB write) runs as microtasks at the end of this task
      queueMicrotask(() => queueMicrotask(() => { longestTask = Math.max(longestTask, performance.now() - t0); }));
      if (++done < tasks) setTimeout(task, gap);
      else setTimeout(() => { observer.disconnect(); resolve({ perCall, longestTask, longTasks }); }, 500);
    };
    setTimeout(task, 0);
  }))`;
  const run = (track: boolean) => page.evaluate(`${inPage}(${JSON.stringify({ tasks: CALLS / PER_TASK, perTask: PER_TASK, gap: TASK_GAP_MS, track })})`) as
    Promise<{ perCall: number[]; longestTask: number; longTasks: number[] }>;

  const idle0 = await mainThread();
  await run(false);
  const idle1 = await mainThread();
  const idle = { task: idle1.task - idle0.task, cpu: idle1.cpu - idle0.cpu };

  if (process.env.PROFILE) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.start'); }
  const before = await mainThread();
  const started = Date.now();
  const result = await run(true);
  let stats = { sent: 0, dropped: 0, deadLettered: 0, queued: 0, inFlight: 0 };
  while (Date.now() < deadline) {
    stats = await page.evaluate('window.focal.stats.value') as typeof stats;
    if (stats.sent + stats.dropped + stats.deadLettered >= CALLS && stats.queued + stats.inFlight === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const after = await mainThread();
  const busy = { task: after.task - before.task, cpu: after.cpu - before.cpu };
  if (process.env.PROFILE) {
    const { profile } = await cdp.send('Profiler.stop') as { profile: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount: number }>; samples: number[]; timeDeltas: number[] } };
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const n = byId.get(id)!;
      const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(v.toFixed(1).padStart(8), k);
  }
  const wall = Date.now() - started;
  const stored = (await adapter.storedEvents({ type: 'product_view' })).length;

  const sorted = [...result.perCall].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const perCallTotal = ((busy.task - idle.task) * 1000) / CALLS;
  const perCallCpu = ((busy.cpu - idle.cpu) * 1000) / CALLS;
  const longest = Math.max(result.longestTask, ...result.longTasks, 0);
  const row = (label: string, value: string, target: string, ok: boolean) =>
    console.log(`${label.padEnd(58)} ${value.padStart(12)}   target ${target.padEnd(10)} ${ok ? 'ok' : 'MISSED'}`);
  console.log(`track(): ${CALLS} calls in tasks of ${PER_TASK}, one task every ${TASK_GAP_MS} ms, Chromium ${browser.version()}, real adapter on loopback`);
  row('median synchronous cost per call', `${median.toFixed(4)} ms`, '≤ 0.05 ms', median <= 0.05);
  const perCallGross = (busy.task * 1000) / CALLS;
  row('main-thread time per call (incl. storage + sending), net', `${perCallTotal.toFixed(4)} ms`, '≤ 0.1 ms', perCallTotal <= 0.1);
  row('  same, gross (harness tasks not subtracted)', `${perCallGross.toFixed(4)} ms`, '≤ 0.1 ms', perCallGross <= 0.1);
  row('  main-thread CPU time per call (ThreadTime), net', `${perCallCpu.toFixed(4)} ms`, '≤ 0.1 ms', perCallCpu <= 0.1);
  row('longest task', `${longest.toFixed(1)} ms`, '< 50 ms', longest < 50);
  row('long tasks (> 50 ms) during the run', String(result.longTasks.length), '0', result.longTasks.length === 0);
  row('events stored by the server', `${stored}`, `${CALLS}`, stored === CALLS);
  console.log(`(sent ${stats.sent}, dropped ${stats.dropped}, dead-lettered ${stats.deadLettered}; all delivered ${(wall / 1000).toFixed(1)} s after the first call; main thread in tasks ${(busy.task * 1000).toFixed(0)} ms (CPU ${(busy.cpu * 1000).toFixed(0)} ms), idle harness ${(idle.task * 1000).toFixed(0)} ms (CPU ${(idle.cpu * 1000).toFixed(0)} ms); load average ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores)`);
} finally {
  await browser.close();
  await adapter.close();
  await site.close();
}
