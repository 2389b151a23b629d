/**
 * Training lists from logged events: every recommendation request (`requestId`) whose impressions were logged is
 * one list; its candidates are the impressed products in their logged positions, the positives are the products
 * the shopper clicked (1), added to the cart (2) or bought (3) from that request. Each list's features come from the
 * shopper's session state reconstructed from the events BEFORE the request's first impression, and from the server
 * features the impression logged (`properties.features`) or, when it did not, rebuilt with the candidate-strategy
 * index fed with every earlier event (rank = logged position; score 0: unknown, see {@link UNKNOWN_SCORE}) — through
 * the same `computeFeatures` the browser runs. A rebuilt `ageDays` dates each product as the adapter does: from the
 * store's listing and restock times when given (`catalog.snapshot`), else from the first event of the log.
 */
import type { FocalEvent, Product } from '@focal/sdk-core/contracts';
import { computeFeatures, emptySession, observe, productMeta, type RankCandidate, type SessionState } from '@focal/sdk-core/ranking';
import { StrategyIndex, type Listing } from '../strategies/index.js';

/** One request's list. */
export interface ImpressionList {
  requestId: string;
  placement: string;
  /** Epoch ms of the first impression. */
  at: number;
  /** Product ids in logged position order. */
  ids: string[];
  /** Raw features, row-major `[ids.length × 16]`. */
  x: Float32Array;
  /** Relevance per candidate: 0 none, 1 click, 2 add-to-cart, 3 purchase. */
  labels: Float32Array;
}

export interface ImpressionStats {
  events: number;
  /** Logged `rec_impression` events. */
  impressions: number;
  /** Impressions of products the catalog does not hold: left out of the lists (no features can be computed). */
  unknownProducts: number;
  requests: number;
  lists: number;
  candidates: number;
  positives: number;
}

interface Pending {
  requestId: string;
  placement: string;
  at: number;
  sessionId: string;
  state: SessionState;
  context: string[];
  shown: Map<string, number>;
  /** The impressed products with the server features reconstructed at the time of the request. */
  candidates: Map<string, RankCandidate>;
  labels: Map<string, number>;
}

const LABEL = { rec_click: 1, add_to_cart: 2, purchase: 3 } as const;

/**
 * The server score of an impression that did not log its features. The blended score the adapter served cannot be
 * rebuilt (the blend, its weights and the shopper's state at the time are gone), and a stand-in on another scale,
 * such as `1/(1 + rank)`, teaches the model a `server_score` the device never sees: the adapter serves blend scores
 * (about 0.8 to 1.3 down a list of 8), so the model ranked the 8th product as if it were the 1st or 2nd. A constant
 * instead: where no impression logged features the column never varies, so the model gets zero weights for it (see
 * `trainReranker`) and the device's served score cannot move its order; the rank is still learnt from
 * `server_rank_reciprocal`.
 */
export const UNKNOWN_SCORE = 0;

/**
 * Builds the lists (chronological). Events must be sorted by time (the store returns them in arrival order,
 * which this sorts again by `createdAt`). Lists with fewer than two candidates are dropped; lists without a positive
 * are kept (they are negatives-only and the trainer skips them) only in `stats.requests`. `listings`: when each
 * product was listed and last restocked (by id), as the store records them for the adapter; a product without one
 * counts as listed when the log starts.
 */
export function impressionLists(events: readonly FocalEvent[], products: readonly Product[], listings?: ReadonlyMap<string, Listing>): { lists: ImpressionList[]; stats: ImpressionStats } {
  const sorted = [...events].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  const catalog = new Map(products.map((p) => [p.id, p]));
  const meta = new Map(products.map((p) => [p.id, productMeta(p)]));
  const index = new StrategyIndex();
  index.setCatalog(products, sorted.length ? Date.parse(sorted[0].createdAt) - 1 : 0, listings);
  const sessions = new Map<string, SessionState>();
  const requests = new Map<string, Pending>();
  /** The request each product was clicked from in a session, for attributing add-to-carts and purchases. */
  const clickedFrom = new Map<string, string>();
  /** `requestId|productId` of impressions that carried the served features. */
  const loggedFeatures = new Set<string>();
  let impressions = 0;
  let unknownProducts = 0;

  for (const event of sorted) {
    const at = Date.parse(event.createdAt);
    const before = sessions.get(event.sessionId) ?? emptySession();
    if (event.type === 'rec_impression') {
      const { requestId, placement, productId, position } = event.properties;
      impressions++;
      if (!catalog.has(productId)) unknownProducts++;
      let req = requests.get(requestId);
      if (!req) {
        const last = before.views[before.views.length - 1]?.productId;
        const context = /^pdp-/.test(placement) && last ? [last] : placement === 'cart-add-ons' ? Object.keys(before.cart) : [];
        req = { requestId, placement, at, sessionId: event.sessionId, state: before, context, shown: new Map(), candidates: new Map(), labels: new Map() };
        requests.set(requestId, req);
      }
      if (!req.shown.has(productId) && catalog.has(productId)) {
        req.shown.set(productId, position);
        const p = catalog.get(productId)!;
        // The server features the device received, when the impression logged them; else rebuilt as the server
        // would have computed them when it answered: from the index before this request.
        const logged = event.properties.features;
        if (logged) loggedFeatures.add(`${requestId}|${productId}`);
        req.candidates.set(productId, {
          ...p,
          features: logged ?? {
            score: UNKNOWN_SCORE, rank: position, popularity: index.popularityOf(productId, at),
            cooccurrence: index.cooccurrence(productId, req.context), ageDays: index.ageDays(productId, at), strategyScores: {},
          },
        });
      }
    } else {
      const ref = event.type === 'rec_click' || event.type === 'add_to_cart' || event.type === 'product_view' ? event.properties.requestId : undefined;
      const label = (id: string, requestId: string | undefined, value: number) => {
        const req = requestId ? requests.get(requestId) : undefined;
        if (req?.shown.has(id)) req.labels.set(id, Math.max(req.labels.get(id) ?? 0, value));
      };
      if (event.type === 'rec_click') {
        label(event.properties.productId, event.properties.requestId, LABEL.rec_click);
        clickedFrom.set(`${event.sessionId}|${event.properties.productId}`, event.properties.requestId);
      } else if (event.type === 'add_to_cart') {
        const id = event.properties.productId;
        label(id, ref ?? clickedFrom.get(`${event.sessionId}|${id}`), LABEL.add_to_cart);
      } else if (event.type === 'purchase') {
        for (const line of event.properties.lineItems) label(line.productId, clickedFrom.get(`${event.sessionId}|${line.productId}`), LABEL.purchase);
      }
    }
    const productId = 'productId' in event.properties ? (event.properties as { productId: string }).productId : undefined;
    sessions.set(event.sessionId, observe(before, event, productId ? meta.get(productId) : undefined, at));
    index.ingest(event, at);
  }

  const lists: ImpressionList[] = [];
  const stats: ImpressionStats = { events: sorted.length, impressions, unknownProducts, requests: requests.size, lists: 0, candidates: 0, positives: 0 };
  for (const req of requests.values()) {
    const ordered = [...req.shown].sort((a, b) => a[1] - b[1]).map(([id]) => id);
    if (ordered.length < 2) continue;
    // Positions may have gaps (unlogged impressions): rank is the order among the logged ones.
    const candidates = ordered.map((id, rank) => {
      const c = req.candidates.get(id)!;
      return loggedFeatures.has(`${req.requestId}|${id}`) ? c : { ...c, features: { ...c.features, rank } };
    });
    const labels = Float32Array.from(ordered, (id) => req.labels.get(id) ?? 0);
    lists.push({ requestId: req.requestId, placement: req.placement, at: req.at, ids: ordered, x: computeFeatures(candidates, req.state, req.at), labels });
    stats.lists++;
    stats.candidates += ordered.length;
    stats.positives += labels.filter((y) => y > 0).length;
  }
  return { lists, stats };
}
