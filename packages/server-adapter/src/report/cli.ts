import { parseFlags } from '../cli/flags.js';
import { UsageError } from '../cli/usage.js';
import { STORE_FLAGS, configFromFlags, openConfiguredStore } from '../cli/store-flags.js';
import { currencyWarning, type Report } from './build.js';
import { rangeLabel, ReportParamError } from './params.js';
import { checkReportInput, reportFor, type ReportInput } from './request.js';

export const REPORT_USAGE = `focal-adapter report [--from DATE] [--to DATE] [--placement ID] [--site KEY] [--json]
                     [--session-minutes N] [--email-hours N] [--data-dir DIR | --database-url URL]
  Attributed results of the recommendations: per placement, strategy, variant and day; experiments; model health.
  DATE is YYYY-MM-DD (a whole UTC day; --to includes it) or an ISO-8601 time. Default: the last 30 days.
  --json prints the whole report as JSON (the same document as GET /v1/admin/report).`;

const money = (x: number) => x.toFixed(2);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** A CTR, or `-` where there is none (no impressions: an email placement, which only has clicks). */
const ctr = (x: number | null) => (x === null ? '-' : pct(x));

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} must be a number greater than 0, got "${value}"`);
  return n;
}

/**
 * Control characters (C0 but newline, DEL, C1) as `\u001b` text: names in the report come from shoppers' events,
 * and an ESC sequence in a variant or model version must not reach the operator's terminal.
 */
const visible = (line: string) => line.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The report as JSON for the terminal: `JSON.stringify` leaves DEL and the C1 controls (U+007F–U+009F; U+009B is a
 * one-byte CSI) raw inside strings, so they are written as `\u007f`… escapes, still valid JSON that parses back to
 * the same values. C0 controls are already escaped by `JSON.stringify`.
 */
export function formatReportJson(report: Report): string {
  return JSON.stringify(report, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The report as text: totals, the placements table, experiment verdicts, model health and notes. */
export function formatReport(report: Report): string[] {
  return reportLines(report).map(visible);
}

function reportLines(report: Report): string[] {
  const t = report.totals;
  const currencies = report.currencies ?? [];
  const code = currencies.length === 1 && currencies[0]!.currency ? ` ${currencies[0]!.currency}` : '';
  const lines = [
    `Focal report for ${report.siteKey}, ${rangeLabel(report.from, report.to)}${report.placement ? `, placement ${report.placement}` : ''}`,
    `attribution: last click on the same product, same session (${report.attribution.sessionIdleMinutes} min idle) or email within ${report.attribution.emailWindowHours} h`,
    '',
    `impressions ${t.impressions}  clicks ${t.clicks}${t.emailClicks ? ` (${t.emailClicks} in emails)` : ''}  CTR ${ctr(t.ctr)}  add-to-carts ${t.addToCarts}  re-orders ${t.reorders}`,
    'CTR: web clicks / viewable impressions (email clicks have no impressions: counted in clicks, not in CTR)',
    `attributed orders ${t.orders} of ${t.allOrders}  attributed revenue ${money(t.revenue)} of ${money(t.allRevenue)}${code} (${pct(t.revenueShare)})`,
    ...(currencies.length > 1 ? [`WARNING: ${currencyWarning(currencies)}`] : []),
    `AOV with a rec click ${money(t.withRecClick.aov)} (${t.withRecClick.orders} orders), without ${money(t.withoutRecClick.aov)} (${t.withoutRecClick.orders} orders)`,
  ];
  if (report.placements.length) {
    lines.push('', ['placement'.padEnd(24), 'impr'.padStart(8), 'clicks'.padStart(7), 'CTR'.padStart(6), 'carts'.padStart(6), 'orders'.padStart(7), 'revenue'.padStart(11), 'share'.padStart(6)].join(' '));
    for (const p of report.placements) {
      lines.push([p.placement.padEnd(24), String(p.impressions).padStart(8), String(p.clicks).padStart(7), ctr(p.ctr).padStart(6), String(p.addToCarts).padStart(6),
        String(p.orders).padStart(7), money(p.revenue).padStart(11), pct(p.revenueShare).padStart(6)].join(' '));
    }
  }
  for (const e of report.experiments) {
    lines.push('', `experiment ${e.placement}: ${e.variants.map((v) => `${v.variant} ${v.visitors} visitors, conversion ${pct(v.conversion.value)} [${pct(v.conversion.low)}, ${pct(v.conversion.high)}]`).join('; ')}`);
    for (const c of e.comparisons) lines.push(`  ${c.verdict}`);
    lines.push(`  ${e.srm.mismatch ? 'WARNING: ' : ''}${e.srm.message}`);
    if (e.mixed) lines.push(`  ${e.mixed.message}`);
  }
  if (report.models.length) {
    lines.push('', 'model health:');
    for (const m of report.models) {
      const offline = Object.entries(m.offline).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(3)}`).join(', ');
      lines.push(`  ${m.version}${m.active ? ' (active)' : ''}: CTR ${ctr(m.ctr)}, ${m.orders} attributed orders; offline: ${offline || 'no manifest'}`);
      if (m.comparedWith) lines.push(`    ${m.comparedWith.worse ? 'WARNING: ' : ''}${m.comparedWith.message}`);
    }
  }
  const h = report.pipeline.ingest;
  lines.push('', `pipeline (${h.days.from} to ${h.days.to}): ${Object.values(report.pipeline.storedByType).reduce((s, n) => s + n, 0)} events stored, `
    + `${h.rejected} rejected${h.batchesRejected ? ` (+ ${h.batchesRejected} whole requests)` : ''}, ${h.duplicates} duplicates refused, ${h.deadLettered} dead-lettered by SDKs`);
  for (const r of h.topReasons) lines.push(`  ${String(r.count).padStart(7)}  ${r.reason}${r.field ? ` (${r.field})` : ''}${r.scope === 'batch' ? ' [whole request]' : ''}`);
  for (const note of [...report.notes, ...report.pipeline.notes]) lines.push('', `note: ${note}`);
  return lines;
}

/** `focal-adapter report`. */
export async function runReport(argv: string[], out: (line: string) => void = console.log): Promise<number | void> {
  const { values } = parseFlags({
    args: argv, strict: true,
    options: {
      ...STORE_FLAGS, from: { type: 'string' }, to: { type: 'string' }, placement: { type: 'string' }, site: { type: 'string' },
      json: { type: 'boolean' }, 'session-minutes': { type: 'string' }, 'email-hours': { type: 'string' },
    },
  });
  if (values.help) return out(REPORT_USAGE);
  const sessionIdleMinutes = number(values['session-minutes'], 'session-minutes');
  const emailWindowHours = number(values['email-hours'], 'email-hours');
  const input: ReportInput = {
    ...(values.site ? { site: values.site } : {}), ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}),
    ...(values.placement ? { placement: values.placement } : {}),
    attribution: { ...(sessionIdleMinutes ? { sessionIdleMinutes } : {}), ...(emailWindowHours ? { emailWindowHours } : {}) },
  };
  const asUsage = (error: unknown) => (error instanceof ReportParamError ? new UsageError(`--${error.field}: ${error.message}`) : error);
  try {
    // every flag is checked before the store opens: PGlite would create a database in a mistyped --data-dir
    checkReportInput(input);
  } catch (error) {
    throw asUsage(error);
  }
  const config = configFromFlags(values);
  const store = await openConfiguredStore(config);
  try {
    const report = await reportFor(store, config, input);
    if (values.json) out(formatReportJson(report));
    else for (const line of formatReport(report)) out(line);
  } catch (error) {
    throw asUsage(error);
  } finally {
    await store.close();
  }
}
