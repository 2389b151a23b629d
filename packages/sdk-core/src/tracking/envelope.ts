import { uuidv7 } from '../identity/uuidv7.js';
import type { ConsentState, EventType, FocalEvent, PageContext } from '../contracts/events.js';

/** Where the shopper is, read at `track()` time. Undefined outside a browser. */
export function pageContext(): PageContext | undefined {
  if (typeof location === 'undefined') return undefined;
  const page: PageContext = { url: location.href.slice(0, 2048) };
  const referrer = typeof document !== 'undefined' ? document.referrer : '';
  if (referrer) page.referrer = referrer.slice(0, 2048);
  return page;
}

export interface EnvelopeParts {
  type: EventType;
  properties: unknown;
  /** Client clock (ms) at `track()`. */
  at: number;
  page: PageContext | undefined;
  anonymousId: string;
  userId: string | undefined;
  sessionId: string;
  consent: ConsentState;
}

/** Builds an event: a new UUIDv7 id (the idempotency key, kept across retries), `createdAt`, ids, page, consent. */
export function buildEvent(p: EnvelopeParts): FocalEvent {
  const event = {
    id: uuidv7(),
    type: p.type,
    createdAt: new Date(p.at).toISOString(),
    anonymousId: p.anonymousId,
    sessionId: p.sessionId,
    consent: { ...p.consent },
    properties: p.properties,
  } as FocalEvent;
  if (p.userId) event.userId = p.userId;
  if (p.page) event.page = p.page;
  return event;
}
