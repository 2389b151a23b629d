import {
  describeError, MAX_CONTEXT_ITEMS, MAX_RECOMMENDATIONS, RecommendationBatchRequest,
} from '@focal/sdk-core/contracts';
import { RecommendError } from './errors.js';

/**
 * Turns the query of `GET /v1/recommendations` into a batch request: `placement` (repeatable: one entry per
 * placement), `items` (comma-separated and/or repeated product ids, shared by every placement), `limit`
 * (1-200, shared) and `allowDuplicates` (`true`/`false`). Validated with the contract (once per distinct query: the
 * answer is shared and frozen).
 * @throws RecommendError naming the parameter to fix.
 */
export function batchFromQuery(query: URLSearchParams): RecommendationBatchRequest {
  // The same few queries come back all the time (a product page asks what every visitor of that page asks): requests
  // that passed are kept by their raw parameters.
  const rawPlacements = query.getAll('placement');
  const rawItems = query.getAll('items');
  const rawLimit = query.get('limit');
  const duplicates = query.get('allowDuplicates');
  let key = `${rawLimit === null ? '-' : `${rawLimit.length}:${rawLimit}`}|${duplicates === null ? '-' : `${duplicates.length}:${duplicates}`}|`;
  for (const p of rawPlacements) key += `p${p.length}:${p}`;
  for (const i of rawItems) key += `i${i.length}:${i}`;
  const known = validated.get(key);
  if (known) return known;
  const placements = rawPlacements.flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
  if (!placements.length) {
    throw new RecommendError('missing_placement', 'say which placement: add ?placement=<id> (e.g. placement=pdp-similar); repeat it for several', 'placement');
  }
  const items = rawItems.flatMap((i) => i.split(',')).map((i) => i.trim()).filter(Boolean);
  if (items.length > MAX_CONTEXT_ITEMS) {
    throw new RecommendError('too_many_items', `items lists ${items.length} products; send at most ${MAX_CONTEXT_ITEMS}`, 'items');
  }
  let limit: number | undefined;
  if (rawLimit !== null) {
    limit = /^\d+$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECOMMENDATIONS) {
      throw new RecommendError('invalid_limit', `limit must be a whole number from 1 to ${MAX_RECOMMENDATIONS}, got "${rawLimit.slice(0, 20)}"`, 'limit');
    }
  }
  if (duplicates !== null && duplicates !== 'true' && duplicates !== 'false') {
    throw new RecommendError('invalid_allow_duplicates', 'allowDuplicates must be true or false', 'allowDuplicates');
  }
  const candidate = {
    placements: placements.map((placement) => ({ placement, ...(items.length ? { items } : {}), ...(limit !== undefined ? { limit } : {}) })),
    ...(duplicates !== null ? { allowDuplicates: duplicates === 'true' } : {}),
  };
  const request = deepFreeze(validateBatch(candidate, (field) => field.replace(/^placements\.\d+\./, '')));
  if (validated.size >= 10_000) validated.clear();
  validated.set(key, request);
  return request;
}

/** Requests built from queries that passed the contract, by their raw parameters (shared and frozen). */
const validated = new Map<string, RecommendationBatchRequest>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates a `POST /v1/recommendations` body (or a request built from a query) with the contract.
 * @throws RecommendError `invalid_request` naming the first offending field (`unknown_field` for a field the contract
 *   does not have, e.g. `placements.0.productIds`, with the accepted ones).
 */
export function validateBatch(input: unknown, rename: (field: string) => string = (f) => f): RecommendationBatchRequest {
  const parsed = RecommendationBatchRequest.safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  const [first, ...rest] = describeError(parsed.error);
  const field = rename(first.field);
  const message = first.message.replace(first.field, field) + (rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '');
  throw new RecommendError(parsed.error.issues[0]?.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_request', message, field);
}
