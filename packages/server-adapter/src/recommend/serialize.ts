import * as z from 'zod/mini';
import { MAX_RECOMMENDATIONS, RecommendationResponse, type Candidate, type RecommendationBatchResponse } from '@focal/sdk-core/contracts';

/**
 * The per-answer part of `RecommendationResponse` (requestId, placement, strategy, variant, modelVersion). Candidates
 * are validated against the contract's `Candidate` once, when they are computed (see the service), so a cached answer
 * is not re-validated on every request.
 */
export const ResponseEnvelope = z.extend(z.omit(RecommendationResponse, { items: true }), {
  items: z.array(z.unknown()).check(z.maxLength(MAX_RECOMMENDATIONS)),
});

const json = new WeakMap<Candidate, string>();

/** JSON of a candidate, memoised per (frozen, cached) candidate object. */
function candidateJson(candidate: Candidate): string {
  let text = json.get(candidate);
  if (text === undefined) {
    text = JSON.stringify(candidate);
    if (Object.isFrozen(candidate)) json.set(candidate, text);
  }
  return text;
}

/**
 * Serialises one placement's answer exactly as `JSON.stringify` would, reusing the JSON of cached candidates.
 * @throws Error when the envelope breaks the contract (a bug, answered 500).
 */
export function serializeResponse(response: RecommendationBatchResponse['results'][number]): string {
  const checked = ResponseEnvelope.safeParse(response);
  if (!checked.success) throw new Error(`recommendation answer breaks the contract: ${checked.error.issues[0]?.message}`);
  const { items, ...envelope } = response;
  const head = JSON.stringify({ ...envelope, items: 0 });
  return `${head.slice(0, -2)}[${items.map(candidateJson).join(',')}]}`;
}

/** Serialises a batch answer (`{"results":[...]}`). */
export function serializeBatch(batch: RecommendationBatchResponse): string {
  return `{"results":[${batch.results.map(serializeResponse).join(',')}]}`;
}
