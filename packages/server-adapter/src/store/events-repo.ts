import type { EventType, FocalEvent } from '@focal/sdk-core/contracts';
import type { Queryable } from './sql-client.js';
import { iso, json } from './rows.js';

/** An event ready to store: the validated event plus what the server knows about its arrival. */
export interface NewEvent {
  event: FocalEvent;
  /** Server clock when the request arrived. */
  receivedAt: Date;
  /** `createdAt` corrected for the client's clock skew. */
  eventTime: Date;
  /**
   * The profile the event shapes, when it shapes one (ingest): stored with the event, in the same statement, as not
   * yet applied to it (`profile_pending`, migration 0008). Left out by bulk imports, whose profiles are built in bulk.
   */
  profileKey?: string;
}

/** An event as stored. */
export interface StoredEvent {
  seq: number;
  id: string;
  siteKey: string;
  type: EventType;
  anonymousId: string;
  userId?: string;
  sessionId: string;
  createdAt: string;
  receivedAt: string;
  eventTime: string;
  event: FocalEvent;
}

/** Filters for reading events back; every field is optional. */
export interface EventQuery {
  siteKey?: string;
  /** Inclusive lower bound on the (skew-corrected) event time. */
  from?: Date;
  /** Exclusive upper bound on the event time. */
  to?: Date;
  types?: EventType[];
  anonymousId?: string;
  userId?: string;
  /** Only events with a larger `seq` (tailing). */
  afterSeq?: number;
  /** Default 1000, at most 10,000. */
  limit?: number;
}

/** A place in the export order: after the event of this `seq`, written by transaction `tx` (`tx_id`, as text). */
export interface ExportPosition {
  tx: string;
  seq: number;
}

/** One page of an export ({@link EventsRepo.exportPage}). */
export interface ExportPage {
  /** Events whose transaction no open transaction precedes, in (`tx_id`, `seq`) order. */
  events: StoredEvent[];
  /** Position of the page's last event, where the next page starts; undefined for an empty page. */
  last?: ExportPosition;
  /**
   * Committed events matching the filters, past the page's start, that the export holds back for now because a
   * transaction older than theirs is still open (PostgreSQL; 0 on PGlite): asking again later returns them.
   */
  heldBack: number;
}

/** The columns of an event {@link toStored} reads. */
export const EVENT_COLUMNS = 'seq, id, site_key, type, anonymous_id, user_id, session_id, created_at, received_at, event_time, payload';

/** The oldest transaction still open when the statement's snapshot was taken (or the next one, none being open). */
const HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())';

/** WHERE clauses (and their parameters, `$1`...) of an {@link EventQuery}'s filters, except `afterSeq` and `limit`. */
function filtersOf(query: EventQuery): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (query.siteKey) add('site_key = ?', query.siteKey);
  if (query.from) add('event_time >= ?', query.from.toISOString());
  if (query.to) add('event_time < ?', query.to.toISOString());
  if (query.types?.length) add('type = ANY(?::text[])', query.types);
  if (query.anonymousId) add('anonymous_id = ?', query.anonymousId);
  if (query.userId) add('user_id = ?', query.userId);
  return { where, params };
}

/** An events row (the {@link EVENT_COLUMNS}) as a {@link StoredEvent}. */
export function toStored(row: Record<string, unknown>): StoredEvent {
  return {
    seq: Number(row.seq),
    id: String(row.id),
    siteKey: String(row.site_key),
    type: row.type as EventType,
    anonymousId: String(row.anonymous_id),
    ...(row.user_id != null ? { userId: String(row.user_id) } : {}),
    sessionId: String(row.session_id),
    createdAt: iso(row.created_at),
    receivedAt: iso(row.received_at),
    eventTime: iso(row.event_time),
    event: json<FocalEvent>(row.payload),
  };
}

/** The events table: append-only, idempotent by event id. */
export function eventsRepo(db: Queryable) {
  return {
    /**
     * Stores events atomically per id: an id already stored is skipped (INSERT ... ON CONFLICT DO NOTHING).
     * @returns the ids stored now, each with its `seq`; the ids missing from the map were duplicates.
     */
    async insert(siteKey: string, events: NewEvent[], on: Queryable = db): Promise<Map<string, number>> {
      if (!events.length) return new Map();
      // Small batches (ingest): one array per column (unnest). Large ones (a batch of 201-500 events, seeding): one
      // JSON document (jsonb_to_recordset), which parses faster at thousands of rows. Either way a single statement.
      // Both insert in id order: processes storing the same ids at once (a retry that reached another process) then
      // wait for each other in one order and never deadlock; uuidv7 ids sort as the SDK created them.
      // Events that shape a profile are queued for it by the same statement (a data-modifying WITH): stored and pending,
      // or neither.
      const queue = events.some((e) => e.profileKey);
      const queued = (keys: string) => (insert: string) => (!queue ? insert : `WITH stored AS (${insert}),
           queued AS (INSERT INTO profile_pending (id, site_key, profile_key)
             SELECT stored.id, $1, k.profile_key FROM stored JOIN ${keys} ON k.id = stored.id WHERE k.profile_key IS NOT NULL)
           SELECT id, seq FROM stored`);
      const small = queued('unnest($2::uuid[], $11::text[]) AS k(id, profile_key)');
      const large = queued('jsonb_to_recordset($2::jsonb) AS k(id uuid, profile_key text)');
      const result = events.length <= 200
        ? await on.query<{ id: string; seq: number }>(small(
          `INSERT INTO events (id, site_key, type, anonymous_id, user_id, session_id, created_at, received_at, event_time, payload)
           SELECT x.id, $1, x.type, x.anonymous_id, x.user_id, x.session_id, x.created_at, x.received_at, x.event_time, x.payload
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::jsonb[])
             AS x(id, type, anonymous_id, user_id, session_id, created_at, received_at, event_time, payload)
           ORDER BY x.id
           ON CONFLICT (id) DO NOTHING
           RETURNING id, seq`),
          [
            siteKey,
            events.map((e) => e.event.id),
            events.map((e) => e.event.type),
            events.map((e) => e.event.anonymousId),
            events.map((e) => e.event.userId ?? null),
            events.map((e) => e.event.sessionId),
            events.map((e) => e.event.createdAt),
            events.map((e) => e.receivedAt.toISOString()),
            events.map((e) => e.eventTime.toISOString()),
            events.map((e) => JSON.stringify(e.event)),
            ...(queue ? [events.map((e) => e.profileKey ?? null)] : []),
          ],
        )
        : await on.query<{ id: string; seq: number }>(large(
          `INSERT INTO events (id, site_key, type, anonymous_id, user_id, session_id, created_at, received_at, event_time, payload)
           SELECT x.id, $1, x.type, x.anonymous_id, x.user_id, x.session_id, x.created_at, x.received_at, x.event_time, x.payload
           FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, type text, anonymous_id text, user_id text, session_id text,
             created_at timestamptz, received_at timestamptz, event_time timestamptz, payload jsonb)
           ORDER BY x.id
           ON CONFLICT (id) DO NOTHING
           RETURNING id, seq`),
          [siteKey, JSON.stringify(events.map(({ event, receivedAt, eventTime, profileKey }) => ({
            id: event.id, type: event.type, anonymous_id: event.anonymousId, user_id: event.userId ?? null, session_id: event.sessionId,
            created_at: event.createdAt, received_at: receivedAt.toISOString(), event_time: eventTime.toISOString(), payload: event,
            profile_key: profileKey ?? null,
          })))],
        );
      return new Map(result.rows.map((r) => [String(r.id), Number(r.seq)]));
    },

    /**
     * Events matching the filters, in `seq` order. Paging on with the last `seq` can miss an event whose transaction
     * commits after a later seq was read: a consumer that must see every event pages with {@link exportPage}.
     */
    async list(query: EventQuery = {}): Promise<StoredEvent[]> {
      const { where, params } = filtersOf(query);
      if (query.afterSeq !== undefined) {
        params.push(query.afterSeq);
        where.push(`seq > $${params.length}`);
      }
      const limit = Math.min(Math.max(1, query.limit ?? 1000), 10_000);
      const result = await db.query(
        `SELECT ${EVENT_COLUMNS} FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ${limit}`,
        params,
      );
      return result.rows.map(toStored);
    },

    /**
     * A page of an export that never skips an event, however transactions interleave: events matching the filters
     * past `after` (a position from the previous page) or else past the event of seq `afterSeq`, in (`tx_id`, `seq`)
     * order, leaving out those whose transaction is not older than every transaction still open. A `seq` is taken at
     * insert, not at commit, so paging by `seq` alone skipped an event whose transaction committed after a later seq
     * was read; an event left out here commits with a transaction id above every one returned, so it comes after them.
     * An `afterSeq` whose event was erased resumes from the lowest transaction that wrote a later seq.
     */
    async exportPage(query: EventQuery & { after?: ExportPosition }): Promise<ExportPage> {
      const { where, params } = filtersOf(query);
      const param = (value: unknown) => `$${params.push(value)}`;
      let cursor = '';
      if (query.after) {
        const { tx, seq } = query.after;
        if (typeof tx !== 'string' || !/^\d{1,20}$/.test(tx) || !Number.isSafeInteger(seq) || seq < 0) {
          throw new TypeError(`after must be the position of a page's last event ({ tx: "<digits>", seq: <whole number> }), got ${JSON.stringify(query.after)?.slice(0, 80)}`);
        }
        cursor = `(tx_id, seq) > (${param(query.after.tx)}::xid8, ${param(query.after.seq)}::int8)`;
      } else if (query.afterSeq) {
        const seq = param(query.afterSeq);
        // the event's own transaction; OFFSET 0 keeps the planner on the seq index (not a walk of events_tx_seq)
        cursor = `(tx_id, seq) > (coalesce((SELECT tx_id FROM events WHERE seq = ${seq}::int8),
          (SELECT min(tx_id) FROM (SELECT tx_id FROM events WHERE seq > ${seq}::int8 OFFSET 0) later)), ${seq}::int8)`;
      }
      const all = cursor ? [...where, cursor] : where;
      const limit = Math.min(Math.max(1, query.limit ?? 1000), 10_000);
      // One statement, one snapshot: the horizon, the page and the count of what it holds back agree. The count
      // reads the few rows past the horizon through events_tx_seq (OFFSET 0: not the site's whole index on PGlite,
      // whose planner has no statistics), then filters them.
      const result = await db.query<Record<string, unknown> & { tx: string | null; held_back: number }>(
        `WITH page AS (
           SELECT ${EVENT_COLUMNS}, tx_id FROM events WHERE ${[`tx_id < ${HORIZON}`, ...all].join(' AND ')}
           ORDER BY tx_id, seq LIMIT ${limit})
         SELECT page.*, page.tx_id::text AS tx,
           (SELECT count(*) FROM (SELECT * FROM events WHERE tx_id >= ${HORIZON} OFFSET 0) held
            ${all.length ? `WHERE ${all.join(' AND ')}` : ''})::int AS held_back
         FROM (SELECT 1) one LEFT JOIN page ON true ORDER BY page.tx_id, page.seq`,
        params,
      );
      const rows = result.rows.filter((row) => row.tx !== null);
      const tail = rows[rows.length - 1];
      return {
        events: rows.map(toStored),
        ...(tail ? { last: { tx: String(tail.tx), seq: Number(tail.seq) } } : {}),
        heldBack: Number(result.rows[0]?.held_back ?? 0),
      };
    },

    /**
     * A page of a shopper's events after `afterSeq`, in `seq` order, with no cap on how many pages: those of the user
     * id, and those of the anonymous ids that carry no user id (another user's events under a shared id are not theirs).
     * Page on with the last `seq` (GDPR export).
     */
    async listShopper(siteKey: string, who: { userId?: string; anonymousIds: string[] }, afterSeq: number, limit: number): Promise<StoredEvent[]> {
      const anonymous = 'anonymous_id = ANY($2::text[]) AND user_id IS NULL';
      const result = await db.query(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE site_key = $1 AND ${who.userId ? `(user_id = $5 OR (${anonymous}))` : anonymous} AND seq > $3
         ORDER BY seq LIMIT $4`,
        [siteKey, who.anonymousIds, afterSeq, Math.max(1, Math.floor(limit)), ...(who.userId ? [who.userId] : [])],
      );
      return result.rows.map(toStored);
    },

    /** Whether an event id is stored. */
    async has(id: string): Promise<boolean> {
      const result = await db.query('SELECT 1 FROM events WHERE id = $1::uuid', [id]);
      return result.rows.length > 0;
    },

    /** Number of events, optionally for one site. */
    async count(siteKey?: string): Promise<number> {
      const result = await db.query<{ n: number }>(
        siteKey ? 'SELECT count(*)::int AS n FROM events WHERE site_key = $1' : 'SELECT count(*)::int AS n FROM events',
        siteKey ? [siteKey] : [],
      );
      return Number(result.rows[0]?.n ?? 0);
    },

    /** Largest `seq` stored (0 when empty): where a tailing view starts. */
    async lastSeq(): Promise<number> {
      const result = await db.query<{ n: number }>('SELECT coalesce(max(seq), 0)::int8 AS n FROM events');
      return Number(result.rows[0]?.n ?? 0);
    },

    /**
     * Deletes every event of a shopper on a site: by user id and/or by any of the anonymous ids.
     * @returns how many events were deleted.
     */
    async deleteShopper(siteKey: string, who: { userId?: string; anonymousIds?: string[] }, on: Queryable = db): Promise<number> {
      const result = await on.query<{ id: string }>(
        `DELETE FROM events WHERE site_key = $1 AND (($2::text IS NOT NULL AND user_id = $2) OR anonymous_id = ANY($3::text[]))
         RETURNING id`,
        [siteKey, who.userId ?? null, who.anonymousIds ?? []],
      );
      return result.rows.length;
    },
  };
}
export type EventsRepo = ReturnType<typeof eventsRepo>;
