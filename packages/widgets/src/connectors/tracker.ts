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
