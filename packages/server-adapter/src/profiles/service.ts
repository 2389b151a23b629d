import { LRUCache } from 'lru-cache';
import type { FocalEvent, Product, Profile } from '@focal/sdk-core/contracts';
import { eventsRepo, type StoredEvent } from '../store/events-repo.js';
import { profileKey, type ProfileKey } from '../store/profiles-repo.js';
import type { Queryable } from '../store/sql-client.js';
import type { Store } from '../store/store.js';
import { applyEvent, emptyProfile, type ProfileDocument } from './builder.js';
import { personalises, type ProductFacts } from './updater.js';

export { catchUpProfiles, CATCH_UP_AFTER_MS, updateProfiles, type ProductFacts } from './updater.js';

/** The shopper a profile request is about. */
export type ProfileSubject = { userId: string; anonymousId?: string } | { userId?: undefined; anonymousId: string };

/**
 * Product facts from the catalog through a small LRU (60 s), so most batches skip the catalog query. Catalog changes
 * reach profiles within the TTL; nothing here must be unique per process.
 */
export function cachedProductFacts(store: Store, onLookup?: (hit: boolean) => void): ProductFacts {
  const cache = new LRUCache<string, Product | false>({ max: 20_000, ttl: 60_000 });
  return async (siteKey, ids) => {
    const found = new Map<string, Product>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = cache.get(`${siteKey}\u0000${id}`);
      onLookup?.(hit !== undefined);
      if (hit === undefined) missing.push(id);
      else if (hit) found.set(id, hit);
    }
    if (missing.length) {
      const products = await store.catalog.get(siteKey, missing);
      const byId = new Map(products.map((p) => [p.id, p]));
      for (const id of missing) {
        const product = byId.get(id);
        cache.set(`${siteKey}\u0000${id}`, product ?? false);
        if (product) found.set(id, product);
      }
    }
    return found;
  };
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
  return (doc ?? emptyProfile(subject.userId ? { userId: subject.userId } : { anonymousId: subject.anonymousId! }, new Date())).profile;
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

/** Events a page of {@link subjectEventPages} holds (a page is one statement). */
export const SUBJECT_EVENTS_PAGE = 2000;

/**
 * Every event of a subject, page by page in `seq` order: a user's are theirs plus the anonymous events (no user id)
 * of their linked anonymous ids; an anonymous shopper's are only the events of that id that carry no user id — the
 * events an erasure of the subject deletes. Pages until the end, however long the history (a GDPR export must be whole).
 */
export async function* subjectEventPages(db: Queryable, siteKey: string, subject: ProfileSubject, pageSize = SUBJECT_EVENTS_PAGE): AsyncGenerator<StoredEvent[]> {
  const who = subject.userId
    ? { userId: subject.userId, anonymousIds: await linkedAnonymousIds(db, siteKey, subject.userId) }
    : { anonymousIds: subject.anonymousId === undefined ? [] : [subject.anonymousId] };
  const limit = Math.max(1, Math.floor(pageSize));
  for (let after = 0; ;) {
    const page = await eventsRepo(db).listShopper(siteKey, who, after, limit);
    if (page.length) yield page;
    if (page.length < limit) return;
    after = page[page.length - 1]!.seq;
  }
}

/** Every event of a subject (see {@link subjectEventPages}), in `seq` order, all in memory. */
export async function subjectEvents(db: Queryable, siteKey: string, subject: ProfileSubject): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const page of subjectEventPages(db, siteKey, subject)) all.push(...page);
  return all;
}

/** What an erasure removed (counts only). */
export interface Erasure {
  profiles: number;
  events: number;
}

/**
 * GDPR Art. 17: removes a subject's profile(s) and events in one transaction and records in the audit log that an
 * erasure happened (who asked, counts and request id; never the ids or data erased), and in `shopper_erasures` whose
 * (ids only), so every adapter process forgets the shopper's in-memory state. It locks the profiles before deleting
 * the events (and with them their `profile_pending` rows), in key order: the profile update's order, so an erasure
 * and an ingest of the same shopper wait for each other instead of deadlocking.
 */
export async function eraseSubject(store: Store, siteKey: string, subject: ProfileSubject, requestId?: string): Promise<Erasure> {
  return store.sql.transaction(async (tx) => {
    let events: number;
    let keys: ProfileKey[];
    if (subject.userId) {
      const linked = await linkedAnonymousIds(tx, siteKey, subject.userId);
      keys = [`u:${subject.userId}`, ...linked.map((id) => `a:${id}` as const)];
      // the profiles first, then the events (whose pending rows go with them): the profile update's lock order
      await store.profiles.lockExisting(siteKey, keys, tx);
      events = (await tx.query(
        // the linked ids' anonymous events only: another user's events under the same id (a shared device, or an id
        // anyone tied to their account with an event) are not this user's to erase
        'DELETE FROM events WHERE site_key = $1 AND (user_id = $2 OR (anonymous_id = ANY($3::text[]) AND user_id IS NULL)) RETURNING seq',
        [siteKey, subject.userId, linked],
      )).rows.length;
    } else {
      keys = [`a:${subject.anonymousId}`];
      await store.profiles.lockExisting(siteKey, keys, tx);
      events = (await tx.query(
        'DELETE FROM events WHERE site_key = $1 AND anonymous_id = $2 AND user_id IS NULL RETURNING seq', [siteKey, subject.anonymousId],
      )).rows.length;
    }
    // Every adapter process tails this to drop the shopper's in-memory state (recommendation index).
    await tx.query('INSERT INTO shopper_erasures (site_key, user_id, anonymous_ids) VALUES ($1, $2, $3::text[])', [
      siteKey, subject.userId ?? null, keys.filter((k) => k.startsWith('a:')).map((k) => k.slice(2)),
    ]);
    const profiles = await store.profiles.delete(siteKey, keys, tx);
    await store.audit.record({
      siteKey, actor: subject.userId ? 'user' : 'anonymous', action: 'profile.delete',
      details: { profiles, events, ...(requestId ? { requestId } : {}) },
    }, tx);
    return { profiles, events };
  });
}
