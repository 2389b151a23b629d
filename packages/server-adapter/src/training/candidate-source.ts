/**
 * Where the offline evaluation gets the "server" candidates for a session prefix. Two implementations of one
 * interface: the adapter's own strategy index (the default: what `GET /v1/recommendations` blends) and a minimal
 * co-view + popularity source (no catalog needed, used in tests).
 */
import type { FocalEvent, Product } from '@focal/sdk-core/contracts';
import type { RankCandidate } from '@focal/sdk-core/ranking';
import { blend, COLD_SHOPPER, StrategyIndex, toCandidates, type BlendSpec, type ShopperState } from '../strategies/index.js';
import type { Session } from './sessions.js';

export interface CandidateSource {
  readonly name: string;
  /** Learns from one session (feed them in time order). */
  addSession(session: Session): void;
  /** Up to `limit` candidates for the session so far (`items`/`times`, oldest first) at time `now`, best first. */
  candidates(items: readonly string[], times: readonly number[], now: number, limit: number): RankCandidate[];
}

/** The blend the evaluation asks the strategy index for: the next item after the shopper's last view. */
export const EVAL_BLEND: BlendSpec = { strategies: { 'co-view': 1, 'recently-viewed': 0.3, popular: 0.1 }, fallback: ['popular'] };

const viewEvent = (sessionId: string, productId: string, at: number) => ({
  id: `00000000-0000-7000-8000-000000000000`, type: 'product_view', createdAt: new Date(at).toISOString(), anonymousId: sessionId, sessionId,
  consent: { analytics: true, personalization: true }, properties: { productId },
}) as FocalEvent;

/** A stand-in catalog entry for logs without a catalog (ids only). */
const bareProduct = (id: string): Product => ({ id, title: id, url: `/p/${encodeURIComponent(id)}`, price: 0, currency: 'EUR', categoryPath: ['item'], inStock: true });

/**
 * The adapter's candidate strategies (`../strategies`): each session's views are ingested as `product_view`
 * events; candidates are the blend {@link EVAL_BLEND} with the last viewed item as context, turned into contract
 * candidates with server features by `toCandidates`. Product fields are dropped when the log has no catalog.
 */
export function strategyIndexSource(options: { blend?: BlendSpec; products?: readonly Product[] } = {}): CandidateSource {
  const index = new StrategyIndex();
  const spec = options.blend ?? EVAL_BLEND;
  const catalog = options.products;
  const known = new Set<string>(catalog?.map((p) => p.id));
  if (catalog) index.setCatalog(catalog, 0);
  return {
    name: 'strategy index (co-view + recently viewed + popular)',
    addSession(session) {
      if (!catalog) {
        const fresh = session.items.filter((i) => !known.has(i));
        if (fresh.length) {
          for (const i of fresh) known.add(i);
          index.upsertProducts([...new Set(fresh)].map(bareProduct), session.times[0]);
        }
      }
      session.items.forEach((item, k) => index.ingest(viewEvent(session.id, item, session.times[k]), session.times[k]));
    },
    candidates(items, times, now, limit) {
      const last = items[items.length - 1];
      const recentViews: ShopperState['recentViews'] = [];
      for (let k = items.length - 1; k >= 0 && recentViews.length < 20; k--) recentViews.push({ productId: items[k], at: times[k] });
      const shopper: ShopperState = { ...COLD_SHOPPER, recentViews };
      const blended = blend(index, spec, { items: [last], shopper, now }, limit);
      const out = toCandidates(index, blended, [last], now);
      return catalog ? out : out.map((c) => ({ id: c.id, features: c.features }));
    },
  };
}

/** A minimal source: items co-viewed with the last item by count, then the most popular; features filled alike. */
export function coViewPopularSource(): CandidateSource {
  const pop = new Map<string, number>();
  const pairs = new Map<string, Map<string, number>>();
  let ranked: [string, number][] | undefined;
  return {
    name: 'co-view + popularity (minimal)',
    addSession(session) {
      ranked = undefined;
      const distinct = [...new Set(session.items)];
      for (const i of session.items) pop.set(i, (pop.get(i) ?? 0) + 1);
      for (const a of distinct) for (const b of distinct) {
        if (a === b) continue;
        let m = pairs.get(a);
        if (!m) pairs.set(a, (m = new Map()));
        m.set(b, (m.get(b) ?? 0) + 1);
      }
    },
    candidates(items, _times, _now, limit) {
      ranked ??= [...pop].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
      const last = items[items.length - 1];
      const co = [...(pairs.get(last) ?? [])].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
      const out: RankCandidate[] = [];
      const seen = new Set<string>([last]);
      const push = (id: string, score: number, cooccurrence: number) => {
        if (seen.has(id) || out.length >= limit) return;
        seen.add(id);
        out.push({ id, features: { score, rank: out.length, popularity: pop.get(id) ?? 0, cooccurrence, ageDays: 0, strategyScores: {} } });
      };
      for (const [id, c] of co) push(id, 1 + c, c);
      for (const [id, n] of ranked) push(id, n / (ranked[0]?.[1] || 1), 0);
      return out;
    },
  };
}
