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

/** JSON of a candidate, memoised per (frozen, cached) candidate object. */
function candidateJson(candidate: Candidate): string {
  let text = json.get(candidate);
  if (text === undefined) {
    text = JSON.stringify(candidate);
    if (Object.isFrozen(candidate)) json.set(candidate, text);
  }
  return text;
}

/** Envelopes (all but requestId and items) that passed the contract, by their JSON. */
const envelopes = new Set<string>();

/** A requestId as `randomUUID()` writes it: valid for the contract (`OpaqueId`) and needs no JSON escaping. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
 * UTF-8 bytes of everything after the requestId (`,"placement":…,"items":[…]}`) of checked envelopes, per frozen items
 * list (shared by every answer served from the same cached list) and envelope. Kept as bytes only: an answer served
 * from the cache is written as its requestId head plus these bytes, without building or encoding the whole text.
 */
const tails = new WeakMap<readonly Candidate[], Map<string, Buffer>>();

/** The envelope key of an answer whose keys are exactly those the service writes, in its order; else undefined. */
function plainKey(response: RecommendationBatchResponse['results'][number]): string | undefined {
  let i = 0;
  for (const name in response) {
    const expected = i === 0 ? 'requestId' : i === 1 ? 'placement' : i === 2 ? 'strategy' : undefined;
    if (expected ? name !== expected : name !== 'variant' && name !== 'modelVersion' && name !== 'items') return undefined;
    i++;
  }
  const { placement, strategy, variant, modelVersion } = response;
  if (typeof placement !== 'string' || typeof strategy !== 'string') return undefined;
  if ((variant !== undefined && typeof variant !== 'string') || (modelVersion !== undefined && typeof modelVersion !== 'string')) return undefined;
  return `${placement}\u0000${strategy}\u0000${variant ?? '\u0001'}\u0000${modelVersion ?? '\u0001'}`;
}

/** Text and UTF-8 bytes that, written one after the other, make a JSON document. */
export type JsonChunks = Array<string | Uint8Array>;

/**
 * One placement's answer as chunks whose concatenation is exactly what `JSON.stringify` writes: an answer over a
 * cached (frozen) item list is its requestId head plus the shared bytes of the rest.
 * @throws Error when the envelope breaks the contract (a bug, answered 500).
 */
export function serializeResponseChunks(response: RecommendationBatchResponse['results'][number]): JsonChunks {
  const { requestId, items } = response;
  const key = Object.isFrozen(items) && typeof requestId === 'string' && UUID.test(requestId) && items.length <= MAX_RECOMMENDATIONS
    ? plainKey(response) : undefined;
  if (key === undefined) return [serializeChecked(response)];
  let byEnvelope = tails.get(items);
  let tail = byEnvelope?.get(key);
  if (tail === undefined) {
    const whole = serializeChecked(response);
    tail = Buffer.from(whole.slice(whole.indexOf('"', 14) + 1));
    if (!byEnvelope) tails.set(items, (byEnvelope = new Map()));
    byEnvelope.set(key, tail);
    return [whole];
  }
  return [`{"requestId":"${requestId}"`, tail];
}

/** Serialises one placement's answer exactly as `JSON.stringify` would (see {@link serializeResponseChunks}). */
export function serializeResponse(response: RecommendationBatchResponse['results'][number]): string {
  return chunksToString(serializeResponseChunks(response));
}

/** A batch answer (`{"results":[...]}`) as chunks (see {@link serializeResponseChunks}). */
export function serializeBatchChunks(batch: RecommendationBatchResponse): JsonChunks {
  const out: JsonChunks = ['{"results":['];
  batch.results.forEach((result, i) => {
    if (i) out.push(',');
    out.push(...serializeResponseChunks(result));
  });
  out.push(']}');
  return out;
}

/** Serialises a batch answer (`{"results":[...]}`) exactly as `JSON.stringify` would. */
export function serializeBatch(batch: RecommendationBatchResponse): string {
  return chunksToString(serializeBatchChunks(batch));
}

function chunksToString(chunks: JsonChunks): string {
  return chunks.map((c) => (typeof c === 'string' ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('utf8'))).join('');
}

/** Checks the envelope (see `checkEnvelope`) and serialises the answer. */
function serializeChecked(response: RecommendationBatchResponse['results'][number]): string {
  checkEnvelope(response);
  const { items, ...envelope } = response;
  const head = JSON.stringify({ ...envelope, items: 0 });
  return `${head.slice(0, -2)}[${items.map(candidateJson).join(',')}]}`;
}
