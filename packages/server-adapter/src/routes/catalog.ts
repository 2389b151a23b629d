import { Hono } from 'hono';
import type { AppContext, AppEnv } from '../http/context.js';
import { readBody } from '../http/body.js';
import { isSiteKeyParam, SITE_KEY_PARAM_RULE } from '../http/site-key-param.js';
import { HttpError } from '../http/errors.js';
import { queryChecker } from '../http/query-params.js';
import { queryOf } from '../http/request-parts.js';
import { importCatalog } from '../catalog/import.js';
import { DELIMITER_RULE, delimiterOf, detectFormat, type CsvDelimiter, type FeedFormat } from '../catalog/parse-feed.js';

/** Largest catalog feed accepted over HTTP (64 MB). */
export const MAX_CATALOG_BYTES = 64 * 1024 * 1024;

/** A typo (`ful=false`) would be dropped and a full import run: every product the feed does not list taken out of stock. */
const checkQuery = queryChecker({ route: 'PUT /v1/admin/catalog', accepted: ['site', 'format', 'delimiter', 'full'] });

function formatOf(contentType: string | undefined, query: string | undefined): FeedFormat | undefined {
  if (query !== undefined) { // (format= left empty: refused, not read from the content type as if it were absent)
    if (query === 'json' || query === 'ndjson' || query === 'csv') return query;
    throw new HttpError(400, 'invalid_query', `format must be json, ndjson or csv; got "${query.slice(0, 20)}"`, 'format');
  }
  if (!contentType) return undefined;
  if (/csv/i.test(contentType)) return 'csv';
  if (/ndjson|jsonl|x-json-stream/i.test(contentType)) return 'ndjson';
  if (/json/i.test(contentType)) return 'json';
  return undefined;
}

/** The `delimiter` query parameter: a CSV feed's cell delimiter. */
function delimiterParam(query: string | undefined): CsvDelimiter | undefined {
  if (query === undefined) return undefined;
  const delimiter = delimiterOf(query);
  if (!delimiter) throw new HttpError(400, 'invalid_query', `${DELIMITER_RULE}; got ${JSON.stringify(query.slice(0, 20))}`, 'delimiter');
  return delimiter;
}

/** A delimiter is for CSV feeds only; `what` says what the feed is (`is sent as json (...)`, `reads as json`). */
function refuseDelimiter(what: string): never {
  throw new HttpError(400, 'invalid_query', `delimiter is for CSV feeds; this feed ${what}: leave delimiter out, or say format=csv if it is CSV`, 'delimiter');
}

/**
 * `PUT /v1/admin/catalog?site=pk_x[&format=csv][&delimiter=semicolon][&full=false]` (admin key): replaces the site's
 * catalog feed. Answers 200 with `{ format, delimiter? (CSV), imported, markedOutOfStock, rejected, problems: [{ line,
 * id?, reason }], siteProducts, warning? }` (`warning`: the site now holds more products than the adapter reads, with
 * the numbers); good rows are imported even when others are bad. 422 when no row is good; 400 naming the field when a
 * `{ "products": [...] }` feed has another top-level field. A CSV feed's delimiter (comma, semicolon or tab) is
 * read from its header line unless `delimiter` says it.
 */
export function catalogRoutes(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.put('/v1/admin/catalog', ctx.auth.requireAdmin, async (c) => {
    checkQuery(queryOf(c.req.raw));
    const siteKey = c.req.query('site');
    if (!siteKey) throw new HttpError(400, 'invalid_query', 'say which site the feed is for: ?site=pk_...', 'site');
    if (!isSiteKeyParam(siteKey)) throw new HttpError(400, 'invalid_query', SITE_KEY_PARAM_RULE, 'site');
    if (!(await ctx.store.sites.get(siteKey))) throw new HttpError(404, 'unknown_site', `site ${siteKey.slice(0, 80)} does not exist; create it first (config sites or seed)`, 'site');
    // `full` decides whether the products the feed does not list are marked out of stock: a value read as "not
    // false" (full=0, full=no, a typo) used to run a full import and take the rest of the catalog out of stock
    const full = c.req.query('full');
    if (full !== undefined && full !== 'true' && full !== 'false') {
      throw new HttpError(400, 'invalid_query', `full must be true (the feed lists the whole catalog: products it does not list are marked out of stock) or false (only update the products listed); got "${full.slice(0, 20)}"`, 'full');
    }
    const format = formatOf(c.req.header('content-type'), c.req.query('format'));
    const delimiter = delimiterParam(c.req.query('delimiter'));
    if (delimiter && format && format !== 'csv') refuseDelimiter(`is sent as ${format} (format or content type)`);
    const text = await readBody(c.req.raw, MAX_CATALOG_BYTES);
    if (!text.trim()) throw new HttpError(400, 'empty_feed', 'the feed is empty; send JSON, NDJSON or CSV products');
    if (delimiter && !format && detectFormat(text) !== 'csv') refuseDelimiter(`reads as ${detectFormat(text)}`);
    const result = await importCatalog(ctx.store, siteKey, text, { ...(format ? { format } : {}), ...(delimiter ? { delimiter } : {}), fullFeed: full !== 'false' });
    const unknownField = result.imported ? undefined : result.problems.find((p) => p.field);
    if (unknownField) throw new HttpError(400, 'unknown_field', unknownField.reason, unknownField.field);
    await ctx.store.audit.record({ siteKey, actor: 'admin', action: 'catalog.import', details: { imported: result.imported, rejected: result.rejected, markedOutOfStock: result.markedOutOfStock, ...(result.warning ? { warning: result.warning } : {}) } });
    if (result.warning) ctx.logger.error(`catalog import: ${result.warning}`, { site: siteKey, products: result.siteProducts });
    return c.json({ ...result, problems: result.problems.slice(0, 1000) }, result.imported ? 200 : 422);
  });
  return app;
}
