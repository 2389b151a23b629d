/**
 * What a retail team reads in the report, on the edges found by using it: a shop selling in two currencies (the
 * amounts are added up unconverted: the JSON, the dashboard and the CLI say so), the default range (whole UTC days,
 * so the range the dashboard's form sends back is the one shown), and dates at the ends of the calendar (a 400 naming
 * the field, not a 500). PGlite, and PostgreSQL with DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { parseConfig } from '../../src/config/index.js';
import { buildReport, type Report } from '../../src/report/build.js';
import { formatReport } from '../../src/report/cli.js';
import { renderDashboard } from '../../src/report/dashboard/page.js';
import { DEFAULT_ATTRIBUTION } from '../../src/report/options.js';
import { reportFor } from '../../src/report/request.js';
import { openStore, type Store } from '../../src/store/index.js';
import { History, HOUR, MIN, T0 } from './history.js';

const SITE = 'pk_report_reading';
const backends = [{ name: 'PGlite', url: undefined }, ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', url: process.env.DATABASE_URL }] : [])];

/** A shop with euro and dollar orders: 2 × EUR 40 (one after a click on pdp-similar) and 1 × USD 1,000. */
function twoCurrencies(): History {
  const h = new History();
  h.impression(T0 - MIN, { anon: 'm1' }, { placement: 'pdp-similar', productId: 'P1', strategy: 'similar' })
    .click(T0, { anon: 'm1' }, { placement: 'pdp-similar', productId: 'P1', strategy: 'similar' })
    .purchase(T0 + 5 * MIN, { anon: 'm1' }, 'e1', [{ productId: 'P1', price: 40 }])
    .purchase(T0 + HOUR, { anon: 'm2' }, 'e2', [{ productId: 'P2', price: 40 }]);
  const usd = new History().purchase(T0 + 2 * HOUR, { anon: 'm3' }, 'u1', [{ productId: 'P3', price: 1000 }]);
  for (const e of usd.events) (e.properties as { currency: string }).currency = 'USD';
  h.events.push(...usd.events);
  return h;
}

describe.each(backends)('the report as a retailer reads it ($name)', ({ url }) => {
  let store: Store;
  let schema: string | undefined;
  beforeAll(async () => {
    if (url) schema = `focal_reading_${randomBytes(6).toString('hex')}`;
    store = await openStore(url ? { databaseUrl: url, schema } : {});
  });
  afterAll(async () => {
    if (schema) await store?.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store?.close();
  });

  describe('a shop selling in two currencies', () => {
    let report: Report;
    beforeAll(async () => {
      await twoCurrencies().store(store, SITE);
      report = await buildReport(store, { siteKey: SITE, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), attribution: DEFAULT_ATTRIBUTION });
    });

    it('lists the orders per currency and says in a note that the money figures mix them', async () => {
      expect(report.currencies).toEqual([{ currency: 'EUR', orders: 2 }, { currency: 'USD', orders: 1 }]);
      expect(report.notes.join('\n')).toMatch(/orders in 2 currencies \(EUR: 2, USD: 1\): revenue, AOV and shares add these amounts up unconverted/);
      // the same from the events (the reference the tables are checked against)
      const fromEvents = await buildReport(store, { siteKey: SITE, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), attribution: DEFAULT_ATTRIBUTION, source: 'events' });
      expect(fromEvents).toEqual(report);
    });

    it('warns in the dashboard summary and in the CLI, beside the revenue', () => {
      const html = renderDashboard(report);
      const summary = html.slice(html.indexOf('id="h-summary"'), html.indexOf('id="h-charts"'));
      expect(summary).toMatch(/<p class="alert">Warning: orders in 2 currencies \(EUR: 2, USD: 1\)/);
      const lines = formatReport(report);
      const revenue = lines.findIndex((l) => l.includes('attributed revenue'));
      expect(lines[revenue + 1]).toMatch(/^WARNING: orders in 2 currencies \(EUR: 2, USD: 1\)/);
    });

    it('names the currency beside the amounts when there is one', async () => {
      const euros = await buildReport(store, { siteKey: SITE, from: new Date(T0 - HOUR), to: new Date(T0 + 90 * MIN), attribution: DEFAULT_ATTRIBUTION });
      expect(euros.currencies).toEqual([{ currency: 'EUR', orders: 2 }]);
      expect(renderDashboard(euros)).toContain('40.00 EUR (50.0 % of 80.00 EUR)');
      expect(formatReport(euros).join('\n')).toContain('attributed revenue 40.00 of 80.00 EUR (50.0%)');
      expect(euros.notes.join('\n')).not.toMatch(/currencies/);
    });
  });

  it('the CLI and the dashboard name the same range: the days a date range includes, the times of any other', async () => {
    const days = await buildReport(store, { siteKey: SITE, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), attribution: DEFAULT_ATTRIBUTION });
    expect(formatReport(days)[0]).toBe(`Focal report for ${SITE}, 2026-11-01 to 2026-11-19 (UTC)`);
    expect(renderDashboard(days)).toContain('<p>2026-11-01 to 2026-11-19 (UTC). Attribution:');
    const hours = await buildReport(store, { siteKey: SITE, from: new Date('2026-11-10T09:00:00Z'), to: new Date('2026-11-11T10:30:00Z'), attribution: DEFAULT_ATTRIBUTION });
    expect(formatReport(hours)[0]).toBe(`Focal report for ${SITE}, 2026-11-10 09:00 to before 2026-11-11 10:30 (UTC)`);
    expect(renderDashboard(hours)).toContain('<p>2026-11-10 09:00 to before 2026-11-11 10:30 (UTC). Attribution:');
  });

  it('says why an A/B test is not shown when every visitor of one arm also saw the other (split switched mid-test)', async () => {
    const site = 'pk_report_switched_split';
    const h = new History();
    // 3 visitors see variant b, then the split is switched to control for everyone; 2 newcomers see only control
    for (const anon of ['s1', 's2', 's3']) {
      h.impression(T0, { anon }, { placement: 'home-trending', productId: 'T1', variant: 'b' })
        .impression(T0 + HOUR, { anon }, { placement: 'home-trending', productId: 'T1', variant: 'control' });
    }
    for (const anon of ['s4', 's5']) h.impression(T0 + HOUR, { anon }, { placement: 'home-trending', productId: 'T1', variant: 'control' });
    await h.store(store, site);
    const report = await buildReport(store, { siteKey: site, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), attribution: DEFAULT_ATTRIBUTION });
    expect(report.experiments).toEqual([]);
    expect(report.notes).toContain('placement "home-trending": 3 visitors saw more than one variant (the split changed during the experiment?) and are left out of every arm, '
      + 'which leaves only variant "control" with visitors of its own: there is nothing to compare it with');
    expect(renderDashboard(report)).toContain('3 visitors saw more than one variant');
    expect(formatReport(report).join('\n')).toContain('note: placement "home-trending": 3 visitors saw more than one variant');
  });

  it('reports the last 30 whole UTC days by default: the range the dashboard form sends back is the same', async () => {
    const site = 'pk_report_default_range';
    const h = new History()
      .purchase(Date.parse('2026-10-25T10:00:00Z'), { anon: 'd1' }, 'd1', [{ productId: 'P1', price: 10 }])
      .purchase(Date.parse('2026-10-25T20:00:00Z'), { anon: 'd2' }, 'd2', [{ productId: 'P1', price: 10 }])
      .purchase(Date.parse('2026-10-26T08:00:00Z'), { anon: 'd3' }, 'd3', [{ productId: 'P1', price: 10 }]);
    await h.store(store, site);
    const config = parseConfig({});
    const now = new Date('2026-11-24T14:57:00Z');
    const byDefault = await reportFor(store, config, { site }, undefined, now);
    expect(byDefault.from).toBe('2026-10-26T00:00:00.000Z');
    expect(byDefault.daily[0]).toMatchObject({ day: '2026-10-26', revenue: 10 });
    // the dashboard's header and form show these days; "Show" sends them back and gets the same orders
    const html = renderDashboard(byDefault);
    expect(html).toContain('2026-10-26 to before 2026-11-24 14:57 (UTC)');
    const from = /name="from" value="([^"]+)"/.exec(html)![1]!;
    const to = /name="to" value="([^"]+)"/.exec(html)![1]!;
    const resent = await reportFor(store, config, { site, from, to }, undefined, now);
    expect(resent.totals.allOrders).toBe(byDefault.totals.allOrders);
    expect(resent.from).toBe(byDefault.from);
  });
});

describe('dates at the ends of the calendar (real adapter)', () => {
  let adapter: TestAdapter;
  beforeAll(async () => {
    adapter = await startTestAdapter();
  });
  afterAll(() => adapter?.close());

  it.each([
    ['from=9999-12-30&to=9999-12-31', 'to'],
    ['from=0000-01-01&to=1970-01-01', 'from'],
    ['to=0000-01-02', 'to'],
    ['from=1969-12-31&to=1970-01-01', 'from'],
  ])('answers %s with a 400 naming the field and the dates it takes', async (query, field) => {
    const response = await fetch(`${adapter.url}/v1/admin/report?${query}`, { headers: { authorization: `Bearer ${adapter.adminKey}` } });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: 'invalid_query', field });
    expect(body.error.message).toMatch(/must be between 1970-01-01 and 9999-12-30/);
  });

  it('reads a time zone offset typed into the URL unencoded (its + arrives as a space)', async () => {
    const response = await fetch(`${adapter.url}/v1/admin/report?from=2026-11-10T00:00:00+02:00&to=2026-11-11T00:00:00+02:00`, { headers: { authorization: `Bearer ${adapter.adminKey}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ from: '2026-11-09T22:00:00.000Z', to: '2026-11-10T22:00:00.000Z' });
  });

  it('names the days as typed when the range is empty or backwards (not the midnight after a to date)', async () => {
    const get = (q: string) => fetch(`${adapter.url}/v1/admin/report?${q}`, { headers: { authorization: `Bearer ${adapter.adminKey}` } });
    const backwards = await get('from=2026-11-24&to=2026-11-01');
    expect(backwards.status).toBe(400);
    expect((await backwards.json()).error.message).toMatch(/^from \(2026-11-24\) must be before to \(2026-11-01\); a to date includes its day/);
    const empty = (await (await get('from=2026-11-24&to=2026-11-24')).json()) as Report;
    expect(empty.notes[0]).toBe('no recommendation events and no orders in 2026-11-24 to 2026-11-24 (UTC): the report is empty');
  });

  it('still answers the last days of the calendar it takes', async () => {
    const response = await fetch(`${adapter.url}/v1/admin/report?from=9999-12-29&to=9999-12-30`, { headers: { authorization: `Bearer ${adapter.adminKey}` } });
    expect(response.status).toBe(200);
    expect((await response.json()).to).toBe('9999-12-31T00:00:00.000Z');
  });
});
