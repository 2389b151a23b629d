import type { RecommendationBatchResponse, RecommendationRequest } from '@focal/sdk-core/contracts';
import type { AppContext } from '../http/context.js';
import type { RecommendEngine } from '../recommend/engine.js';
import { recommendEngineOf } from '../recommend/routes.js';
import type { PersonalSource } from './recommender.js';

/** The part of the recommendation service (`src/recommend`, `createRecommendationService`) the email uses. */
export interface RecommendServiceLike {
  recommend(call: {
    siteKey: string;
    shopper: { anonymousId?: string; userId?: string };
    placements: RecommendationRequest[];
    now?: number;
  }): Promise<RecommendationBatchResponse>;
}

/**
 * Personal candidates from the recommendation service: one placement asked for, for the email's shopper (known to
 * the email service by user id or anonymous id, so both are given).
 */
export function personalFromService(service: RecommendServiceLike): PersonalSource {
  return async ({ site, shopper, placement, limit }) => {
    const answer = await service.recommend({
      siteKey: site.siteKey, shopper: { userId: shopper, anonymousId: shopper }, placements: [{ placement, limit }],
    });
    return answer.results[0];
  };
}

const sources = new WeakMap<AppContext, PersonalSource>();

/**
 * Gives the email routes of an app their personal source. The recommendation feature calls this once with its
 * service: `provideEmailPersonalSource(ctx, personalFromService(service))`. Without it, emails show best sellers.
 */
export function provideEmailPersonalSource(ctx: AppContext, source: PersonalSource): void {
  sources.set(ctx, source);
}

/** Personal candidates from the adapter's recommendation engine, loading the site's index on first use. */
export function personalFromEngine(engine: RecommendEngine): PersonalSource {
  const fromService = personalFromService(engine.service);
  return async (request) => {
    await engine.site(request.site.siteKey);
    return fromService(request);
  };
}

/**
 * The personal source of this app: the one provided with {@link provideEmailPersonalSource}, else the recommendation
 * engine mounted by `recommendRoutes` (`recommendEngineOf`), else none (best sellers). Read per request, so the order
 * in which routers are mounted does not matter.
 */
export function emailPersonalSourceOf(ctx: AppContext): PersonalSource | undefined {
  const given = sources.get(ctx);
  if (given) return given;
  const engine = recommendEngineOf(ctx);
  return engine ? personalFromEngine(engine) : undefined;
}
