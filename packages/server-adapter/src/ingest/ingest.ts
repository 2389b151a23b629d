import { EventBatch, describeError, validateEvent, type EventBatchResult, type EventResult, type FocalEvent } from '@focal/sdk-core/contracts';
import { HttpError } from '../http/errors.js';
import type { NewEvent, StoredEvent } from '../store/events-repo.js';
import { profileKey } from '../store/profiles-repo.js';
import type { Store } from '../store/store.js';
import { healthField, healthReason } from './health.js';
import type { ResentEvent } from './hooks.js';
import { correctedTime } from './skew.js';
import { mayHoldLoneSurrogate, wellFormedJson } from '../store/well-formed.js';

/** The outcome of one batch: the wire answer plus the events stored now (for listeners). */
export interface IngestOutcome {
  result: EventBatchResult;
  stored: StoredEvent[];
  /**
   * The events of the batch stored before (duplicates of an earlier request, as sent now): a device sends stored
   * events again when it got no answer, and what follows from them may not have run (profiles catch up on them).
   */
  resent: ResentEvent[];
  /** Each rejected event's first problem, without the payload (for the pipeline health counters). */
  rejections: { reason: string; field: string }[];
  /** The batch's `deadLettered` count, when the SDK reported one. */
  deadLettered?: number;
}

/** Year 1: PostgreSQL has no year 0 (`0000-01-01T00:00:00Z` is a valid ISO time to JavaScript and the contract). */
const FIRST_STORABLE = Date.parse('0001-01-01T00:00:00Z');
/** Event times (createdAt corrected by the clock offset) before this cannot be when an event happened. */
const EARLIEST_EVENT_TIME = Date.UTC(1970, 0, 1);

/**
 * Why an event's times cannot be stored, or undefined: they are checked here, one event at a time, as the database
 * refused them with every event of the batch (a 500, the good events sent again until dead-lettered).
 */
function timeProblem(event: FocalEvent, eventTime: Date): { field: string; message: string } | undefined {
  if (Date.parse(event.createdAt) < FIRST_STORABLE) {
    return { field: 'createdAt', message: `createdAt must be a time from year 1 on; got ${JSON.stringify(event.createdAt.slice(0, 40))}` };
  }
  if (!(eventTime.getTime() >= EARLIEST_EVENT_TIME)) {
    return { field: 'createdAt', message: 'createdAt corrected by sentAt (the offset of the device clock from the server\'s) falls before 1970; send createdAt and sentAt from the same clock' };
  }
  return undefined;
}

/**
 * `validateEvent`, with an event nested so deeply that reading it overflows the stack (a few thousand levels of
 * arrays fit in one 1 MB body) rejected like any other bad event instead of failing the whole batch.
 */
function checkEvent(input: unknown): ReturnType<typeof validateEvent> {
  try {
    return validateEvent(input);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ok: false, problems: [{ field: '(root)', message: 'event is nested too deeply to be read; send flat properties' }] };
  }
}

/**
 * Validates each event of a batch on its own, stores the good ones (idempotently, by id) in one transaction and
 * answers per event. A bad event never fails its neighbours; an id stored before (or twice in the batch) is a duplicate.
 * @throws HttpError 400 when the body is not an `EventBatch` at all.
 */
export async function ingestBatch(store: Store, siteKey: string, body: unknown, receivedAt: Date): Promise<IngestOutcome> {
  const batch = EventBatch.safeParse(body);
  if (!batch.success) {
    const problem = describeError(batch.error)[0]!;
    throw new HttpError(400, 'invalid_batch', `${problem.message}; send { "events": [ ... ], "sentAt"?: ISO time }`, problem.field);
  }
  const results: EventResult[] = [];
  const rejections: IngestOutcome['rejections'] = [];
  const good: { index: number; sent: string; event: FocalEvent; eventTime: Date }[] = [];
  const seen = new Set<string>();
  batch.data.events.forEach((input, index) => {
    const id = input && typeof input === 'object' && typeof (input as { id?: unknown }).id === 'string'
      ? String((input as { id: string }).id).slice(0, 128) : undefined;
    const checked = checkEvent(input);
    const eventTime = checked.ok ? correctedTime(checked.value.createdAt, receivedAt, batch.data.sentAt ?? checked.value.sentAt) : undefined;
    const problems = checked.ok ? [timeProblem(checked.value, eventTime!)].filter((p) => p !== undefined) : checked.problems;
    if (problems.length) {
      const first = problems[0]!;
      results[index] = {
        index, ...(id ? { id } : {}), status: 'rejected',
        reason: problems.map((p) => p.message).join('; ').slice(0, 1000), field: `events.${index}.${first.field === '(root)' ? '' : first.field}`.replace(/\.$/, ''),
      };
      rejections.push({ reason: healthReason(first.message, first.field), field: healthField(first.field) });
      return;
    }
    if (!checked.ok) return; // (never: problems came with it)
    // The id column is a uuid, which PostgreSQL stores and returns in lower case: an id sent in capitals (Swift's
    // `uuidString`) is the same event as its lower-case spelling, and is stored (payload included) in lower case.
    // Text holding half a character (a lone UTF-16 surrogate: a title cut in the middle of an emoji) is stored with
    // U+FFFD in its place, as a UTF-8 encoder writes it: the database refuses it as sent, and with it every event of the
    // statement (the batch answered 500, its good events lost and sent again, in vain, until dead-lettered).
    const json = checked.json ?? JSON.stringify(checked.value);
    const value = mayHoldLoneSurrogate(json) ? JSON.parse(wellFormedJson(json)) as FocalEvent : checked.value;
    const sent = value.id;
    const event = sent === sent.toLowerCase() ? value : { ...value, id: sent.toLowerCase() };
    if (seen.has(event.id)) {
      results[index] = { index, id: sent, status: 'duplicate' };
      return;
    }
    seen.add(event.id);
    good.push({ index, sent, event, eventTime: eventTime! });
  });

  // an event with the shopper's consent to personalisation is stored as pending for their profile (profiles/service.ts)
  const rows: NewEvent[] = good.map(({ event, eventTime }) => ({
    event, receivedAt, eventTime,
    ...(event.consent.personalization ? { profileKey: profileKey(event) } : {}),
  }));
  const inserted = await store.events.insert(siteKey, rows);
  const stored: StoredEvent[] = [];
  const resent: ResentEvent[] = [];
  good.forEach(({ index, sent, event }, i) => {
    const isNew = inserted.has(event.id);
    // the id as sent: the SDK matches the answers to its queued events by it
    results[index] = { index, id: sent, status: isNew ? 'accepted' : 'duplicate' };
    if (!isNew) resent.push({ siteKey, event });
    if (isNew) {
      const row = rows[i]!;
      stored.push({
        seq: inserted.get(event.id)!, id: event.id, siteKey, type: event.type, anonymousId: event.anonymousId,
        ...(event.userId ? { userId: event.userId } : {}), sessionId: event.sessionId, createdAt: event.createdAt,
        receivedAt: receivedAt.toISOString(), eventTime: row.eventTime.toISOString(), event,
      });
    }
  });
  const count = (status: EventResult['status']) => results.filter((r) => r.status === status).length;
  return {
    result: { accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected'), results }, stored, resent, rejections,
    ...(batch.data.deadLettered !== undefined ? { deadLettered: batch.data.deadLettered } : {}),
  };
}
