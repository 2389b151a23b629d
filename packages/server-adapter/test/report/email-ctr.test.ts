/**
 * CTR counts web clicks over web impressions only. Emails have no impressions (nothing tells the adapter an email's
 * products were seen), so their clicks used to show as "CTR 0 %" with 2 clicks on the `email-for-you` row, and the
 * totals divided web + email clicks by web impressions. Now an email row has clicks and no CTR (null, "–" on the
 * dashboard, "-" in the CLI), the totals' and each day's CTR are web clicks / web impressions, and model health
 * leaves email clicks out. The email clicks are the events the adapter's `/r/` redirect stores (`emailClickEvent`).
 * PGlite, and PostgreSQL with DATABASE_URL; from the report tables and from the events.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { emailClickEvent } from '../../src/email/click.js';
import { buildReport, type Report } from '../../src/report/build.js';
import { formatReport } from '../../src/report/cli.js';
import { renderDashboard } from '../../src/report/dashboard/page.js';
import { DEFAULT_ATTRIBUTION } from '../../src/report/options.js';
import type { RefreshResult } from '../../src/report/refresh.js';
import { openStore, type Store } from '../../src/store/index.js';
import { History, HOUR, MIN, T0, uuidAt } from './history.js';

const SITE = 'pk_report_email_ctr';
const RANGE = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') };
const backends = [{ name: 'PGlite', url: undefined }, ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', url: process.env.DATABASE_URL }] : [])];

/** pdp-similar: 10 viewable impressions, 2 clicks (web). email-for-you: 2 clicks through email links, one bought. */
function history(): History {
  const h = new History();
  for (let i = 0; i < 10; i++) h.impression(T0 + i * MIN, { anon: `w${i}` }, { placement: 'pdp-similar', productId: `P${i}`, strategy: 'similar' });
  h.click(T0 + 20 * MIN, { anon: 'w0' }, { placement: 'pdp-similar', productId: 'P0', strategy: 'similar' })
    .click(T0 + 21 * MIN, { anon: 'w1' }, { placement: 'pdp-similar', productId: 'P1', strategy: 'similar' });
  const email = (user: string, productId: string, at: number): FocalEvent => emailClickEvent({
    s: SITE, d: `https://shop.example/products/${productId}`, pid: productId, c: 'autumn', r: `req-${user}`, p: 'email-for-you', i: 0,
    u: user, st: 'best-sellers', e: Math.floor(at / 1000) + 30 * 86_400,
  }, uuidAt(at), new Date(at));
  h.events.push(email('cust-1', 'E1', T0 + HOUR), email('cust-2', 'E2', T0 + HOUR + MIN));
  h.purchase(T0 + 2 * HOUR, { anon: 'cust-1-browser', user: 'cust-1' }, 'o-e1', [{ productId: 'E1', price: 50 }]);
  return h;
}

describe.each(backends)('CTR of web and email recommendations ($name)', ({ url }) => {
  let store: Store;
  let schema: string | undefined;
  let report: Report;
  beforeAll(async () => {
    if (url) schema = `focal_email_ctr_${randomBytes(6).toString('hex')}`;
    store = await openStore(url ? { databaseUrl: url, schema } : {});
    await history().store(store, SITE);
    report = await buildReport(store, { siteKey: SITE, ...RANGE, attribution: DEFAULT_ATTRIBUTION });
  });
  afterAll(async () => {
    if (schema) await store?.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store?.close();
  });

  it('an email placement has its clicks and no CTR (was "0 %" beside 2 clicks); a web placement keeps its CTR', () => {
    const email = report.placements.find((p) => p.placement === 'email-for-you');
    expect(email).toMatchObject({ impressions: 0, clicks: 2, emailClicks: 2, ctr: null, orders: 1, revenue: 50 });
    expect(report.placements.find((p) => p.placement === 'pdp-similar')).toMatchObject({ impressions: 10, clicks: 2, emailClicks: 0, ctr: 0.2 });
    expect(report.rows.filter((r) => r.placement === 'email-for-you').map((r) => r.ctr)).toEqual([null]);
  });

  it('the totals\' and the day\'s CTR are web clicks / web impressions (was 4 clicks / 10 impressions = 40 %)', () => {
    expect(report.totals).toMatchObject({ impressions: 10, clicks: 4, emailClicks: 2, ctr: 0.2 });
    expect(report.daily).toEqual([expect.objectContaining({ day: '2026-11-10', impressions: 10, clicks: 4, emailClicks: 2, ctr: 0.2 })]);
  });

  it('model health counts web recommendations only', () => {
    expect(report.models).toEqual([expect.objectContaining({ version: '(none)', impressions: 10, clicks: 2, ctr: 0.2, orders: 0 })]);
  });

  it('the tables answer what the events answer', async () => {
    expect(await buildReport(store, { siteKey: SITE, ...RANGE, attribution: DEFAULT_ATTRIBUTION, source: 'events' })).toEqual(report);
  });

  it('tables built before traffic had a channel (layout v2: every click counted as web) are rebuilt at the next report', async () => {
    // what migration 0540 leaves of them: every row says web
    await store.sql.query(`UPDATE report_traffic_daily SET channel = 'web' WHERE site_key = $1`, [SITE]);
    await store.sql.query(`UPDATE report_state SET layout = regexp_replace(layout, '^v[0-9]+;', 'v2;') WHERE site_key = $1`, [SITE]);
    const refreshes: RefreshResult[] = [];
    const again = await buildReport(store, { siteKey: SITE, ...RANGE, attribution: DEFAULT_ATTRIBUTION }, (r) => refreshes.push(r));
    expect(refreshes.map((r) => r.mode)).toEqual(['rebuilt']);
    expect(again).toEqual(report);
  });

  it('the dashboard and the CLI show no CTR for the email row and say what CTR counts', () => {
    const html = renderDashboard(report);
    expect(html).toContain('<th scope="row">email-for-you</th><td>0</td><td>2</td><td>2</td><td>–</td>');
    expect(html).toContain('<th scope="row">pdp-similar</th><td>10</td><td>2</td><td>0</td><td>20.0 %</td>');
    expect(html).toContain('<dt>Viewable impressions, clicks, web CTR</dt><dd>10, 4 (2 in emails), 20.0 %</dd>');
    expect(html).toContain('CTR is web clicks divided by viewable impressions. Emails have no impressions');
    const lines = formatReport(report);
    expect(lines).toContain('impressions 10  clicks 4 (2 in emails)  CTR 20.0%  add-to-carts 0  re-orders 0');
    expect(lines.find((l) => l.startsWith('email-for-you'))).toMatch(/^email-for-you\s+0\s+2\s+-\s/);
  });
});
