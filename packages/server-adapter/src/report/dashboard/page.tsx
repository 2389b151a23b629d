import { render } from 'preact-render-to-string';
import { currencyWarning, type Report } from '../build.js';
import { rangeLabel } from '../params.js';
import { emptyMeasures, webCtr } from '../rollup.js';
import { LineChart } from './chart.js';
import { STYLES } from './styles.js';

/**
 * Security headers of every dashboard page (the report and its login, also the login's 429): no scripts at all, no
 * framing, no caching, no referrer.
 */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const money = (x: number) => x.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const int = (x: number) => x.toLocaleString('en-GB');
/** A CTR, or a dash where there is none (no impressions: an email placement, which only has clicks). */
const ctr = (x: number | null) => (x === null ? '–' : pct(x));
/** What the CTR column and figure mean, said wherever they are shown. */
const CTR_MEANS = 'CTR is web clicks divided by viewable impressions. Emails have no impressions: their clicks count in Clicks and Email clicks, never in a CTR, and a placement with clicks only (an email placement) shows no CTR (–).';
/** Axis ticks: 20K, 1.5M (the full amounts do not fit beside the axis). */
const compact = (x: number) => x.toLocaleString('en-GB', { notation: 'compact', maximumFractionDigits: 1 });

function Shell({ title, children }: { title: string; children: preact.ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLES }} />
      </head>
      <body>{children}</body>
    </html>
  );
}

function Filters({ report }: { report: Report }) {
  const to = new Date(Date.parse(report.to) - 1).toISOString().slice(0, 10);
  return (
    <form method="get" action="/admin" class="filters" aria-label="Report range">
      <input type="hidden" name="site" value={report.siteKey} />
      <label>From <input type="date" name="from" value={report.from.slice(0, 10)} /></label>
      <label>To <input type="date" name="to" value={to} /></label>
      <label>Placement <input type="text" name="placement" value={report.placement ?? ''} placeholder="all" /></label>
      <button type="submit">Show</button>
    </form>
  );
}

function Kpis({ report }: { report: Report }) {
  const t = report.totals;
  const currencies = report.currencies ?? [];
  // one currency: its code beside the amounts; several: the amounts mix them, and the summary says so first
  const code = currencies.length === 1 && currencies[0]!.currency ? ` ${currencies[0]!.currency}` : '';
  const items: [string, string][] = [
    ['Attributed revenue', `${money(t.revenue)}${code} (${pct(t.revenueShare)} of ${money(t.allRevenue)}${code})`],
    ['Orders with a recommendation click', `${int(t.withRecClick.orders)} of ${int(t.allOrders)}`],
    ['AOV with / without a rec click', `${money(t.withRecClick.aov)} / ${money(t.withoutRecClick.aov)}${code}`],
    ['Viewable impressions, clicks, web CTR', `${int(t.impressions)}, ${int(t.clicks)}${t.emailClicks ? ` (${int(t.emailClicks)} in emails)` : ''}, ${ctr(t.ctr)}`],
    ['Add-to-carts from recommendations', int(t.addToCarts)],
    ['Replenishment re-orders', int(t.reorders)],
  ];
  return (
    <>
      {currencies.length > 1 && <p class="alert">Warning: {currencyWarning(currencies)}.</p>}
      <dl class="kpis">
        {items.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
      </dl>
    </>
  );
}

/** A table's own horizontal scroll (a narrow phone scrolls the table, not the page), reachable by keyboard. */
function Scroll({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return <div class="scroll" role="region" aria-label={label} tabIndex={0}>{children}</div>;
}

function MeasuresTable({ caption, head, rows }: { caption: string; head: string[]; rows: { key: string; cells: string[]; m: Report['placements'][number] }[] }) {
  return (
    <Scroll label={caption}>
    <table>
      <caption>{caption}</caption>
      <thead><tr>{[...head, 'Impressions', 'Clicks', 'Email clicks', 'CTR', 'Add-to-carts', 'Orders', 'Revenue', 'Share', 'Re-orders'].map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
      <tbody>
        {rows.map(({ key, cells, m }) => (
          <tr key={key}>
            {cells.map((c, i) => (i === 0 ? <th scope="row" key={i}>{c}</th> : <td key={i}>{c}</td>))}
            <td>{int(m.impressions)}</td><td>{int(m.clicks)}</td><td>{int(m.emailClicks)}</td><td>{ctr(m.ctr)}</td><td>{int(m.addToCarts)}</td>
            <td>{int(m.orders)}</td><td>{money(m.revenue)}</td><td>{pct(m.revenueShare)}</td><td>{int(m.reorders)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </Scroll>
  );
}

function Placements({ report }: { report: Report }) {
  if (!report.placements.length) return <p>No recommendation was shown or clicked in this range.</p>;
  const byPlacement = report.placements.map((p) => {
    const rows = report.rows.filter((r) => r.placement === p.placement);
    const merged = new Map<string, { strategy: string; variant: string; m: typeof p }>();
    for (const r of rows) {
      const key = `${r.strategy}\u0000${r.variant}`;
      const acc = merged.get(key) ?? { strategy: r.strategy, variant: r.variant, m: { placement: p.placement, ...emptyMeasures() } };
      for (const k of ['impressions', 'clicks', 'emailClicks', 'addToCarts', 'orders', 'revenue', 'revenueShare', 'reorders'] as const) acc.m[k] += r[k];
      acc.m.ctr = webCtr(acc.m);
      merged.set(key, acc);
    }
    return { p, detail: [...merged.values()] };
  });
  return (
    <>
      <p>{CTR_MEANS}</p>
      <MeasuresTable caption="All placements" head={['Placement']} rows={report.placements.map((p) => ({ key: p.placement, cells: [p.placement], m: p }))} />
      {byPlacement.map(({ p, detail }) => (
        <MeasuresTable key={p.placement} caption={`${p.placement} by strategy and variant`} head={['Strategy', 'Variant']}
          rows={detail.map((d) => ({ key: `${d.strategy}/${d.variant}`, cells: [d.strategy || '(none)', d.variant || '(no split)'], m: d.m }))} />
      ))}
    </>
  );
}

function Experiments({ report }: { report: Report }) {
  if (!report.experiments.length) return <p>No placement has an A/B split or holdout with exposures in this range.</p>;
  return (
    <>
      {report.experiments.map((e) => (
        <article key={e.placement} class="experiment" aria-labelledby={`exp-${e.placement}`}>
          <h3 id={`exp-${e.placement}`}>{e.placement}</h3>
          <ul class="verdicts">
            {e.comparisons.map((c) => <li key={c.variant}><strong>{c.verdict}</strong>; revenue per visitor {c.revenueDiff.value >= 0 ? '+' : '−'}{money(Math.abs(c.revenueDiff.value))} ({money(c.revenueDiff.low)} to {money(c.revenueDiff.high)})</li>)}
            <li class={e.srm.mismatch ? 'alert' : undefined}>{e.srm.mismatch ? 'Warning: ' : ''}{e.srm.message}</li>
            {e.mixed && <li>{e.mixed.message}</li>}
          </ul>
          <Scroll label={`${e.placement}: variants`}>
          <table>
            <caption>{e.placement}: variants (95 % intervals; baseline {e.baseline})</caption>
            <thead><tr>{['Variant', 'Visitors', 'Expected share', 'Converted', 'Conversion', 'Revenue per visitor'].map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
            <tbody>
              {e.variants.map((v) => (
                <tr key={v.variant}>
                  <th scope="row">{v.variant}</th><td>{int(v.visitors)}</td><td>{pct(v.expectedShare)}</td><td>{int(v.converted)}</td>
                  <td>{pct(v.conversion.value)} ({pct(v.conversion.low)} to {pct(v.conversion.high)})</td>
                  <td>{money(v.revenuePerVisitor.value)} ({money(v.revenuePerVisitor.low)} to {money(v.revenuePerVisitor.high)})</td>
                </tr>
              ))}
            </tbody>
          </table>
          </Scroll>
        </article>
      ))}
    </>
  );
}

function Models({ report }: { report: Report }) {
  const metricNames = [...new Set(report.models.flatMap((m) => Object.keys(m.offline)))].sort();
  const compared = report.models.flatMap((m) => (m.comparedWith ? [m.comparedWith] : []));
  return (
    <>
    {compared.length > 0 && <ul class="verdicts">{compared.map((c) => <li key={c.message} class={c.worse ? 'alert' : undefined}>{c.worse ? 'Warning: ' : ''}{c.message}</li>)}</ul>}
    <Scroll label="Reranker versions">
    <table>
      <caption>Reranker versions: offline metrics beside online results (web recommendations: no model ranks an email)</caption>
      <thead><tr>{['Version', 'Manifest', ...metricNames, 'Impressions', 'CTR', 'Attributed orders', 'Orders per click'].map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
      <tbody>
        {report.models.map((m) => (
          <tr key={m.version}>
            <th scope="row">{m.version}{m.active ? ' (active)' : ''}</th><td>{m.manifest}</td>
            {metricNames.map((n) => <td key={n}>{m.offline[n] === undefined ? '–' : Number.isInteger(m.offline[n]) ? int(m.offline[n]) : m.offline[n].toFixed(3)}</td>)}
            <td>{int(m.impressions)}</td><td>{ctr(m.ctr)}</td><td>{int(m.orders)}</td><td>{pct(m.conversion)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </Scroll>
    </>
  );
}

function Pipeline({ report }: { report: Report }) {
  const p = report.pipeline;
  const h = p.ingest;
  const total = Object.values(p.storedByType).reduce((s, v) => s + v, 0);
  return (
    <>
      <dl class="kpis">
        <div><dt>Events stored in range</dt><dd>{int(total)}</dd></div>
        <div><dt>Arrived over an hour late</dt><dd>{int(p.lateArrivals)}</dd></div>
        <div><dt>Events rejected (invalid)</dt><dd>{int(h.rejected)}{h.batchesRejected ? `, and ${int(h.batchesRejected)} whole request${h.batchesRejected === 1 ? '' : 's'}` : ''}</dd></div>
        <div><dt>Duplicates refused (sent again)</dt><dd>{int(h.duplicates)}</dd></div>
        <div><dt>Dead-lettered, reported by SDKs</dt><dd>{int(h.deadLettered)}</dd></div>
        {p.sinceStart && <div><dt>Since the adapter started: accepted / duplicates refused / rejected</dt><dd>{int(p.sinceStart.accepted)} / {int(p.sinceStart.duplicates)} / {int(p.sinceStart.rejected)}</dd></div>}
      </dl>
      {h.topReasons.length > 0
        ? (
          <Scroll label="Top rejection reasons">
          <table>
            <caption>Top rejection reasons, {h.days.from} to {h.days.to} (UTC days of receipt)</caption>
            <thead><tr>{['Reason', 'Field', 'Refused', 'Count'].map((x) => <th scope="col" key={x}>{x}</th>)}</tr></thead>
            <tbody>
              {h.topReasons.map((r) => (
                <tr key={`${r.scope}/${r.reason}/${r.field}`}>
                  <th scope="row">{r.reason}</th><td>{r.field || (r.scope === 'event' ? '(the event)' : '–')}</td><td>{r.scope === 'event' ? 'the event' : 'the whole request'}</td><td>{int(r.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </Scroll>
        )
        : <p>No event was rejected from {h.days.from} to {h.days.to}.</p>}
      <table>
        <caption>Stored events by type</caption>
        <thead><tr><th scope="col">Type</th><th scope="col">Events</th></tr></thead>
        <tbody>{Object.entries(p.storedByType).map(([type, n]) => <tr key={type}><th scope="row">{type}</th><td>{int(n)}</td></tr>)}</tbody>
      </table>
      {p.notes.length > 0 && <ul>{p.notes.map((n) => <li key={n}>{n}</li>)}</ul>}
    </>
  );
}

/** The whole dashboard for a report, as an HTML document. */
export function renderDashboard(report: Report): string {
  const days = report.daily.map((d) => d.day);
  const best = report.daily.reduce((b, d) => (d.attributedRevenue > (b?.attributedRevenue ?? -1) ? d : b), report.daily[0]);
  const body = (
    <Shell title={`Focal results: ${report.siteKey}`}>
      <header>
        <h1>Focal results for {report.siteKey}</h1>
        <p>{rangeLabel(report.from, report.to)}{report.placement ? `, placement ${report.placement}` : ''}. Attribution: same product clicked earlier in the session ({report.attribution.sessionIdleMinutes} min idle) or in an email within {report.attribution.emailWindowHours} h; last click wins.</p>
        <Filters report={report} />
        <form method="post" action="/admin/logout"><button type="submit">Log out</button></form>
      </header>
      <main>
        {report.notes.length > 0 && <section aria-label="Notes"><ul class="notes">{report.notes.map((n) => <li key={n}>{n}</li>)}</ul></section>}
        <section aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2><Kpis report={report} /></section>
        <section aria-labelledby="h-charts" class="charts">
          <h2 id="h-charts">Over time</h2>
          <LineChart id="revenue-chart" title="Revenue per day" labels={days} format={(v) => money(v)} tick={compact}
            description={days.length ? `Daily order revenue and the part attributed to recommendations from ${days[0]} to ${days[days.length - 1]}; best attributed day ${best!.day} with ${money(best!.attributedRevenue)}.` : 'No data in this range.'}
            series={[{ name: 'All revenue', color: '#1f4e79', values: report.daily.map((d) => d.revenue) }, { name: 'Attributed to recommendations', color: '#b34700', dashed: true, values: report.daily.map((d) => d.attributedRevenue) }]} />
          <LineChart id="ctr-chart" title="Web click-through rate of recommendations per day" labels={days} format={(v) => pct(v)}
            description={days.length ? `Web clicks divided by viewable impressions per day (email clicks, which have no impressions, left out; a day without impressions has no point); ${ctr(report.totals.ctr)} over the whole range.` : 'No data in this range.'}
            series={[{ name: 'CTR', color: '#1f6f43', values: report.daily.map((d) => d.ctr) }]} />
        </section>
        <section aria-labelledby="h-placements"><h2 id="h-placements">Placements</h2><Placements report={report} /></section>
        <section aria-labelledby="h-experiments"><h2 id="h-experiments">Experiments</h2><Experiments report={report} /></section>
        <section aria-labelledby="h-models"><h2 id="h-models">Model health</h2><Models report={report} /></section>
        <section aria-labelledby="h-pipeline"><h2 id="h-pipeline">Event pipeline</h2><Pipeline report={report} /></section>
      </main>
    </Shell>
  );
  return `<!doctype html>${render(body)}`;
}

/** The login form (and the reason of a failed attempt). */
export function renderLogin(message?: string): string {
  const body = (
    <Shell title="Focal dashboard: log in">
      <main class="login">
        <h1>Focal dashboard</h1>
        {message && <p role="alert" class="alert">{message}</p>}
        <form method="post" action="/admin/login">
          <label for="key">Admin key</label>
          <input id="key" name="key" type="password" autoComplete="current-password" required />
          <button type="submit">Log in</button>
        </form>
      </main>
    </Shell>
  );
  return `<!doctype html>${render(body)}`;
}

/** A page for a report that could not be built (bad range): the message and the form to try again. */
export function renderProblem(message: string): string {
  const body = (
    <Shell title="Focal dashboard: check the range">
      <main class="login">
        <h1>Focal dashboard</h1>
        <p role="alert" class="alert">{message}</p>
        <p><a href="/admin">Show the last 30 days</a></p>
      </main>
    </Shell>
  );
  return `<!doctype html>${render(body)}`;
}
