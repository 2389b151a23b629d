/** Size limits that are part of the wire contract. Both the SDK and the adapter enforce them. */

/** Largest serialised event, in UTF-8 bytes (32 kB). */
export const MAX_EVENT_BYTES = 32 * 1024;
/** Largest serialised batch body, in UTF-8 bytes (1 MB). */
export const MAX_BATCH_BYTES = 1024 * 1024;
/** Most events in one batch. */
export const MAX_BATCH_EVENTS = 500;
/** Most candidates the adapter returns for one placement. */
export const MAX_RECOMMENDATIONS = 200;
/** Most placements in one recommendations request. */
export const MAX_PLACEMENTS_PER_REQUEST = 12;
/** Most context product ids in one recommendation request. */
export const MAX_CONTEXT_ITEMS = 50;

const encoder = /* @__PURE__ */ new TextEncoder();

/** UTF-8 byte length of a string. */
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}
