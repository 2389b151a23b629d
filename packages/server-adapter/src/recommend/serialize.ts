import * as z from 'zod/mini';
import { MAX_RECOMMENDATIONS, OpaqueId, RecommendationResponse, type Candidate, type RecommendationBatchResponse } from '@focal/sdk-core/contracts';

/**
 * The per-answer part of `RecommendationResponse` (requestId, placement, strategy, variant, modelVersion). Candidates
 * are validated against the contract's `Candidate` once, when they are computed (see the service), so a cached answer
 * is not re-validated on every request; an envelope is checked in full once per distinct placement, strategy, variant
 * and model version, then only its requestId.
 */
export const ResponseEnvelope = z.extend(z.omit(RecommendationResponse, { items: true }), {
  items: z.array(z.unknown()).check(z.maxLength(MAX_RECOMMENDATIONS)),
});

const json = new WeakMap<Candidate, string>();
const lists = new WeakMap<readonly Candidate[], string>();

/** JSON of a candidate, memoised per (frozen, cached) candidate object. */
function candidateJson(candidate: Candidate): string {
  let text = json.get(candidate);
  if (text === undefined) {
    text = JSON.stringify(candidate);
    if (Object.isFrozen(candidate)) json.set(candidate, text);
  }
  return text;
}

/** JSON of a list of candidates, memoised per frozen list (the service shares the lists of cached answers). */
function itemsJson(items: readonly Candidate[]): string {
  let text = lists.get(items);
  if (text === undefined) {
    text = `[${items.map(candidateJson).join(',')}]`;
    if (Object.isFrozen(items)) lists.set(items, text);
  }
  return text;
}

/** Envelopes (all but requestId and items) that passed the contract, by their JSON. */
const envelopes = new Set<string>();

/** Checks the envelope: in full the first time a placement/strategy/variant/model combination is seen, then its requestId. */
function checkEnvelope(response: RecommendationBatchResponse['results'][number]): void {
  const { requestId, items, ...rest } = response;
  const key = JSON.stringify(rest);
  if (envelopes.has(key) && Array.isArray(items) && items.length <= MAX_RECOMMENDATIONS && OpaqueId.safeParse(requestId).success) return;
  const checked = ResponseEnvelope.safeParse(response);
  if (!checked.success) throw new Error(`recommendation answer breaks the contract: ${checked.error.issues[0]?.message}`);
  if (envelopes.size >= 10_000) envelopes.clear();
  envelopes.add(key);
}

/**
 * Serialises one placement's answer exactly as `JSON.stringify` would, reusing the JSON of cached candidates and
 * lists.
 * @throws Error when the envelope breaks the contract (a bug, answered 500).
 */
export function serializeResponse(response: RecommendationBatchResponse['results'][number]): string {
  checkEnvelope(response);
  const { items, ...envelope } = response;
  const head = JSON.stringify({ ...envelope, items: 0 });
  return `${head.slice(0, -2)}${itemsJson(items)}}`;
}

/** Serialises a batch answer (`{"results":[...]}`). */
export function serializeBatch(batch: RecommendationBatchResponse): string {
  return `{"results":[${batch.results.map(serializeResponse).join(',')}]}`;
}
