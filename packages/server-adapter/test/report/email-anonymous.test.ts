/**
 * Orders that follow a click in an email sent to an ANONYMOUS visitor are the email's: the click is stored under the
 * visitor's anonymous id and no user id (src/email/click.ts), so the report attributes by that anonymous id, within
 * the email window, whether the visitor buys anonymously or signs in first (identify keeps the anonymous id). Known
 * answers (`anonymousEmailHistory`), read from the report tables built at once, kept up to date as events arrive
 * (late click, erasures) and rebuilt, always equal to the report computed from the events; then the whole way through
 * the real adapter: email, click on its link, purchase, `GET /v1/admin/report`. PGlite, and PostgreSQL with
 * DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { FocalEvent } from '@focal/sdk-core/contracts';
import type { TestAdapter } from '../../../../tests/helpers/adapter.js';
import { ingestBatch } from '../../src/ingest/ingest.js';
import { eraseSubject } from '../../src/profiles/service.js';
import { buildReport, type Report, type ReportQuery } from '../../src/report/build.js';
import { DEFAULT_ATTRIBUTION } from '../../src/report/options.js';
import { refreshReportTables, type RefreshResult } from '../../src/report/refresh.js';
import type { Store } from '../../src/store/index.js';
import { backends } from '../store/backends.js';
import { BACKENDS, SHOP, asAdmin, hrefs, purchase, startEmailAdapter } from '../email/setup.js';
import { HOUR, T0 } from './history.js';
import { anonymousEmailHistory } from './scenarios.js';

const SITE = 'pk_report_email_anon';
const RANGES: [string, Partial<ReportQuery>][] = [
  ['whole days', { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') }],
  ['partial days', { from: new Date('2026-11-10T09:00:00Z'), to: new Date('2026-11-11T10:00:00Z') }],
  ['email placement only', { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), placement: 'email-for-you' }],
  ['wide windows', { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), attribution: { sessionIdleMinutes: 60, emailWindowHours: 48 } }],
];
const WHOLE = { siteKey: SITE, ...RANGES[0]![1], attribution: DEFAULT_ATTRIBUTION } as ReportQuery;

/** Every range: the report read from the tables equals the one computed from the events. */
async function expectTablesEqualEvents(store: Store, refreshes?: RefreshResult[]) {
  for (const [name, range] of RANGES) {
    const query = { siteKey: SITE, attribution: DEFAULT_ATTRIBUTION, ...range } as ReportQuery;
    const fromTables = await buildReport(store, query, (r) => refreshes?.push(r));
    expect(fromTables, name).toEqual(await buildReport(store, { ...query, source: 'events' }));
  }
}

const placementOf = (report: Report, id: string) => report.placements.find((p) => p.placement === id);

describe.each(backends)('email clicks of anonymous visitors in the report ($name)', (backend) => {
  describe('tables built from the whole history', () => {
    let store: Store;
    let drop: (() => Promise<void>) | undefined;
    let report: Report;
    beforeAll(async () => {
      ({ store, drop } = await backend.open());
      await anonymousEmailHistory().store(store, SITE);
      report = await buildReport(store, WHOLE);
    });
    afterAll(() => drop?.());

    it('credits the email with the orders of an anonymous visitor and of one who signed in before buying', () => {
      // ea1 (40, anonymous), ea2 (2 × 15, signed in as ue2 after the click), ea5 (35, email click after a web click),
      // ea7 (50, signed in as ue7, whose own email click came first)
      expect(placementOf(report, 'email-for-you')).toMatchObject({ clicks: 8, orders: 4, revenue: 155, addToCarts: 1 });
      expect(report.byPageType.find((r) => r.placement === 'email-for-you')).toMatchObject({ pageType: 'email', orders: 4, revenue: 155 });
      expect(report.rows.filter((r) => r.placement === 'email-for-you' && r.orders > 0))
        .toEqual([expect.objectContaining({ day: '2026-11-10', strategy: 'best-sellers', orders: 3, revenue: 115 }),
          expect.objectContaining({ day: '2026-11-11', strategy: 'best-sellers', orders: 1, revenue: 40 })]);
    });

    it('counts each order line once, for the last click, and nothing after 24 h or bought by someone else', () => {
      expect(placementOf(report, 'pdp-similar')).toMatchObject({ orders: 1, revenue: 60 }); // ea4: web click after the email one
      expect(placementOf(report, 'home-for-you')).toMatchObject({ orders: 0, revenue: 0 }); // ea5: email click after the web one
      // ea7: ue7's own (personalised) email click is not the last one; the line counts once
      expect(report.rows.find((r) => r.placement === 'email-for-you' && r.strategy === 'personalised')).toMatchObject({ clicks: 1, orders: 0, revenue: 0 });
      // oe3 (24 h 1 min), oe6b (another visitor), oe6 (a product not clicked) are not attributed
      expect(report.totals).toMatchObject({ orders: 5, revenue: 215, allOrders: 8, allRevenue: 277 });
      expect(report.totals.withRecClick).toEqual({ orders: 5, revenue: 220, aov: 44 });
      expect(report.totals.withoutRecClick).toEqual({ orders: 3, revenue: 57, aov: 19 });
    });

    it('honours the email window setting, and the tables agree with the events on every range', async () => {
      const wide = await buildReport(store, { ...WHOLE, attribution: { sessionIdleMinutes: 30, emailWindowHours: 48 } });
      expect(placementOf(wide, 'email-for-you')).toMatchObject({ orders: 5, revenue: 180 }); // + oe3
      await expectTablesEqualEvents(store);
    });

    it('tables built before (no pair of an anonymous email click, layout v1) are rebuilt at the next report', async () => {
      await store.sql.query('DELETE FROM report_attribution WHERE site_key = $1 AND is_email AND click_user_id IS NULL', [SITE]);
      await store.sql.query(`UPDATE report_state SET layout = regexp_replace(layout, '^v[0-9]+;', 'v1;') WHERE site_key = $1`, [SITE]);
      const refreshes: RefreshResult[] = [];
      const again = await buildReport(store, WHOLE, (r) => refreshes.push(r));
      expect(refreshes.map((r) => r.mode)).toEqual(['rebuilt']);
      expect(placementOf(again, 'email-for-you')).toMatchObject({ orders: 4, revenue: 155 });
      expect(again).toEqual(report);
    });
  });

  describe('tables kept up to date as events arrive and are erased', () => {
    let store: Store;
    let drop: (() => Promise<void>) | undefined;
    const events = anonymousEmailHistory().events;
    const refreshes: RefreshResult[] = [];
    const late = events.filter((e) => e.type === 'rec_click' && e.anonymousId === 'ea5' && e.properties.channel === 'email');
    const orders = events.filter((e) => (e.type === 'purchase' || e.type === 'add_to_cart' || e.type === 'identify') && !late.includes(e));
    const clicks = events.filter((e) => !orders.includes(e) && !late.includes(e));
    const arrive = (batch: FocalEvent[]) => ingestBatch(store, SITE, { events: batch }, new Date(T0 + 3 * 24 * HOUR));

    beforeAll(async () => {
      ({ store, drop } = await backend.open());
      await store.sites.upsert({ siteKey: SITE, name: 'incremental', allowedOrigins: [], settings: {} });
    });
    afterAll(() => drop?.());

    it('clicks first, orders later, and an email click sent after its order: same answers as a rebuild', async () => {
      await arrive(clicks);
      await expectTablesEqualEvents(store, refreshes);
      expect(refreshes[0]!.mode).toBe('rebuilt');
      expect(placementOf(await buildReport(store, WHOLE), 'email-for-you')).toMatchObject({ clicks: 7, orders: 0 });

      await arrive(orders);
      refreshes.length = 0;
      await expectTablesEqualEvents(store, refreshes);
      expect(refreshes[0]!.mode).toBe('updated');
      expect(placementOf(await buildReport(store, WHOLE), 'email-for-you')).toMatchObject({ orders: 3, revenue: 120, addToCarts: 1 });
      expect(placementOf(await buildReport(store, WHOLE), 'home-for-you')).toMatchObject({ orders: 1, revenue: 35 });

      await arrive(late);
      refreshes.length = 0;
      await expectTablesEqualEvents(store, refreshes);
      expect(refreshes[0]!.mode).toBe('updated');
      const updated = await buildReport(store, WHOLE);
      expect(placementOf(updated, 'email-for-you')).toMatchObject({ clicks: 8, orders: 4, revenue: 155, addToCarts: 1 });
      expect(placementOf(updated, 'home-for-you')).toMatchObject({ orders: 0, revenue: 0 });
      expect(updated.totals).toMatchObject({ orders: 5, revenue: 215 });
      expect((await refreshReportTables(store.sql, SITE, { rebuild: true })).mode).toBe('rebuilt');
      expect(await buildReport(store, WHOLE)).toEqual(updated);
    });

    it('an erased visitor (by anonymous id, or the customer by user id) takes their email orders out of the report', async () => {
      await eraseSubject(store, SITE, { anonymousId: 'ea1' });
      await expectTablesEqualEvents(store);
      expect(placementOf(await buildReport(store, WHOLE), 'email-for-you')).toMatchObject({ orders: 3, revenue: 115, addToCarts: 0 });
      await eraseSubject(store, SITE, { userId: 'ue2' });
      await expectTablesEqualEvents(store);
      const after = await buildReport(store, WHOLE);
      expect(placementOf(after, 'email-for-you')).toMatchObject({ orders: 2, revenue: 85 });
      expect((await refreshReportTables(store.sql, SITE, { rebuild: true })).mode).toBe('rebuilt');
      expect(await buildReport(store, WHOLE)).toEqual(after);
    });
  });
});

describe.each(BACKENDS)('the whole way: email to an anonymous visitor, click, purchase, report (real adapter, $name)', ({ databaseUrl }) => {
  let adapter: TestAdapter;
  beforeAll(async () => { adapter = await startEmailAdapter(databaseUrl); });
  afterAll(async () => adapter?.close());

  const send = async (events: unknown[]) => {
    const response = await fetch(`${adapter.url}/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': adapter.siteKey }, body: JSON.stringify({ events }),
    });
    expect(((await response.json()) as { accepted: number }).accepted).toBe(events.length);
  };
  const event = (type: string, anonymousId: string, properties: Record<string, unknown>, userId?: string) => ({
    id: uuidv7(), type, createdAt: new Date().toISOString(), anonymousId, ...(userId ? { userId } : {}), sessionId: `s-${anonymousId}`,
    consent: { analytics: true, personalization: true }, page: { url: `${SHOP}/account`, type: 'account' }, properties,
  });
  /** A visitor the site knows only by their anonymous id gets an email and clicks its `nth` link: the product clicked. */
  async function emailClick(visitor: string, nth: number): Promise<string> {
    await send([{ ...event('product_view', visitor, { productId: 'P7' }), page: { url: `${SHOP}/products/P7`, type: 'product' } }]);
    const email = await asAdmin(adapter, `/v1/email/recommendations.html?user=${visitor}&layout=row&columns=3&campaign=anon-${visitor}`);
    expect(email.status).toBe(200);
    const links = [...new Set(hrefs(await email.text()))];
    const clicked = await fetch(links[nth]!, { redirect: 'manual' });
    expect(clicked.status).toBe(302);
    return new URL(clicked.headers.get('location')!).pathname.split('/').at(-1)!;
  }
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  async function report(): Promise<Report> {
    const response = await asAdmin(adapter, `/v1/admin/report?site=${adapter.siteKey}&from=${day(-1)}&to=${day(1)}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Report;
  }

  it('the retailer sees the email\'s orders and revenue, bought anonymously or after signing in', async () => {
    const anonymous = `anon-${uuidv7()}`;
    const signsIn = `anon-${uuidv7()}`;
    const first = await emailClick(anonymous, 0);
    const second = await emailClick(signsIn, 1);
    const clicks = (await adapter.storedEvents({ type: 'rec_click' })).filter((c) => c.anonymousId === anonymous || c.anonymousId === signsIn);
    expect(clicks.map((c) => [c.anonymousId, c.userId, c.event.properties.channel])).toEqual([[anonymous, undefined, 'email'], [signsIn, undefined, 'email']]);
    const before = await report();
    expect(placementOf(before, 'email-for-you')).toMatchObject({ clicks: 2, orders: 0, revenue: 0 });

    await send([purchase(first, 1, { anonymousId: anonymous })]);
    await send([event('identify', signsIn, { previousAnonymousId: signsIn }, 'cust-signs-in')]);
    await send([purchase(second, 2, { anonymousId: signsIn, userId: 'cust-signs-in' })]);
    const after = await report();
    expect(placementOf(after, 'email-for-you')).toMatchObject({ clicks: 2, orders: 2, revenue: 300 });
    expect(after.totals.withRecClick).toMatchObject({ orders: 2, revenue: 300 });
    // the same figures from the events alone, and from tables rebuilt from scratch
    const query = { siteKey: adapter.siteKey, from: new Date(after.from), to: new Date(after.to), attribution: after.attribution };
    const fromEvents = await buildReport(adapter.store, { ...query, source: 'events' });
    expect(placementOf(fromEvents, 'email-for-you')).toEqual(placementOf(after, 'email-for-you'));
    await refreshReportTables(adapter.store.sql, adapter.siteKey, { rebuild: true });
    expect(placementOf(await buildReport(adapter.store, query), 'email-for-you')).toEqual(placementOf(after, 'email-for-you'));
  });
});
