/** Bytes the batch body adds around its events: `{"events":[` … `],"sentAt":"…","deadLettered":n}`. */
export const BODY_OVERHEAD = 80;

/** Bytes `batchBody` splices into each event: `,"sentAt":"2026-01-01T00:00:00.000Z"` (the adapter's 32 kB limit counts them). */
export const SENT_AT_BYTES = 36;

/** Bytes each event adds beyond its own: the comma and the sentAt above, with a little to spare. */
export const PER_EVENT_OVERHEAD = SENT_AT_BYTES + 4;

interface Sized { bytes: number }

/**
 * Takes the longest prefix of `items` (already in send order) that fits `maxEvents` and `maxBytes` of body;
 * always at least one item so an event near the limit still goes out alone.
 */
export function takeBatch<T extends Sized>(items: readonly T[], maxEvents: number, maxBytes: number): T[] {
  let bytes = BODY_OVERHEAD;
  let n = 0;
  for (; n < items.length && n < maxEvents; n++) {
    bytes += items[n].bytes + PER_EVENT_OVERHEAD;
    if (n && bytes > maxBytes) break;
  }
  return items.slice(0, n);
}

/** Splits `items` into consecutive chunks whose bodies each stay within `maxBytes` (see `takeBatch`). */
export function chunk<T extends Sized>(items: readonly T[], maxEvents: number, maxBytes: number): T[][] {
  const chunks: T[][] = [];
  for (let rest = items; rest.length; rest = rest.slice(chunks[chunks.length - 1].length)) chunks.push(takeBatch(rest, maxEvents, maxBytes));
  return chunks;
}

/**
 * Sends `items` with `send`, which answers false when the browser refuses a chunk (e.g. `sendBeacon` over its
 * quota); a refused chunk is halved and each half tried again, down to single events. Returns the items
 * that could not be sent at all, so the caller can use its fallback for them.
 */
export function sendHalving<T>(items: T[], send: (part: T[]) => boolean): T[] {
  if (!items.length || send(items)) return [];
  const mid = Math.ceil(items.length / 2);
  return items.length < 2 ? items : [...sendHalving(items.slice(0, mid), send), ...sendHalving(items.slice(mid), send)];
}

/**
 * The JSON body of `POST /v1/events` from events' JSON texts, with `sentAt` stamped on the batch and on every
 * event (spliced in before each event's closing brace: no re-serialisation), and the count of events this
 * device dead-lettered since it last reported (`deadLettered`, left out when 0).
 */
export function batchBody(events: readonly string[], sentAt: string, deadLettered = 0): string {
  const at = `"sentAt":"${sentAt}"`;
  return `{"events":[${events.map((json) => `${json.slice(0, -1)},${at}}`).join()}],${at}${deadLettered ? `,"deadLettered":${deadLettered}` : ''}}`;
}
