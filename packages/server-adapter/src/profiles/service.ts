import type { FocalEvent, Product, Profile } from '@focal/sdk-core/contracts';
import { eventsRepo, type StoredEvent } from '../store/events-repo.js';
import { profileKey, type ProfileKey } from '../store/profiles-repo.js';
import type { Queryable } from '../store/sql-client.js';
import type { Store } from '../store/store.js';
import { applyEvent, emptyProfile, mergeProfiles, productIdsOf, type ProfileDocument } from './builder.js';

/** The shopper a profile request is about. */
export type ProfileSubject = { userId: string; anonymousId?: string } | { userId?: undefined; anonymousId: string };

/** Whether an event may shape a profile: only with the shopper's consent to personalisation. */
const personalises = (event: FocalEvent) => event.consent.personalization;

async function productFacts(store: Store, siteKey: string, events: StoredEvent[]): Promise<Map<string, Product>> {
  const ids = [...new Set(events.flatMap((e) => productIdsOf(e.event)))];
  return new Map((await store.catalog.get(siteKey, ids)).map((p) => [p.id, p]));
}

/**
 * Updates the profiles of the shoppers in a batch of newly stored events (grouped per shopper, each in its own
 * transaction with a row lock, so processes sharing one PostgreSQL never lose an update). An `identify` event with a
 * user id merges the anonymous profile it names into the user's.
 */
export async function updateProfiles(store: Store, events: StoredEvent[]): Promise<void> {
  const bySite = new Map<string, StoredEvent[]>();
  for (const e of events) if (personalises(e.event)) bySite.set(e.siteKey, [...(bySite.get(e.siteKey) ?? []), e]);
  for (const [siteKey, siteEvents] of bySite) {
    const products = await productFacts(store, siteKey, siteEvents);
    const byKey = new Map<ProfileKey, StoredEvent[]>();
    for (const e of siteEvents) {
      const key = profileKey(e.event);
      byKey.set(key, [...(byKey.get(key) ?? []), e]);
    }
    for (const [key, group] of byKey) {
      group.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
      await store.sql.transaction(async (tx) => {
        const first = group[0]!.event;
        let doc = (await store.profiles.lock(siteKey, key, tx)) ?? emptyProfile(first);
        for (const e of group) {
          if (e.event.type === 'identify' && e.event.userId) doc = await absorbAnonymous(store, siteKey, doc, e.event, tx);
          doc = applyEvent(doc, e.event, e.eventTime, products);
        }
        await store.profiles.put(siteKey, key, doc, tx);
      });
    }
  }
}

async function absorbAnonymous(store: Store, siteKey: string, doc: ProfileDocument, event: FocalEvent, tx: Queryable): Promise<ProfileDocument> {
  const ids = [...new Set([event.anonymousId, event.type === 'identify' ? event.properties.previousAnonymousId : undefined])].filter(Boolean) as string[];
  let merged = doc;
  for (const id of ids) {
    const anonymous = await store.profiles.get(siteKey, `a:${id}`, tx);
    const absorbed = merged.state.absorbed ?? [];
    if (anonymous && !absorbed.includes(id)) {
      merged = mergeProfiles(merged, anonymous);
      merged.state.absorbed = [...absorbed, id];
    }
  }
  return merged;
}

/** Builds profiles for a whole history in memory and writes them in bulk (seeding). @returns how many. */
export async function rebuildProfiles(store: Store, siteKey: string, events: FocalEvent[], products: Product[]): Promise<number> {
  const facts = new Map(products.map((p) => [p.id, p]));
  const docs = new Map<ProfileKey, ProfileDocument>();
  for (const event of events) {
    if (!personalises(event)) continue;
    const key = profileKey(event);
    docs.set(key, applyEvent(docs.get(key) ?? emptyProfile(event), event, event.createdAt, facts));
  }
  const entries = [...docs.entries()];
  await store.sql.transaction(async (tx) => {
    for (let i = 0; i < entries.length; i += 2000) await store.profiles.putMany(siteKey, entries.slice(i, i + 2000), tx);
  });
  return entries.length;
}

/** The public profile of a subject (an empty one when nothing is known). */
export async function readProfile(store: Store, siteKey: string, subject: ProfileSubject): Promise<Profile> {
  const doc = await store.profiles.get(siteKey, profileKey(subject));
  return (doc ?? emptyProfile(subject.userId ? { userId: subject.userId } : { anonymousId: subject.anonymousId! })).profile;
}

/** Anonymous ids tied to a user: those of the user's events and the `previousAnonymousId` of their identify events. */
export async function linkedAnonymousIds(db: Queryable, siteKey: string, userId: string): Promise<string[]> {
  const result = await db.query<{ id: string | null }>(
    `SELECT DISTINCT anonymous_id AS id FROM events WHERE site_key = $1 AND user_id = $2
     UNION SELECT DISTINCT payload->'properties'->>'previousAnonymousId' AS id FROM events WHERE site_key = $1 AND user_id = $2 AND type = 'identify'`,
    [siteKey, userId],
  );
  return result.rows.flatMap((r) => (r.id ? [r.id] : []));
}

/**
 * The events of a subject: a user's are theirs plus the anonymous events of their linked anonymous ids; an
 * anonymous shopper's are only the events of that id that carry no user id.
 */
export async function subjectEvents(db: Queryable, siteKey: string, subject: ProfileSubject): Promise<StoredEvent[]> {
  const events = eventsRepo(db);
  if (!subject.userId) return (await events.list({ siteKey, anonymousId: subject.anonymousId, limit: 10_000 })).filter((e) => !e.userId);
  const linked = await linkedAnonymousIds(db, siteKey, subject.userId);
  const mine = await events.list({ siteKey, userId: subject.userId, limit: 10_000 });
  const anonymous = (await Promise.all(linked.map((id) => events.list({ siteKey, anonymousId: id, limit: 10_000 })))).flat().filter((e) => !e.userId);
  return [...mine, ...anonymous].sort((a, b) => a.seq - b.seq);
}

/** What an erasure removed (counts only). */
export interface Erasure {
  profiles: number;
  events: number;
}

/**
 * GDPR Art. 17: removes a subject's profile(s) and events in one transaction and records in the audit log that an
 * erasure happened (who asked, counts and request id; never the ids or data erased).
 */
export async function eraseSubject(store: Store, siteKey: string, subject: ProfileSubject, requestId?: string): Promise<Erasure> {
  return store.sql.transaction(async (tx) => {
    let events: number;
    let keys: ProfileKey[];
    if (subject.userId) {
      const linked = await linkedAnonymousIds(tx, siteKey, subject.userId);
      keys = [`u:${subject.userId}`, ...linked.map((id) => `a:${id}` as const)];
      events = (await tx.query(
        'DELETE FROM events WHERE site_key = $1 AND (user_id = $2 OR anonymous_id = ANY($3::text[])) RETURNING seq', [siteKey, subject.userId, linked],
      )).rows.length;
    } else {
      keys = [`a:${subject.anonymousId}`];
      events = (await tx.query(
        'DELETE FROM events WHERE site_key = $1 AND anonymous_id = $2 AND user_id IS NULL RETURNING seq', [siteKey, subject.anonymousId],
      )).rows.length;
    }
    const profiles = await store.profiles.delete(siteKey, keys, tx);
    await store.audit.record({
      siteKey, actor: subject.userId ? 'user' : 'anonymous', action: 'profile.delete',
      details: { profiles, events, ...(requestId ? { requestId } : {}) },
    }, tx);
    return { profiles, events };
  });
}
