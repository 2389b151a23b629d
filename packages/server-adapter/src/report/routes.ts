import { Hono } from 'hono';
import type { AppContext, AppEnv, FocalContext } from '../http/context.js';
import { secretMatches } from '../auth/admin.js';
import { readBytes } from '../http/body.js';
import { HttpError } from '../http/errors.js';
import { queryChecker } from '../http/query-params.js';
import { queryOf } from '../http/request-parts.js';
import { issueSession, sessionCookie, sessionFromCookies, sessionValid } from './admin-session.js';
import { PAGE_HEADERS, renderDashboard, renderLogin, renderProblem } from './dashboard/page.js';
import { ReportParamError } from './params.js';
import { refreshReportTables } from './refresh.js';
import { reportFor, type ReportInput } from './request.js';

/**
 * How often, at most, ingest brings a site's report tables up to date in the background (each report does it too;
 * this keeps the queue of new events short when nobody looks at the report for a while).
 */
export const REFRESH_AFTER_INGEST_MS = 5 * 60_000;

/**
 * An ingest listener that starts `refresh(siteKey)` in the background for a site whose last one (or the listener's
 * creation) is at least `everyMs` ago; never more than one at a time (a site skipped meanwhile is refreshed at its
 * next ingest), failures go to `onError`.
 */
export function ingestRefresher(
  refresh: (siteKey: string) => Promise<unknown>, onError: (siteKey: string, error: Error) => void,
  everyMs = REFRESH_AFTER_INGEST_MS, clock: () => number = Date.now,
): (events: { siteKey: string }[]) => void {
  const started = clock();
  const last = new Map<string, number>();
  let running = false;
  return (events) => {
    for (const siteKey of new Set(events.map((e) => e.siteKey))) {
      const now = clock();
      if (running || now - (last.get(siteKey) ?? started) < everyMs) continue;
      last.set(siteKey, now);
      running = true;
      void refresh(siteKey).catch((error: Error) => onError(siteKey, error)).finally(() => (running = false));
    }
  };
}

/** The report's parameters (also the dashboard form's fields): anything else (`frm=`, `placment=`) is refused. */
const REPORT_PARAMS = ['site', 'from', 'to', 'placement'] as const;
const checkReportQuery = queryChecker({ route: 'GET /v1/admin/report', accepted: REPORT_PARAMS });
const checkDashboardQuery = queryChecker({ route: 'GET /admin', accepted: REPORT_PARAMS });

/** Largest login form read (the key is at most a few hundred bytes). */
const LOGIN_FORM_BYTES = 4096;

function inputOf(c: FocalContext): ReportInput {
  const q = c.req.query();
  const pick = (k: string) => (q[k] === undefined || q[k] === '' ? undefined : q[k]);
  const input: ReportInput = {};
  for (const key of REPORT_PARAMS) {
    const value = pick(key);
    if (value !== undefined) input[key] = value;
  }
  return input;
}

/**
 * Whether the login cookie gets `Secure`: the request came over HTTPS, or says a TLS proxy received it
 * (`X-Forwarded-Proto: https`), also without `trustProxy`. The header can only add `Secure`, and a client that fakes
 * it only keeps its own cookie off plain HTTP; requiring `trustProxy` (which decides whose address rate limits count)
 * would send the session cookie without `Secure` from every TLS-terminating deployment that left it off.
 */
const isHttps = (c: FocalContext) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

/**
 * - `GET /v1/admin/report?from=&to=&placement=&site=` (admin key as Bearer): the report as JSON; a bad date or
 *   placement is a 400 naming the parameter and the expected form, another parameter (or one given twice) too.
 * - `GET /admin`: the dashboard (same query parameters) for a logged-in browser, else the login form.
 * - `POST /admin/login` (form field `key`): checks the admin key and sets the session cookie; `POST /admin/logout`.
 */
export function reportRoutes(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  ctx.hooks.onEvents(ingestRefresher(
    (siteKey) => refreshReportTables(ctx.store.sql, siteKey),
    (siteKey, error) => ctx.logger.error('report tables not refreshed', { siteKey, error: error.message }),
  ));

  app.get('/v1/admin/report', ctx.auth.requireAdmin, async (c) => {
    checkReportQuery(queryOf(c.req.raw)); // a typo (`frm=2026-11-01`) would be dropped and the last 30 days answered
    try {
      return c.json(await reportFor(ctx.store, ctx.config, inputOf(c), ctx.metrics), 200, { 'cache-control': 'no-store' });
    } catch (error) {
      if (error instanceof ReportParamError) throw new HttpError(400, 'invalid_query', error.message, error.field);
      throw error;
    }
  });

  const page = (html: string, status = 200, extra: Record<string, string> = {}) => new Response(html, { status, headers: { ...PAGE_HEADERS, ...extra } });

  app.get('/admin', async (c) => {
    const key = ctx.config.adminKey;
    if (!key) return page(renderProblem('The dashboard is off: set FOCAL_ADMIN_KEY (or adminKey in the config file) and restart the adapter.'), 403);
    if (!sessionValid(sessionFromCookies(c.req.header('cookie')), key)) return page(renderLogin(), 401);
    try {
      checkDashboardQuery(queryOf(c.req.raw));
    } catch (error) {
      if (error instanceof HttpError) return page(renderProblem(`${error.message}.`), 400);
      throw error;
    }
    try {
      return page(renderDashboard(await reportFor(ctx.store, ctx.config, inputOf(c), ctx.metrics)));
    } catch (error) {
      if (error instanceof ReportParamError) return page(renderProblem(error.message), 400);
      throw error;
    }
  });

  app.post('/admin/login', async (c) => {
    const key = ctx.config.adminKey;
    if (!key) return page(renderProblem('The dashboard is off: set FOCAL_ADMIN_KEY (or adminKey in the config file) and restart the adapter.'), 403);
    const type = c.req.header('content-type') ?? '';
    if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return page(renderLogin('Send the login form (application/x-www-form-urlencoded).'), 415);
    // read at most 4 kB whatever Content-Length says (a chunked body has none): nobody is logged in yet
    let body: Uint8Array;
    try {
      body = await readBytes(c.req.raw, LOGIN_FORM_BYTES);
    } catch (error) {
      if (error instanceof HttpError && error.status === 413) return page(renderLogin('The login form is too large.'), 413);
      throw error;
    }
    const form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': type } }).formData().catch(() => undefined);
    const field = form?.get('key');
    const presented = typeof field === 'string' ? field : '';
    if (!presented || !secretMatches(presented, key)) return page(renderLogin('That admin key is not right.'), 401);
    return page('', 303, { location: '/admin', 'set-cookie': sessionCookie(issueSession(key), isHttps(c)) });
  });

  app.post('/admin/logout', () => page('', 303, { location: '/admin', 'set-cookie': sessionCookie('', false) }));

  return app;
}
