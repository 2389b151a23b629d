import type { ConsentState, EventPropsOf, EventType, FocalEvent } from './contracts/events.js';
import type { DeadLetter } from './storage/types.js';
import { firstPartyKv } from './identity/kv.js';
import { resolveOptions, type FocalOptions } from './tracking/options.js';
import type { StatsSignal } from './tracking/stats.js';
import { createTracker } from './tracking/tracker.js';

export type { FocalOptions } from './tracking/options.js';
export type { TrackingStats, StatsSignal } from './tracking/stats.js';
export type { DeadLetter } from './storage/types.js';
export { FocalValidationError } from './tracking/errors.js';

/** The SDK returned by `createFocal` (and exposed as `window.focal` by the script tag). */
export interface Focal {
  /** Validates and stores an event; resolves with its id once stored (null when consent was refused or it was evicted). */
  track<T extends EventType>(type: T, properties: EventPropsOf<T>): Promise<string | null>;
  /**
   * Sets the retailer's user id and sends an `identify` event carrying the previous anonymous id. `token` (the
   * signed-in shopper's JWT) is kept in memory from this call on, for authenticated requests (`userToken`).
   */
  identify(userId: string, options?: { token?: string; traits?: Record<string, string | number | boolean> }): Promise<string | null>;
  /** Records the shopper's choice; with `requireConsent`, buffered events are stored (granted) or purged (refused). */
  consent(choice: ConsentState): void;
  /** Forgets the ids: new anonymous id and session, no user id. */
  reset(): void;
  /** Stores pending calls and sends everything due now; resolves when that attempt is over. */
  flush(): Promise<void>;
  /** Queue counters as a signal: queued, inFlight, sent, deadLettered, dropped. */
  readonly stats: StatsSignal;
  /** Events given up on, with the reason. */
  deadLetters(): Promise<DeadLetter[]>;
  /** Hook for other modules (recommendations, reranker): hears each validated event once it is stored. Returns an unsubscriber. */
  onEvent(listener: (event: FocalEvent) => void): () => void;
  readonly anonymousId: string;
  readonly sessionId: string;
  readonly userId: string | undefined;
  /**
   * The token passed to `identify`, for authenticated calls (recommendations, content, profile reads); `undefined`
   * while personalisation is refused (the token makes the adapter answer from the shopper's profile).
   */
  readonly userToken: string | undefined;
  /** The consent in force, or null while undecided (`requireConsent`). */
  readonly consentState: ConsentState | null;
  /**
   * Stops timers and listeners and closes the IndexedDB connection once the calls made before it are stored (their
   * events stay queued for the next instance or page); later `track()`/`identify()` calls resolve `null` (tests,
   * single-page-app teardown).
   */
  destroy(): void;
}

/**
 * Creates the SDK. Throws a `TypeError` naming the option to fix when options are invalid.
 * @example
 * const focal = createFocal({ endpoint: 'https://shop.example/focal', siteKey: 'pk_shop' });
 * await focal.track('product_view', { productId: 'RB-3025-001' });
 */
export function createFocal(options: FocalOptions): Focal {
  const opts = resolveOptions(options);
  const gpc = typeof navigator === 'undefined' ? undefined : (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
  return createTracker(opts, firstPartyKv(), gpc);
}
