/** The one tracker call widgets use (`createFocal().track`, issue 4). */
export interface TrackerLike {
  track(type: string, properties: Record<string, unknown>): unknown;
}

/** Tracks without ever throwing into the page: a rejected or throwing `track` is ignored. */
export function safeTrack(tracker: TrackerLike | undefined, type: string, properties: Record<string, unknown>): void {
  try {
    const out = tracker?.track(type, properties) as Promise<unknown> | undefined;
    out?.catch?.(() => undefined);
  } catch {
    // a bad event must not break the widget
  }
}

/**
 * Impressions sent on this page (the newest 1000), by key: `placement|requestId|productId` for a recommendation,
 * `slot|promotionId` for a promotion. True the first time a key is given (a Set's size grows only for a new one),
 * whichever connector, mount or layout shows it.
 */
const sent = new Set<string>();
export function firstOnPage(key: string): boolean {
  if (sent.size === sent.add(key).size) return false;
  if (sent.size > 1000) sent.delete(sent.values().next().value!);
  return true;
}
