/**
 * Light structural checks of what the recommendation client reads from the wire. The adapter validates
 * fully with the zod contracts; in the browser these few lines stand in for zod (~9 kB gzip in the
 * script-tag bundle). A test checks they agree with the contracts on valid and invalid examples.
 */
import type { Candidate, Promotion, RecommendationRequest, RecommendationResponse } from '../contracts/index.js';
import { MAX_CONTEXT_ITEMS, MAX_RECOMMENDATIONS } from '../contracts/limits.js';

type Loose = Record<string, unknown> | null | undefined;

const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const number = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);

/** Whether a value has every field of a `Candidate` that a widget or the reranker reads, with the right types. */
export function isCandidate(value: unknown): value is Candidate {
  const c = value as Loose;
  const f = c?.features as Loose;
  return !!c && text(c.id, 128) && text(c.title, 512) && text(c.url, 2048) && optional(c.image, (v) => typeof v === 'string')
    && number(c.price) && c.price >= 0 && typeof c.currency === 'string' && /^[A-Z]{3}$/.test(c.currency)
    && Array.isArray(c.categoryPath) && c.categoryPath.length > 0 && c.categoryPath.every((p) => text(p, 128))
    && typeof c.inStock === 'boolean' && typeof c.strategy === 'string'
    && optional(c.brand, (v) => typeof v === 'string') && optional(c.reason, (v) => typeof v === 'string' && v.length <= 200)
    && !!f && number(f.score) && Number.isInteger(f.rank) && (f.rank as number) >= 0 && number(f.popularity)
    && number(f.cooccurrence) && number(f.ageDays) && typeof f.strategyScores === 'object' && !!f.strategyScores;
}

/** A placement result with its invalid candidates dropped, or `undefined` when the result itself is malformed. */
export function readResult(value: unknown): RecommendationResponse | undefined {
  const r = value as Loose;
  if (!r || !text(r.requestId, 128) || !text(r.placement, 64) || typeof r.strategy !== 'string' || !Array.isArray(r.items)) return undefined;
  if (!optional(r.variant, (v) => typeof v === 'string') || !optional(r.modelVersion, (v) => typeof v === 'string')) return undefined;
  return { ...(r as unknown as RecommendationResponse), items: (r.items as unknown[]).filter(isCandidate).slice(0, MAX_RECOMMENDATIONS) };
}

/** Whether a value is a promotion a banner can show. */
export function isPromotion(value: unknown): value is Promotion {
  const p = value as Loose;
  const image = p?.image as Loose;
  const cta = p?.cta as Loose;
  return !!p && text(p.id, 128) && text(p.slot, 64) && text(p.title, 200) && optional(p.body, (v) => typeof v === 'string')
    && Number.isInteger(p.priority) && optional(image, () => !!image && text(image.url, 4096) && typeof image.alt === 'string')
    && optional(cta, () => !!cta && text(cta.label, 200) && text(cta.url, 4096));
}

/** What is wrong with a placement request, in words, or `undefined` when it is valid. */
export function requestProblem(r: Partial<RecommendationRequest> | undefined): string | undefined {
  if (!r || !text(r.placement, 64) || !/^[a-z0-9][a-z0-9-]*$/.test(r.placement)) {
    return `placement must be 1-64 lower-case letters, digits and dashes; got ${JSON.stringify(r?.placement)}`;
  }
  if (r.items !== undefined && (!Array.isArray(r.items) || r.items.length > MAX_CONTEXT_ITEMS || !r.items.every((i) => text(i, 128)))) {
    return `items must be at most ${MAX_CONTEXT_ITEMS} product ids (1-128 characters each)`;
  }
  if (r.limit !== undefined && (!Number.isInteger(r.limit) || r.limit < 1 || r.limit > MAX_RECOMMENDATIONS)) {
    return `limit must be a whole number from 1 to ${MAX_RECOMMENDATIONS}; got ${JSON.stringify(r.limit)}`;
  }
  return undefined;
}
