import { Hono } from 'hono';
import { EVENT_TYPES, type EventType } from '@focal/sdk-core/contracts';
import type { AppContext, AppEnv } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { queryChecker } from '../http/query-params.js';
import { queryOf } from '../http/request-parts.js';
import { isSiteKeyParam, SITE_KEY_PARAM_RULE } from '../http/site-key-param.js';
import type { EventQuery, ExportPage, ExportPosition } from '../store/events-repo.js';

const PAGE = 1000;
/** A typo (`typ=purchase`) would be dropped and every event exported. */
const checkQuery = queryChecker({ route: 'GET /v1/admin/events', accepted: ['site', 'from', 'to', 'type', 'after'] });

/** Times outside these years cannot be event times (and PostgreSQL has no year 0). */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(10000, 0, 1);

/**
 * A date (the start of that UTC day) or a date-time with its zone (`Z` or `+01:00`). A date-time without a zone
 * (`2026-11-24T00:00:00`, `2026-11-24 10:00`) is refused: `Date.parse` reads it in the server's local time zone, so the
 * same export asked an adapter in Berlin and one in UTC gave different events.
 */
const TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/i;

function parseTime(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  // a `+01:00` offset typed into a URL unencoded arrives as ` 01:00` (a query's `+` is a space): it is the offset
  const text = value.trim().replace(/^(\d{4}-\d{2}-\d{2}T[\d:.]+) (\d{2}:\d{2})$/, '$1+$2');
  const time = Date.parse(text);
  if (!TIME.test(text) || Number.isNaN(time) || time < EARLIEST || time >= LATEST) {
    throw new HttpError(400, 'invalid_query', `${field} must be a date (a UTC day, 2026-11-24) or an ISO-8601 time with its zone, such as 2026-11-24T00:00:00Z or 2026-11-24T01:00:00+01:00, between 1970 and 9999`, field);
  }
  return new Date(time);
}

/** Reads and checks the filters of `GET /v1/admin/events`. */
export function parseEventFilters(query: Record<string, string | undefined>): EventQuery {
  const types = query.type?.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = types?.find((t) => !(EVENT_TYPES as string[]).includes(t));
  if (unknown) throw new HttpError(400, 'invalid_query', `type "${unknown.slice(0, 64)}" is not an event type; use one of ${EVENT_TYPES.join(', ')}`, 'type');
  const afterSeq = query.after === undefined ? undefined : Number(query.after);
  if (afterSeq !== undefined && (!Number.isSafeInteger(afterSeq) || afterSeq < 0)) {
    throw new HttpError(400, 'invalid_query', 'after must be a whole number (the seq of the last event you have)', 'after');
  }
  if (query.site !== undefined && !isSiteKeyParam(query.site)) {
    throw new HttpError(400, 'invalid_query', SITE_KEY_PARAM_RULE, 'site');
  }
  const from = query.from ? parseTime(query.from, 'from') : undefined;
  const to = query.to ? parseTime(query.to, 'to') : undefined;
  // (an empty export, as if nothing had happened in a range that cannot hold anything)
  if (from && to && from.getTime() >= to.getTime()) {
    throw new HttpError(400, 'invalid_query', `from (${query.from!.trim().slice(0, 40)}) must be before to (${query.to!.trim().slice(0, 40)}): from is inclusive, to exclusive`, 'from');
  }
  return {
    ...(query.site ? { siteKey: query.site } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(types?.length ? { types: types as EventType[] } : {}),
    ...(afterSeq !== undefined ? { afterSeq } : {}),
  };
}

/** Response header: committed events matching the export that wait for an older transaction (ask again later). */
export const HELD_BACK_HEADER = 'x-focal-held-back';

/**
 * `GET /v1/admin/events?from=&to=&type=a,b&site=&after=` (admin key): every stored event matching the filters as
 * NDJSON, one `StoredEvent` per line, streamed page by page, in the order their transactions settled (`seq` order but
 * for events whose transactions committed out of it). `after=<seq>` of the last line resumes exactly after it; an
 * unknown `site` with no stored event is 404 `unknown_site`; an event whose transaction is still open behind committed ones is not skipped: those wait (`x-focal-held-back`).
 */
export function adminEventRoutes(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/v1/admin/events', ctx.auth.requireAdmin, async (c) => {
    checkQuery(queryOf(c.req.raw));
    const filters = parseEventFilters(c.req.query());
    let after: ExportPosition | undefined;
    const encoder = new TextEncoder();
    const read = () => ctx.store.events.exportPage({ ...filters, ...(after ? { after } : {}), limit: PAGE });
    // The first page is read before answering: a store error is a proper error status, not a cut stream.
    let first: ExportPage | undefined = await read();
    const heldBack = first.heldBack;
    // a mistyped site key exported nothing, which read as "no events yet": nothing stored and no such site is a 404
    if (filters.siteKey && !first.events.length && !heldBack && !(await ctx.store.sites.get(filters.siteKey))) {
      throw new HttpError(404, 'unknown_site', `site "${filters.siteKey.slice(0, 80)}" is not known to this adapter (and no event of it is stored); check the site key`, 'site');
    }
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const page = first ?? await read();
          first = undefined;
          if (page.last) {
            controller.enqueue(encoder.encode(page.events.map((e) => JSON.stringify(e)).join('\n') + '\n'));
            after = page.last;
          }
          if (page.events.length < PAGE) controller.close();
        } catch (error) {
          ctx.logger.error('event export failed', { error: (error as Error).message });
          controller.error(error);
        }
      },
    });
    return new Response(stream, {
      headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', [HELD_BACK_HEADER]: String(heldBack) },
    });
  });
  return app;
}
