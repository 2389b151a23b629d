import { FocalEvent, EVENT_TYPES } from './events.js';
import { describeError, type ContractProblem } from './errors.js';
import { byteLength, MAX_EVENT_BYTES } from './limits.js';
import { findPersonalData } from './personal-data.js';

/** A check's answer; on success `json` may carry the value's JSON as the check serialised it (the SDK stores that). */
export type Validated<T> = { ok: true; value: T; json?: string } | { ok: false; problems: ContractProblem[] };

/**
 * Validates one event against the contract: its shape, the 32 kB size limit, and that its properties
 * hold no e-mail address or card number. Problems name the field and say what to fix.
 */
export function validateEvent(input: unknown): Validated<FocalEvent> {
  if (input && typeof input === 'object' && 'type' in input) {
    const type = (input as { type: unknown }).type;
    if (typeof type !== 'string' || !(EVENT_TYPES as string[]).includes(type)) {
      return fail('type', `type must be one of ${EVENT_TYPES.join(', ')}; got ${JSON.stringify(type)}`);
    }
  }
  const parsed = FocalEvent.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: describeError(parsed.error) };
  const json = JSON.stringify(parsed.data);
  if (json.includes('\\u0000')) {
    return fail('(root)', 'event contains a NUL character (\\u0000); remove it — it is never meaningful and cannot be stored');
  }
  const bytes = byteLength(json);
  if (bytes > MAX_EVENT_BYTES) {
    return fail('(root)', `event is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES} bytes. Send fewer or shorter properties`);
  }
  const pii = findPersonalData(parsed.data.properties, 'properties');
  if (pii) {
    return fail(pii.field, `${pii.field} looks like a ${pii.kind}; personal data must not be sent in event properties (use identify() with your own user id)`);
  }
  return { ok: true, value: parsed.data, json };
}

function fail(field: string, message: string): { ok: false; problems: ContractProblem[] } {
  return { ok: false, problems: [{ field, message }] };
}
