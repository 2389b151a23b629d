/**
 * Light structural checks of what the recommendation client reads from the wire. The adapter validates
 * fully with the zod contracts; in the browser these few lines stand in for zod (~9 kB gzip in the
 * script-tag bundle). A test checks they agree with the contracts on valid and invalid examples.
 *
 * Two levels (`DEV`, packages/sdk-core/src/tracking/build.ts). Always, in the production script tag too: what keeps a
 * widget from crashing or showing garbage on a malformed answer — arrays are arrays, ids, titles and texts are
 * strings, numbers are finite, and every link or image is an http(s) or relative URL (never `javascript:` or
 * `data:`). With `DEV` (ESM, React, tests, focal.dev.js) also the rest of the contract: lengths, currency codes,
 * category paths, stock flags, the reranker's features.
 */
import type { Candidate, Promotion, RecommendationRequest, RecommendationResponse } from '../contracts/index.js';
import { MAX_CONTEXT_ITEMS, MAX_RECOMMENDATIONS } from '../contracts/limits.js';
import { DEV } from '../tracking/build.js';
import { isWebLink } from '../contracts/web-link.js';

type Loose = Record<string, any> | null | undefined;

const string = (v: unknown): v is string => typeof v === 'string';
/** A non-empty string; with `max`, of at most that length. */
const text = (v: unknown, max = Infinity): v is string => string(v) && v.length > 0 && v.length <= max;
const number = (v: unknown): v is number => Number.isFinite(v);
const optional = (v: unknown, check: (v: any) => boolean) => v === undefined || check(v);
/** A link a page may follow or load: absolute http(s), or relative (resolves to http(s)); not `javascript:`, `data:`… */
const link = isWebLink;
/** Whether every `[value, max]` is a string of at most `max` characters (or absent). */
const lengths = (pairs: Array<[unknown, number]>) => pairs.every(([v, max]) => !string(v) || v.length <= max);

/** Whether a value has every field of a `Candidate` that a widget or the reranker reads, with the right types. */
export function isCandidate(value: unknown): value is Candidate {
  const c = value as Loose;
  const f = c?.features as Loose;
  return !!c && text(c.id) && text(c.title) && link(c.url) && optional(c.image, link) && number(c.price) && c.price >= 0
    && string(c.currency) && string(c.strategy) && Array.isArray(c.categoryPath) && optional(c.brand, string)
    && optional(c.reason, string) && number(f?.rank)
    && (!DEV || (lengths([[c.id, 128], [c.title, 512], [c.url, 2048], [c.image, 4096], [c.reason, 200]]) && /^[A-Z]{3}$/.test(c.currency)
      && c.categoryPath.length > 0 && c.categoryPath.every((p: unknown) => text(p, 128)) && typeof c.inStock === 'boolean'
      && number(f!.score) && Number.isInteger(f!.rank) && f!.rank >= 0 && number(f!.popularity) && number(f!.cooccurrence)
      && number(f!.ageDays) && typeof f!.strategyScores === 'object' && !!f!.strategyScores));
}

/** A value as an error message quotes it: JSON, at most 100 characters. */
const shown = (value: unknown): string => String(JSON.stringify(value)).slice(0, 100);

/** What each field of a candidate must be, as `isCandidate` checks it with `DEV` (in that order). */
const CANDIDATE_FIELDS: Array<[string, string, (c: Record<string, any>, f: Loose) => boolean]> = [
  ['id', 'a product id of 1-128 characters', (c) => text(c.id, 128)],
  ['title', 'a non-empty string of at most 512 characters', (c) => text(c.title, 512)],
  ['url', 'an http(s) or relative link of at most 2048 characters', (c) => link(c.url) && c.url.length <= 2048],
  ['image', 'absent, or an http(s) or relative link of at most 4096 characters', (c) => optional(c.image, (i) => link(i) && i.length <= 4096)],
  ['price', 'a number ≥ 0 (129.5, not "129.50")', (c) => number(c.price) && c.price >= 0],
  ['currency', 'a currency code such as "EUR"', (c) => /^[A-Z]{3}$/.test(c.currency) && string(c.currency)],
  ['strategy', 'a string (the strategy that found it)', (c) => string(c.strategy)],
  ['categoryPath', 'a non-empty array of category names (1-128 characters each)', (c) => Array.isArray(c.categoryPath) && c.categoryPath.length > 0 && c.categoryPath.every((p: unknown) => text(p, 128))],
  ['brand', 'absent or a string', (c) => optional(c.brand, string)],
  ['reason', 'absent or a string of at most 200 characters', (c) => optional(c.reason, (r) => string(r) && r.length <= 200)],
  ['inStock', 'true or false', (c) => typeof c.inStock === 'boolean'],
  ['features', "the server's features { score, rank, popularity, cooccurrence, ageDays, strategyScores }", (_, f) => !!f && typeof f === 'object'],
  ['features.rank', 'a whole number ≥ 0 (its rank in the server\'s answer)', (_, f) => Number.isInteger(f!.rank) && f!.rank >= 0],
  ...(['score', 'popularity', 'cooccurrence', 'ageDays'] as const).map((k): [string, string, (c: Record<string, any>, f: Loose) => boolean] => [`features.${k}`, 'a number', (_, f) => number(f![k])]),
  ['features.strategyScores', 'an object of numbers by strategy', (_, f) => typeof f!.strategyScores === 'object' && !!f!.strategyScores],
];

/**
 * What is wrong with candidate `name`, naming the field (`items[1].price must be a number ≥ 0 …; got "129.00"`), or `undefined` for one
 * `isCandidate` accepts with `DEV` (a test keeps the two in agreement). For answers given by the page's code, such as
 * `initialResults`, where the developer needs to know what to fix.
 */
export function candidateProblem(value: unknown, name: string): string | undefined {
  const c = value as Loose;
  if (!c || typeof c !== 'object') return `${name} must be a product ({ id, title, url, price, currency, … }); got ${shown(c)}`;
  const wrong = CANDIDATE_FIELDS.find(([, , ok]) => !ok(c, c.features));
  return wrong && `${name}.${wrong[0]} must be ${wrong[1]}; got ${shown(wrong[0].split('.').reduce((v: Loose, k) => v?.[k], c))}`;
}

/** What each field of a placement's answer must be, as `readResult` checks it with `DEV` (its products: {@link candidateProblem}). */
const RESULT_FIELDS: Array<[string, string, (v: unknown) => boolean]> = [
  ['requestId', 'the request id of the answer (1-128 characters)', (v) => text(v, 128)],
  ['placement', 'the placement it answers (1-64 characters)', (v) => text(v, 64)],
  ['strategy', 'a string', string],
  ['items', 'an array of products', Array.isArray],
  ['variant', 'absent or a string', (v) => optional(v, string)],
  ['modelVersion', 'absent or a string', (v) => optional(v, string)],
];

/**
 * What is wrong with answer `name` (not with its products), naming the field (`initialResults[0].requestId must be …`),
 * or `undefined` for one `readResult` accepts with `DEV`. For answers given by the page's code, such as `initialResults`.
 */
export function resultProblem(value: unknown, name: string): string | undefined {
  const r = value as Loose;
  if (!r || typeof r !== 'object' || Array.isArray(r)) {
    return `${name} must be a placement's answer as fetchBatch gives it ({ requestId, placement, strategy, items, request }); got ${shown(r)}`;
  }
  const wrong = RESULT_FIELDS.find(([key, , ok]) => !ok(r[key]));
  return wrong && `${name}.${wrong[0]} must be ${wrong[1]}; got ${shown(r[wrong[0]])}`;
}

const warned = new Set<string>();

/**
 * Whether a product the page's own code gives (a request's `fallback` item, a bundle's anchor) can be shown: `id` and
 * `title` non-empty strings, `url` a web link, `price` a number ≥ 0 (not a string) and `currency` a code such as
 * `EUR`. If not, warns (once per page and message) naming the field, e.g. `anchor.price`, and returns false: the
 * caller leaves it out, so a shopper never reads "€NaN" nor a total that added up text.
 */
export function isShowable(product: unknown, name: string): boolean {
  const p = product as Loose;
  const field = ['id', 'title', 'url', 'price', 'currency'].find((k, i) => {
    const v = p?.[k];
    return !(i < 2 ? text(v) : i < 3 ? link(v) : i < 4 ? number(v) && v >= 0 : /^[A-Z]{3}$/.test(v));
  });
  const message = field && `focal: ${name}.${field} ${DEV
    ? `must be ${{ id: 'a non-empty string', title: 'a non-empty string', url: 'an http(s) or relative link', price: 'a number ≥ 0 (129.5, not "129.50")', currency: 'a currency code such as "EUR"' }[field]}; got ${JSON.stringify(p?.[field])}. The product is left out`
    : 'is invalid: left out (focal.dev.js explains)'}`;
  if (message && !warned.has(message)) {
    warned.add(message);
    console.warn(message);
  }
  return !field;
}

/** A placement result with its invalid candidates dropped, or `undefined` when the result itself is malformed. */
export function readResult(value: unknown): RecommendationResponse | undefined {
  const r = value as Loose;
  if (!r || !text(r.requestId) || !text(r.placement) || !Array.isArray(r.items)) return undefined;
  if (DEV && (!lengths([[r.requestId, 128], [r.placement, 64]]) || !string(r.strategy) || !optional(r.variant, string) || !optional(r.modelVersion, string))) return undefined;
  return { ...(r as RecommendationResponse), items: r.items.filter(isCandidate).slice(0, MAX_RECOMMENDATIONS) };
}

/** Whether a value is a promotion a banner can show. */
export function isPromotion(value: unknown): value is Promotion {
  const p = value as Loose;
  return !!p && text(p.id) && text(p.title) && optional(p.body, string)
    && optional(p.image, (i) => !!i && link(i.url) && string(i.alt))
    && optional(p.cta, (a) => !!a && text(a.label) && link(a.url))
    && (!DEV || (lengths([[p.id, 128], [p.title, 200], [p.image?.url, 4096], [p.cta?.label, 200], [p.cta?.url, 4096]])
      && text(p.slot, 64) && Number.isInteger(p.priority)));
}

/**
 * What is wrong with a placement request, in words, or `undefined` when it is valid. The same requests are refused
 * with and without `DEV`; without it the words are shorter.
 */
export function requestProblem(r: Partial<RecommendationRequest> | undefined): string | undefined {
  if (!r || !text(r.placement, 64) || !/^[a-z0-9][a-z0-9-]*$/.test(r.placement)) {
    return DEV ? `placement must be 1-64 lower-case letters, digits and dashes; got ${JSON.stringify(r?.placement)}` : 'placement must be lower-case letters, digits, dashes';
  }
  if (r.items !== undefined && (!Array.isArray(r.items) || r.items.length > MAX_CONTEXT_ITEMS || !r.items.every((i) => text(i, 128)))) {
    return DEV ? `items must be at most ${MAX_CONTEXT_ITEMS} product ids (1-128 characters each); got ${JSON.stringify(r.items)}` : `items must be ≤ ${MAX_CONTEXT_ITEMS} product ids`;
  }
  if (r.limit !== undefined && (!Number.isInteger(r.limit) || r.limit < 1 || r.limit > MAX_RECOMMENDATIONS)) {
    return DEV ? `limit must be a whole number from 1 to ${MAX_RECOMMENDATIONS}; got ${JSON.stringify(r.limit)}` : `limit must be 1-${MAX_RECOMMENDATIONS}`;
  }
  return undefined;
}
