/**
 * Trains the reranker from logged events (see `impressionLists`), holding out the latest lists to measure it against
 * the logged server order, and returns the model files' content.
 */
import type { FocalEvent, ModelManifest, Product } from '@focal/sdk-core/contracts';
import { FEATURE_NAMES, forward, standardise } from '@focal/sdk-core/ranking';
import type { Listing } from '../strategies/index.js';
import { impressionLists, type ImpressionList } from './impression-lists.js';
import { firstRelevantRank, MetricMeans, ndcgGraded, orderByScores, reciprocalRank } from './metrics.js';
import { buildModel } from './model-files.js';
import { trainReranker, type TrainOptions, type TrainResult } from './train.js';

export interface EventTrainingOptions extends TrainOptions {
  /** Share of the latest lists (by time) held out for the offline metrics. @default 0.2 */
  holdoutShare?: number;
  /** Describes the data in the manifest. @default 'store events' */
  source?: string;
  createdAt?: string;
  /** When each product was listed and last restocked (by id: the store's `catalog.snapshot`), for a rebuilt `ageDays`. */
  listings?: ReadonlyMap<string, Listing>;
}

const RANK = FEATURE_NAMES.indexOf('server_rank_reciprocal');

/**
 * MRR@20 and NDCG@10 of the model's order and (`baseline_`) of the server's order over lists with a positive. The
 * server's order is by the logged server rank, not the shown order: where a device model was live, that is the
 * previous model's.
 */
export function evaluateLists(result: Pick<TrainResult, 'mlp' | 'normalization'>, lists: readonly ImpressionList[]): Record<string, number> {
  const means = new MetricMeans();
  for (const list of lists) {
    if (!list.labels.some((y) => y > 0)) continue;
    const n = list.ids.length;
    const x = standardise(list.x, list.x.length / n, result.normalization.mean, result.normalization.std);
    const order = orderByScores(forward(result.mlp, x, n));
    const model = order.map((i) => list.labels[i]);
    const columns = list.x.length / n;
    const logged = orderByScores(Float32Array.from({ length: n }, (_, i) => list.x[i * columns + RANK])).map((i) => list.labels[i]);
    means.add({
      'mrr@20': reciprocalRank(firstRelevantRank(model), 20), 'ndcg@10': ndcgGraded(model, 10),
      'baseline_mrr@20': reciprocalRank(firstRelevantRank(logged), 20), 'baseline_ndcg@10': ndcgGraded(logged, 10),
    });
  }
  return { ...means.means(), holdout_lists: means.count };
}

/**
 * Why a trained model must not be served automatically, or undefined when it may: its held-out MRR@20 (the primary
 * figure: the rank of the first product the shopper acted on, which is what a placement's first slots decide) is not
 * above the server order's, or no training epoch beat the initial random weights on validation (`bestEpoch` 0: the
 * network is untrained).
 */
export function notBetterReason(metrics: Record<string, number>, bestEpoch: number): string | undefined {
  const model = metrics['mrr@20'];
  const server = metrics['baseline_mrr@20'];
  if (!(model > server)) return `its held-out MRR@20 ${model.toFixed(4)} is not better than the server order's ${server.toFixed(4)}`;
  if (bestEpoch === 0) return 'no training epoch improved on the initial random weights (validation loss): the network is untrained';
  return undefined;
}

/**
 * The events and catalogs of several sites as one training input. Product ids are the retailer's, so two sites may
 * use the same id for products with their own price, currency and categories (a German and a Swiss store of one
 * retailer): each site's ids are made distinct (`site␟id`, in products, events and purchase lines), so no event is
 * looked up in another site's catalog, as no device ranks with another site's candidates. One site: unchanged.
 */
export function siteScoped(sites: ReadonlyMap<string, { events: readonly FocalEvent[]; products: readonly Product[]; listings?: ReadonlyMap<string, Listing> }>): { events: FocalEvent[]; products: Product[]; listings: Map<string, Listing> } {
  if (sites.size <= 1) {
    const [one] = sites.values();
    return { events: [...(one?.events ?? [])], products: [...(one?.products ?? [])], listings: new Map(one?.listings ?? []) };
  }
  const events: FocalEvent[] = [];
  const products: Product[] = [];
  const listings = new Map<string, Listing>();
  for (const [site, input] of sites) {
    const scoped = (id: string) => `${site}\u241f${id}`;
    for (const p of input.products) products.push({ ...p, id: scoped(p.id) });
    for (const [id, listing] of input.listings ?? []) listings.set(scoped(id), listing);
    for (const e of input.events) {
      const props = { ...e.properties } as Record<string, unknown>;
      if (typeof props.productId === 'string') props.productId = scoped(props.productId);
      if (Array.isArray(props.lineItems)) props.lineItems = props.lineItems.map((l: { productId: string }) => ({ ...l, productId: scoped(l.productId) }));
      events.push({ ...e, properties: props } as FocalEvent);
    }
  }
  return { events, products, listings };
}

/** Builds lists, trains on the older ones, evaluates on the newest, and returns the model and what it measured. */
export function trainFromEvents(events: readonly FocalEvent[], products: readonly Product[], options: EventTrainingOptions = {}) {
  const { lists, stats } = impressionLists(events, products, options.listings);
  const withPositive = lists.filter((l) => l.labels.some((y) => y > 0)).sort((a, b) => a.at - b.at);
  if (withPositive.length < 10) {
    // impressions of products the catalog lacks are left out: the catalog, not the tracking, is then what to fix
    const { impressions, unknownProducts } = stats;
    if (unknownProducts > impressions / 2) {
      throw new Error(`only ${withPositive.length} recommendation lists with a click, add-to-cart or purchase could be built (need ≥ 10): ${unknownProducts} of the ${impressions} logged impressions name products the catalog (${products.length} products) does not hold — import the site's catalog (focal-adapter import-catalog), then train again`);
    }
    throw new Error(`only ${withPositive.length} recommendation lists with a click, add-to-cart or purchase were logged (need ≥ 10): track rec_impression and rec_click with their requestId, then train again`);
  }
  const cut = Math.floor(withPositive.length * (1 - (options.holdoutShare ?? 0.2)));
  const train = withPositive.slice(0, cut);
  const holdout = withPositive.slice(cut);
  const result = trainReranker(train, options);
  const metrics = evaluateLists(result, holdout);
  const trainCandidates = train.reduce((s, l) => s + l.ids.length, 0);
  const trainPositives = train.reduce((s, l) => s + l.labels.filter((y) => y > 0).length, 0);
  const model = buildModel(result, {
    source: options.source ?? 'store events', lists: train.length, candidates: trainCandidates, positives: trainPositives,
    metrics, createdAt: options.createdAt,
  });
  return { model, metrics, stats, result, trainLists: train.length, holdoutLists: holdout.length } as {
    model: { onnx: Uint8Array; manifest: ModelManifest }; metrics: Record<string, number>; stats: typeof stats; result: TrainResult;
    trainLists: number; holdoutLists: number;
  };
}
