import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { Candidate, type RecommendationBatchResponse, type RecommendationRequest, type RecommendationResponse } from '@focal/sdk-core/contracts';
import {
  blend, COLD_SHOPPER, STRATEGIES, toCandidates, type Neighbour, type ShopperHandle, type ShopperState, type StrategyIndex,
} from '../strategies/index.js';
import type { AnswerCache, CachedAnswer } from './answer-cache.js';
import { RecommendError } from './errors.js';
import { catalogFilter, shopperFilter } from './filters.js';
import { diversified, pick, pickFromHead } from './picking.js';
import type { PlacementDiversity, PlacementFilters, PlacementsConfig } from './placement-schema.js';
import { assignVariant } from './variant.js';

/** Who is asking: the anonymous id and/or the verified user id. */
export interface ShopperRef {
  anonymousId?: string;
  userId?: string;
}

/** One call of {@link RecommendationService.recommend}. */
export interface RecommendCall {
  siteKey: string;
  shopper: ShopperRef;
  placements: RecommendationRequest[];
  /** Allow the same product in several placements (default false). */
  allowDuplicates?: boolean;
  /** The shopper's state when known elsewhere (profile service); default: derived from the index. */
  state?: ShopperState;
  /** Reference time (epoch ms); default now. */
  now?: number;
  /** This site's placements, when they differ from the service's (a site's `settings.placements`). */
  config?: PlacementsConfig;
}

/** Looks up nearest neighbours outside the process (pgvector). */
export type NeighbourLookup = (siteKey: string, productIds: string[], k: number) => Promise<Map<string, Neighbour[]>>;

/** What the service is built from. */
export interface RecommendationServiceOptions {
  /** The index of a site (one index per site key). */
  index: (siteKey: string) => StrategyIndex;
  placements: PlacementsConfig;
  /** Hot answers (or a promise of the cache while it connects). */
  cache?: AnswerCache | Promise<AnswerCache>;
  /** Counts cache hits and misses (e.g. the adapter's metrics). */
  onCache?: (hit: boolean) => void;
  neighbours?: NeighbourLookup;
  /**
   * The reranker model version announced with every answer (asked once per call): the one the device should rank
   * with, so a device holding another one re-checks the served manifest.
   */
  modelVersion?: () => string | undefined | Promise<string | undefined>;
}

/** The recommendation service: placements → candidates, deduplicated across placements. */
export interface RecommendationService {
  recommend(call: RecommendCall): Promise<RecommendationBatchResponse>;
  readonly placements: PlacementsConfig;
}

/**
 * Creates the service. For each placement asked for (in order): assign the shopper's variant, blend the
 * placement's strategies over the site's index with its filters (hot answers come from the cache, keyed by the
 * catalog version), drop products the shopper has in the cart or bought, drop products an earlier placement of the
 * same request already shows (unless `allowDuplicates`), refill from deeper in the blend when filtering left it
 * short, and attach features and a fresh `requestId`.
 * @throws RecommendError for an unknown placement or a limit above the placement's maximum.
 */
export function createRecommendationService(options: RecommendationServiceOptions): RecommendationService {
  const { placements } = options;
  let cacheReady: AnswerCache | undefined;

  async function one(call: RecommendCall, request: RecommendationRequest, position: number, used: Set<string>, now: number, state: ShopperState | undefined, modelVersion: string | undefined) {
    const configured = call.config ?? placements;
    const config = configured[request.placement];
    if (!config) {
      throw new RecommendError('unknown_placement',
        `placement "${request.placement}" is not configured; configured placements: ${Object.keys(configured).join(', ')}`,
        `placements.${position}.placement`);
    }
    const limit = request.limit ?? config.limit.default;
    if (limit > config.limit.max) {
      throw new RecommendError('limit_out_of_range', `limit ${limit} is above the maximum of ${config.limit.max} for placement "${request.placement}"`,
        `placements.${position}.limit`);
    }
    const index = options.index(call.siteKey);
    const items = request.items ?? [];
    // the variant follows the visitor (anonymous id), the unit the experiment report counts: signing in mid-visit
    // keeps the shopper's arm; the user id only where no anonymous id comes along (e.g. email for a customer)
    const assigned = assignVariant(config, request.placement, call.shopper.anonymousId ?? call.shopper.userId ?? 'anonymous');
    // user ids and anonymous ids are separate namespaces (the browser picks its anonymous id): a visitor whose
    // anonymous id is someone's user id must not share that user's cached personal answers
    const shopperId = call.shopper.userId !== undefined ? `u:${call.shopper.userId}` : `a:${call.shopper.anonymousId ?? ''}`;
    const facts = blendFacts(assigned);
    const personal = items.length ? facts.personalWithItems : facts.personalWithout;
    // The shopper's state and the catalog filter are only needed when the answer is computed (or the filter is new).
    let shopperState = state;
    const shopper = () => (shopperState ??= index.shopper(call.shopper, now) ?? COLD_SHOPPER);
    const handle = state ? undefined : index.shoppers.handle(call.shopper);
    const version = handle?.version ?? 0;
    const forShopper = state ? shopperFilter(index, config.filters, state, now) : handle ? filterOf(index, config.filters, handle, now, shopper) : acceptAll;
    // A catalog priced in several currencies: one answer keeps to one (a shopper paying in euros is not shown dollars)
    const currency = index.catalog.multiCurrency ? answerCurrency(index, items, shopper) : undefined;
    let allowedFilter: ((id: string) => boolean) | undefined;
    const allowed = (id: string) => (allowedFilter ??= inCurrency(index, catalogFilter(index, config.filters, items), currency))(id);
    const diversity = config.diversity;
    // diversifying needs other products to move up: a deeper list when a strategy's best are all alike
    const deep = Math.min(200, limit + SLACK + (diversity ? 4 * diversity.window : 0));
    const spec = { strategies: assigned.strategies, fallback: assigned.fallback };
    const needsNeighbours = options.neighbours && items.length && facts.similar;
    let found: Map<string, Neighbour[]> | undefined;
    const neighbours = async () => (needsNeighbours ? (found ??= await options.neighbours!(call.siteKey, items, deep + items.length + 20)) : undefined);
    const key = `${call.siteKey}|${index.catalog.version}|${request.placement}|${assigned.variant ?? ''}|${limit}|${items.join(',')}|${
      personal ? shopperKey(shopperId, state, version, index.shoppers.epoch) : '-'}${currency ? `|${currency}` : ''}`;
    const cache = cacheReady ?? (options.cache ? (cacheReady = await options.cache) : undefined);
    let entry: CachedAnswer | undefined;
    if (cache) {
      const got = cache.get(key);
      entry = got instanceof Promise ? await got : got;
    }
    /** The whole list (`deep` candidates at most), once this request computed it. */
    let whole: Candidate[] | undefined;
    const computeWhole = async () => {
      const input = { items, shopper: shopper(), now, neighbours: await neighbours(), accept: personal ? (id: string) => allowed(id) && forShopper(id) : allowed };
      return checked(ordered(toCandidates(index, blend(index, spec, input, deep), items, now), diversity));
    };
    const hit = entry !== undefined;
    if (!entry) {
      whole = await computeWhole();
      entry = cachedHead(whole, limit);
    }
    const kept = entry;
    let deeper = false;
    // The pick from the cached head when the head decides it (see SLACK), else from the whole list, computed again on
    // a hit: the very answer a pick from the whole list gives.
    const fromWhole = async (accept: (id: string) => boolean) => {
      deeper = true;
      whole ??= await computeWhole();
      return pick(whole, limit, accept, diversity);
    };
    const accept = call.allowDuplicates || !used.size ? forShopper : (id: string) => forShopper(id) && !used.has(id);
    let picked = fromCached(kept, limit, accept, diversity) ?? await fromWhole(accept);
    if (picked.length < limit && (whole?.length ?? kept.depth) >= deep) {
      const input = { items, shopper: shopper(), now, neighbours: await neighbours(), accept: (id: string) => allowed(id) && forShopper(id) && (call.allowDuplicates || !used.has(id)) };
      // diversifying needs more than `limit` products to choose from
      picked = checked(ordered(toCandidates(index, blend(index, spec, input, diversity ? deep : limit), items, now), diversity).slice(0, limit));
    }
    if (!picked.length && !call.allowDuplicates) {
      // Never leave a placement empty because earlier placements of the page used every eligible product.
      picked = fromCached(kept, limit, forShopper, diversity) ?? await fromWhole(forShopper);
    }
    if (cache) {
      // A list whose head did not decide an answer is kept whole: the requests of its key read deeper (a shopper who
      // bought many of a shared list's products, a page whose earlier placements show them).
      if (deeper) await cache.set(key, Object.freeze({ items: whole!, depth: whole!.length }));
      else if (!hit) await cache.set(key, kept);
      // a cached head that did not decide the answer counts as a miss: the list was computed again
      options.onCache?.(hit && whole === undefined);
    }
    // Only later placements of the same request read `used`.
    if (position < call.placements.length - 1) for (const c of picked) used.add(c.id);
    const response: RecommendationResponse = {
      requestId: randomUUID(),
      placement: request.placement,
      strategy: facts.label,
      ...(assigned.variant ? { variant: assigned.variant } : {}),
      ...(modelVersion ? { modelVersion } : {}),
      items: picked,
    };
    return response;
  }

  /** The shopper filter of a known shopper, shared by their requests until their next event (at most a minute). */
  function filterOf(index: StrategyIndex, filters: PlacementFilters, handle: ShopperHandle, now: number, shopper: () => ShopperState): (id: string) => boolean {
    const minute = Math.floor(now / 60_000);
    const catalog = index.catalog.version;
    const kept = handle.memo.get(filters) as KeptFilter | undefined;
    if (kept && kept.version === handle.version && kept.minute === minute && kept.catalog === catalog) return kept.filter;
    const filter = shopperFilter(index, filters, shopper(), now);
    handle.memo.set(filters, { version: handle.version, minute, catalog, filter } satisfies KeptFilter);
    return filter;
  }

  return {
    placements,
    async recommend(call) {
      const now = call.now ?? Date.now();
      const used = new Set<string>();
      const results: RecommendationResponse[] = [];
      const modelVersion = await options.modelVersion?.();
      for (let i = 0; i < call.placements.length; i++) results.push(await one(call, call.placements[i], i, used, now, call.state, modelVersion));
      return { results };
    },
  };
}

/**
 * The shopper part of a personal answer's cache key: every shopper the index has never seen shares `cold` (so first
 * visits are served from the cache); a known shopper's key changes with each of their events and each erasure; a state passed in by
 * the caller is keyed by its size and newest view and purchase.
 */
function shopperKey(shopperId: string, state: ShopperState | undefined, version: number, epoch: number): string {
  if (state) return `${shopperId}@${JSON.stringify(state).length}:${state.recentViews[0]?.at ?? 0}:${state.purchases[0]?.at ?? 0}:${state.cart.length}`;
  // the erasure epoch: an erased shopper's versions start again from 1, and must not meet answers cached before
  return version ? `${shopperId}@${epoch}.${version}` : 'cold';
}

const acceptAll = () => true;

/**
 * The currency of an answer from a catalog priced in several: the first context product's (the product page's, the
 * cart's), else that of the product the shopper viewed last (or has in the cart), else the currency most of the
 * catalog is priced in.
 */
function answerCurrency(index: StrategyIndex, items: readonly string[], shopper: () => ShopperState): string | undefined {
  for (const id of items) {
    const product = index.product(id);
    if (product) return product.currency;
  }
  const state = shopper();
  for (const { productId } of [...state.recentViews, ...state.cart]) {
    const product = index.product(productId);
    if (product) return product.currency;
  }
  return index.catalog.mainCurrency;
}

/** The catalog filter, narrowed to products priced in `currency` when one is given. */
function inCurrency(index: StrategyIndex, filter: (id: string) => boolean, currency: string | undefined): (id: string) => boolean {
  return currency ? (id) => filter(id) && index.product(id)?.currency === currency : filter;
}

/** A shopper filter kept on the shopper's handle, per placement filters: valid for one state version, catalog and minute. */
interface KeptFilter {
  version: number;
  minute: number;
  catalog: string;
  filter: (id: string) => boolean;
}

/** What a blend implies, worked out once per blend (`strategies` and `fallback` objects of the placement config). */
interface BlendFacts {
  /** `blend:` and the strategy names, the answer's `strategy`. */
  label: string;
  /** Whether the answer depends on the shopper, with and without context items. */
  personalWithItems: boolean;
  personalWithout: boolean;
  /** Whether `similar` takes part (pgvector neighbours are then looked up). */
  similar: boolean;
}

const blends = new WeakMap<object, WeakMap<object, BlendFacts>>();

function blendFacts(assigned: { strategies: Record<string, number>; fallback: string[] }): BlendFacts {
  let byFallback = blends.get(assigned.strategies);
  if (!byFallback) blends.set(assigned.strategies, (byFallback = new WeakMap()));
  let found = byFallback.get(assigned.fallback);
  if (!found) {
    const names = [...Object.keys(assigned.strategies), ...assigned.fallback];
    const personal = (hasItems: boolean) =>
      names.some((name) => STRATEGIES[name]?.shopper === 'always' || (!hasItems && STRATEGIES[name]?.shopper === 'no-items'));
    found = {
      label: `blend:${Object.keys(assigned.strategies).join('+')}`,
      personalWithItems: personal(true),
      personalWithout: personal(false),
      similar: Boolean(assigned.strategies.similar) || assigned.fallback.includes('similar'),
    };
    byFallback.set(assigned.fallback, found);
  }
  return found;
}

/**
 * Freshly computed candidates in the placement's final server order: diversified when the placement asks for it,
 * with `features.rank` renumbered 0, 1, 2… (the device reranker reads it as the server's order).
 */
function ordered(list: Candidate[], diversity: PlacementDiversity | false): Candidate[] {
  if (!diversity) return list;
  return diversified(list, diversity).map((c, rank) => (c.features.rank === rank ? c : { ...c, features: { ...c.features, rank } }));
}

/**
 * Candidates computed past `limit` for the products a request's filters drop (what the shopper has in the cart or
 * bought, what an earlier placement of the page shows), and kept past `limit` in a cached answer. A diversified
 * list is computed deeper (other products must be there to move up), but once diversified its requests read no
 * deeper than the others': over the demo's request mixes (`npm run bench -- recommendations`, and product and home
 * pages asking both of their placements in one deduplicated batch), no pick from the first `limit` + 12 candidates
 * of a cached list needed a candidate past them (with + 8: 1 of 3,000 and 69 of 6,000 did; with + 4: 2 and 330).
 */
const SLACK = 12;

/**
 * What the cache keeps of a freshly computed list, unless the request computing it read deeper: its first `limit` +
 * {@link SLACK} candidates (the same frozen objects; the whole list when no deeper) and how deep the list was. For a
 * 12-item diversified placement that is 24 candidates of 56.
 */
function cachedHead(whole: Candidate[], limit: number): CachedAnswer {
  const keep = limit + SLACK;
  return Object.freeze({ items: whole.length <= keep ? whole : Object.freeze(whole.slice(0, keep)), depth: whole.length });
}

/** The pick from a cached answer: undefined when its items are a head that does not decide it (see `pickFromHead`). */
function fromCached(kept: CachedAnswer, limit: number, accept: (id: string) => boolean, diversity: PlacementDiversity | false): Candidate[] | undefined {
  return kept.items.length < kept.depth ? pickFromHead(kept.items, limit, accept, diversity) : pick(kept.items, limit, accept, diversity);
}

/** What a candidate adds to its product (the product fields were validated with `Product` when the catalog loaded). */
const CandidateExtras = z.array(z.pick(Candidate, { id: true, reason: true, strategy: true, features: true }));

/**
 * Validates freshly computed candidates against the contract (once per computation, not per request) and freezes
 * them and the list: cached candidates are shared by every answer that uses them.
 * @throws Error when a candidate breaks the contract (a bug, answered 500).
 */
function checked(list: Candidate[]): Candidate[] {
  const result = CandidateExtras.safeParse(list);
  if (!result.success) throw new Error(`candidates break the contract: ${result.error.issues[0]?.path.join('.')}: ${result.error.issues[0]?.message}`);
  return Object.freeze(list.map(freeze)) as Candidate[];
}

function freeze(candidate: Candidate): Candidate {
  Object.freeze(candidate.features);
  return Object.freeze(candidate);
}
