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

/** Events a widget keeps while it has no tracker (the latest). */
export const MAX_UNTRACKED = 100;

/**
 * The tracker `current()` gives, for a widget whose tracker may come after its first render (an app that creates it
 * once the shopper consented, or in an effect after hydration): until there is one, the events (the latest
 * {@link MAX_UNTRACKED}) are kept and `flush()` hands them to it, in order, once there is. Impressions are counted once
 * on the page whether or not a tracker was there to hear them, so without this they were lost.
 */
export function lateTracker(current: () => TrackerLike | undefined): TrackerLike & { flush(): void } {
  const held: Array<[string, Record<string, unknown>]> = [];
  const flush = () => {
    const tracker = current();
    if (tracker) for (const [type, properties] of held.splice(0)) safeTrack(tracker, type, properties);
  };
  return {
    flush,
    track(type, properties) {
      flush();
      const tracker = current();
      if (tracker) return tracker.track(type, properties);
      if (held.push([type, properties]) > MAX_UNTRACKED) held.shift();
    },
  };
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
