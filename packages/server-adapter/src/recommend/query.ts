import {
  describeError, MAX_CONTEXT_ITEMS, MAX_RECOMMENDATIONS, RecommendationBatchRequest,
} from '@focal/sdk-core/contracts';
import { RecommendError } from './errors.js';

/**
 * Turns the query of `GET /v1/recommendations` into a batch request: `placement` (repeatable: one entry per
 * placement), `items` (comma-separated and/or repeated product ids, shared by every placement), `limit`
 * (1-200, shared) and `allowDuplicates` (`true`/`false`). Validated with the contract.
 * @throws RecommendError naming the parameter to fix.
 */
export function batchFromQuery(query: URLSearchParams): RecommendationBatchRequest {
  const placements = query.getAll('placement').flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
  if (!placements.length) {
    throw new RecommendError('missing_placement', 'say which placement: add ?placement=<id> (e.g. placement=pdp-similar); repeat it for several', 'placement');
  }
  const items = query.getAll('items').flatMap((i) => i.split(',')).map((i) => i.trim()).filter(Boolean);
  if (items.length > MAX_CONTEXT_ITEMS) {
    throw new RecommendError('too_many_items', `items lists ${items.length} products; send at most ${MAX_CONTEXT_ITEMS}`, 'items');
  }
  let limit: number | undefined;
  const rawLimit = query.get('limit');
  if (rawLimit !== null) {
    limit = /^\d+$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECOMMENDATIONS) {
      throw new RecommendError('invalid_limit', `limit must be a whole number from 1 to ${MAX_RECOMMENDATIONS}, got "${rawLimit.slice(0, 20)}"`, 'limit');
    }
  }
  const duplicates = query.get('allowDuplicates');
  if (duplicates !== null && duplicates !== 'true' && duplicates !== 'false') {
    throw new RecommendError('invalid_allow_duplicates', 'allowDuplicates must be true or false', 'allowDuplicates');
  }
  const candidate = {
    placements: placements.map((placement) => ({ placement, ...(items.length ? { items } : {}), ...(limit !== undefined ? { limit } : {}) })),
    ...(duplicates !== null ? { allowDuplicates: duplicates === 'true' } : {}),
  };
  return validateBatch(candidate, (field) => field.replace(/^placements\.\d+\./, ''));
}

/**
 * Validates a `POST /v1/recommendations` body (or a request built from a query) with the contract.
 * @throws RecommendError `invalid_request` naming the first offending field.
 */
export function validateBatch(input: unknown, rename: (field: string) => string = (f) => f): RecommendationBatchRequest {
  const parsed = RecommendationBatchRequest.safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  const [first, ...rest] = describeError(parsed.error);
  const field = rename(first.field);
  const message = first.message.replace(first.field, field) + (rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '');
  throw new RecommendError('invalid_request', message, field);
}
