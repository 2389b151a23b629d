import type { EventType, FocalEvent, PageContext } from '@focal/sdk-core/contracts';
import { uuidv7At, type Random } from './prng.js';

const CONSENT = { analytics: true, personalization: true } as const;

/** Writes the events of one session: advances a clock, stamps UUIDv7 ids and the shopper's envelope. */
export class SessionWriter {
  /** Current time of the session, in epoch milliseconds. */
  t: number;
  userId: string | undefined;
  readonly events: FocalEvent[] = [];

  constructor(
    private readonly rng: Random,
    readonly anonymousId: string,
    readonly sessionId: string,
    start: number,
    userId: string | undefined,
  ) {
    this.t = start;
    this.userId = userId;
  }

  /** Lets `min`..`max` seconds pass (dwell, reading, typing). */
  wait(min: number, max: number): void {
    this.t += Math.round(this.rng.range(min, max) * 1000);
  }

  /** Appends one event at the current time (then moves the clock by a few ms so order is strict). */
  emit<T extends EventType>(type: T, properties: Extract<FocalEvent, { type: T }>['properties'], page: PageContext): void {
    const event = {
      id: uuidv7At(this.t, this.rng),
      type,
      createdAt: new Date(this.t).toISOString(),
      anonymousId: this.anonymousId,
      ...(this.userId ? { userId: this.userId } : {}),
      sessionId: this.sessionId,
      page,
      consent: CONSENT,
      properties,
    } as FocalEvent;
    this.events.push(event);
    this.t += 1 + this.rng.int(40);
  }
}

/** Page contexts of the demo storefront. */
export const pages = {
  home: (referrer?: string): PageContext => ({ url: '/', type: 'home', ...(referrer ? { referrer } : {}) }),
  category: (path: readonly string[], referrer?: string): PageContext => ({
    url: `/c/${path.map(slug).join('/')}`, type: 'category', ...(referrer ? { referrer } : {}),
  }),
  product: (id: string, referrer?: string): PageContext => ({
    url: `/products/${id}`, type: 'product', ...(referrer ? { referrer } : {}),
  }),
  search: (query: string): PageContext => ({ url: `/search?q=${encodeURIComponent(query)}`, type: 'search' }),
  cart: (): PageContext => ({ url: '/cart', type: 'cart' }),
  checkout: (): PageContext => ({ url: '/checkout', type: 'checkout' }),
  confirmation: (orderId: string): PageContext => ({ url: `/checkout/confirmation/${orderId}`, type: 'confirmation' }),
  account: (): PageContext => ({ url: '/account', type: 'account' }),
};

/** `Optical frames` → `optical-frames`. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
