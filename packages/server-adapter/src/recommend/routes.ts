import { Hono } from 'hono';
import type { RecommendationBatchRequest } from '@focal/sdk-core/contracts';
import type { AppContext, AppEnv, FocalContext } from '../http/context.js';
import { readJson } from '../http/body.js';
import { HttpError } from '../http/errors.js';
import { lightResponse } from '../http/light-response.js';
import { queryChecker } from '../http/query-params.js';
import { queryOf } from '../http/request-parts.js';
import { createRecommendEngine, type RecommendEngine, type RecommendEngineOptions } from './engine.js';
import { RecommendError } from './errors.js';
import { parsePlacements, PlacementsConfigError, type PlacementsConfig } from './placement-schema.js';
import type { Site } from '../store/sites-repo.js';
import { batchFromQuery, validateBatch } from './query.js';
import { serializeBatchChunks, serializeResponseChunks } from './serialize.js';

const engines = new WeakMap<AppContext, RecommendEngine>();
const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-store' };
/** Every parameter a GET reads (`batchFromQuery`; the shopper's `anonymousId` and the beacon `siteKey` by the guards). */
const checkQuery = queryChecker({
  route: 'GET /v1/recommendations', accepted: ['placement', 'items', 'limit', 'allowDuplicates', 'anonymousId', 'siteKey'], repeatable: ['placement', 'items'],
});
/** A POST's query: only what the guards read (the shopper's `anonymousId`, the beacon `siteKey`); the request is the body. */
const checkPostQuery = queryChecker({ route: 'POST /v1/recommendations', accepted: ['anonymousId', 'siteKey'] });

/** The engine of an adapter context (created with the routes; one per adapter instance). */
export function recommendEngineOf(ctx: AppContext): RecommendEngine | undefined {
  return engines.get(ctx);
}

/**
 * `GET /v1/recommendations?placement=…&items=…&limit=…` and `POST /v1/recommendations` (body
 * `RecommendationBatchRequest`). Both need the site key and the shopper (`X-Focal-Anonymous-Id` header or
 * `?anonymousId=`, or a user token). GET with one placement answers a `RecommendationResponse`; with several
 * (repeated `placement`) and POST answer a `RecommendationBatchResponse`. Answers are validated with the contract
 * (candidates when computed, the envelope on every answer).
 */
export function recommendRoutes(ctx: AppContext, options: RecommendEngineOptions = {}): Hono<AppEnv> {
  const engine = createRecommendEngine(ctx, options);
  engines.set(ctx, engine);
  const app = new Hono<AppEnv>();

  const perSite = new WeakMap<Site, PlacementsConfig | PlacementsConfigError>();
  /** The site's placements: `settings.placements` of the site merged over the adapter's (parsed once per site object). */
  const placementsOf = (site: Site): PlacementsConfig | undefined => {
    const own = site.settings?.placements;
    if (own === undefined) return undefined;
    let found = perSite.get(site);
    if (!found) {
      try {
        found = { ...engine.service.placements, ...parsePlacements(own) };
      } catch (error) {
        if (!(error instanceof PlacementsConfigError)) throw error;
        found = error;
        ctx.logger.error('invalid placements in site settings', { siteKey: site.siteKey, problems: error.problems });
      }
      perSite.set(site, found);
    }
    if (found instanceof PlacementsConfigError) {
      throw new HttpError(500, 'invalid_site_placements', `the placements in this site's settings are invalid: ${found.problems.join('; ')}`);
    }
    return found;
  };

  /**
   * `rename` maps the field of a refused placement (`placements.0.limit`) to what the caller sent: a GET names its
   * query parameter (`limit`, `placement`), as the body path is nothing a GET request has.
   */
  const answer = async (c: FocalContext, request: RecommendationBatchRequest, rename: (field: string) => string = (f) => f) => {
    const shopper = await ctx.auth.resolveShopper(c);
    const site = c.get('site');
    const siteKey = site.siteKey;
    const config = placementsOf(site);
    if (!engine.loaded(siteKey)) await engine.site(siteKey);
    const who = shopper.kind === 'user' ? { userId: shopper.userId, anonymousId: shopper.anonymousId } : { anonymousId: shopper.anonymousId };
    try {
      return await engine.service.recommend({
        siteKey, shopper: who, placements: request.placements, allowDuplicates: request.allowDuplicates, ...(config ? { config } : {}),
      });
    } catch (error) {
      if (error instanceof RecommendError) throw new HttpError(error.status, error.code, error.message, error.field === undefined ? undefined : rename(error.field));
      throw error;
    }
  };

  app.get('/v1/recommendations', ctx.auth.requireSiteKey, async (c) => {
    const query = queryOf(c.req.raw);
    checkQuery(query); // a typo (`limt=4`) would be dropped and answered with the defaults
    let request: RecommendationBatchRequest;
    try {
      request = batchFromQuery(query);
    } catch (error) {
      if (error instanceof RecommendError) throw new HttpError(error.status, error.code, error.message, error.field);
      throw error;
    }
    // the query's parameters are shared by every placement: `placements.1.limit` is the `limit` parameter
    const batch = await answer(c, request, (field) => field.replace(/^placements\.\d+\./, ''));
    return lightResponse(batch.results.length === 1 ? serializeResponseChunks(batch.results[0]) : serializeBatchChunks(batch), 200, HEADERS);
  });

  app.post('/v1/recommendations', ctx.auth.requireSiteKey, async (c) => {
    checkPostQuery(queryOf(c.req.raw)); // `?limit=4` on a POST would be dropped: the limit goes in the body
    const body = await readJson(c.req.raw, ctx.config.maxBodyBytes);
    let request: RecommendationBatchRequest;
    try {
      request = validateBatch(body);
    } catch (error) {
      if (error instanceof RecommendError) throw new HttpError(error.status, error.code, error.message, error.field);
      throw error;
    }
    return lightResponse(serializeBatchChunks(await answer(c, request)), 200, HEADERS);
  });
  return app;
}
