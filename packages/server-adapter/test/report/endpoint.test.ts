/**
 * `GET /v1/admin/report`, the `/admin` login and dashboard through the real adapter on loopback, and
 * `focal-adapter report` (text and --json) on an on-disk PGlite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAdapter, type TestAdapter } from '../../../../tests/helpers/adapter.js';
import { main } from '../../src/cli/main.js';
import type { Report } from '../../src/report/build.js';
import { openStore } from '../../src/store/index.js';
import { attributionHistory } from './scenarios.js';

describe('GET /v1/admin/report and /admin (real adapter)', () => {
  let adapter: TestAdapter;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${adapter.url}${path}`, { headers, redirect: 'manual' });
  const admin = (path: string) => get(path, { authorization: `Bearer ${adapter.adminKey}` });

  beforeAll(async () => {
    adapter = await startTestAdapter();
    await attributionHistory().store(adapter.store, adapter.siteKey);
  });
  afterAll(() => adapter?.close());

  it('refuses callers without the admin key', async () => {
    const response = await get('/v1/admin/report');
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('missing_admin_key');
  });

  it('answers the report of a range (the only site when none is named)', async () => {
    const response = await admin('/v1/admin/report?from=2026-11-01&to=2026-11-19');
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report.siteKey).toBe(adapter.siteKey);
    expect(report.to).toBe('2026-11-20T00:00:00.000Z');
    expect(report.totals).toMatchObject({ allOrders: 10, orders: 6, revenue: 274 });
    expect(report.placements.map((p) => p.placement)).toContain('pdp-similar');
    expect(report.pipeline.storedByType.purchase).toBe(10);
  });

  it.each([
    ['from=yesterday', 'from', /from must be a date YYYY-MM-DD .* or an ISO-8601 time/],
    ['from=2026-02-30', 'from', /YYYY-MM-DD/],
    ['to=2026-11-19T10:00', 'to', /ISO-8601 time such as 2026-11-24T00:00:00Z/],
    ['from=2026-11-10&to=2026-11-01', 'from', /must be before to/],
    ['from=2024-01-01&to=2026-01-01', 'to', /at most 400 days/],
    ['placement=Not_A_Placement', 'placement', /lower-case letters, digits and dashes/],
    ['site=pk_nobody_here', 'site', /not known/],
    ['site=pk_%00demo', 'site', /site must be a site key \(printable characters, no spaces\)/],
    ['site=pk%20demo', 'site', /printable characters, no spaces/],
  ])('answers %s with a 400 saying what to send', async (query, field, message) => {
    const response = await admin(`/v1/admin/report?${query}`);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: 'invalid_query', field });
    expect(body.error.message).toMatch(message);
  });

  it('answers an empty range and an unknown placement with a report and a note, not an error', async () => {
    const empty = (await (await admin('/v1/admin/report?from=2025-01-01&to=2025-01-02')).json()) as Report;
    expect(empty.rows).toEqual([]);
    expect(empty.notes.join(' ')).toMatch(/report is empty/);
    const unknown = (await (await admin('/v1/admin/report?from=2026-11-01&to=2026-11-19&placement=nowhere')).json()) as Report;
    expect(unknown.placements).toEqual([]);
    expect(unknown.notes.join(' ')).toMatch(/"nowhere" has never been shown on this site; placements with events: pdp-similar/);
  });

  it('shows the login form, refuses a wrong key, and logs in with an HttpOnly SameSite=Strict cookie', async () => {
    const first = await get('/admin');
    expect(first.status).toBe(401);
    expect(await first.text()).toContain('<form method="post" action="/admin/login">');
    const post = (key: string) => fetch(`${adapter.url}/admin/login`, {
      method: 'POST', body: new URLSearchParams({ key }), redirect: 'manual',
    });
    const wrong = await post('not-the-key');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain('That admin key is not right.');
    const right = await post(adapter.adminKey);
    expect(right.status).toBe(303);
    const cookie = right.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^focal_admin=\d+\.[A-Za-z0-9_-]{43}; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=28800$/);
    expect(cookie).not.toContain(adapter.adminKey);
    const page = await get('/admin?from=2026-11-01&to=2026-11-19', { cookie: cookie.split(';')[0] });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('data-chart="revenue-chart"');
    expect(html).toContain('<title id="ctr-chart-title">');
    // forged: the signature's first character changed (it carries 6 whole bits, so the signed bytes always change;
    // changing the last one to 'A' left it as it was whenever it already was 'A', 1 time in 16)
    const [expires, signature] = cookie.split(';')[0].split('=')[1].split('.');
    const forged = await get('/admin', { cookie: `focal_admin=${expires}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}` });
    expect(forged.status).toBe(401);
    const bad = await get('/admin?from=soon', { cookie: cookie.split(';')[0] });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('from must be a date YYYY-MM-DD');
  });
});

describe('focal-adapter report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'focal-report-cli-'));
  beforeAll(async () => {
    const store = await openStore({ dataDir: dir });
    await attributionHistory().store(store, 'pk_report_cli');
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['report', '--data-dir', dir, ...argv], (l) => err.push(l), (l) => out.push(l));
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('prints the whole report as JSON with --json', async () => {
    const { code, out } = await run('--from', '2026-11-01', '--to', '2026-11-19', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out) as Report;
    expect(report.siteKey).toBe('pk_report_cli');
    expect(report.totals).toMatchObject({ allOrders: 10, orders: 6, revenue: 274, reorders: 1 });
    expect(report.totals.withRecClick.aov).toBe(46.5);
  });

  it('prints a readable summary, and takes the windows as flags', async () => {
    const { code, out } = await run('--from', '2026-11-01', '--to', '2026-11-19', '--session-minutes', '60');
    expect(code).toBe(0);
    expect(out).toContain('same session (60 min idle)');
    expect(out).toMatch(/pdp-similar\s+2\s+4/);
  });

  it('exits 2 with the expected date format for a bad date', async () => {
    const { code, err } = await run('--from', '24/11/2026');
    expect(code).toBe(2);
    expect(err).toMatch(/--from: from must be a date YYYY-MM-DD/);
  });
});
