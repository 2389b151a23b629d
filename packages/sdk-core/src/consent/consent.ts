import type { ConsentState } from '../contracts/events.js';
import type { Kv } from '../identity/kv.js';
import { DEV, DEV_HINT } from '../tracking/build.js';

/** Where the choice is kept (`localStorage`, else a first-party cookie). */
export const CONSENT_KEY = 'focal.consent';

/** Checks a `consent()` argument; throws a `TypeError` naming the field to fix. */
export function checkConsent(choice: unknown): ConsentState {
  const c = choice as ConsentState;
  for (const field of ['analytics', 'personalization'] as const) {
    if (typeof c?.[field] !== 'boolean') {
      throw new TypeError(DEV
        ? `consent: ${field} must be true or false; got ${JSON.stringify(c?.[field])}. Call consent({ analytics: true, personalization: false })`
        : `focal: consent ${field} must be true or false${DEV_HINT}`);
    }
  }
  return { analytics: c.analytics, personalization: c.personalization };
}

/**
 * The consent in force when the SDK starts: a choice the shopper made earlier (stored by `consent()`), else a
 * refusal when Global Privacy Control is on and honoured, else `null` (undecided: buffer in memory) when
 * consent is required, else granted.
 */
export function initialConsent(kv: Kv, requireConsent: boolean, honorGpc: boolean, gpc: unknown): ConsentState | null {
  try {
    const stored = kv.get(CONSENT_KEY);
    if (stored) return checkConsent(JSON.parse(stored));
  } catch { /* unreadable: decide again */ }
  if (honorGpc && gpc === true) return { analytics: false, personalization: false };
  return requireConsent ? null : { analytics: true, personalization: true };
}

/** Remembers the shopper's choice (the only thing written for a refusal). */
export function storeConsent(kv: Kv, state: ConsentState): void {
  kv.set(CONSENT_KEY, JSON.stringify(state));
}
