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

let encoder: TextEncoder | undefined;
let scratch: Uint8Array | undefined;

/**
 * UTF-8 byte length of a string. A string of up to 2,730 UTF-16 units (every event the SDK usually builds) is
 * encoded into one reused 8 kB buffer instead of a new array each time (the track bench counts every event twice).
 */
export function byteLength(text: string): number {
  encoder ??= new TextEncoder();
  scratch ??= new Uint8Array(8192);
  return text.length * 3 <= scratch.length ? encoder.encodeInto(text, scratch).written : encoder.encode(text).length;
}
