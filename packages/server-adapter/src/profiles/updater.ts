import type { FocalEvent, Product } from '@focal/sdk-core/contracts';
import type { StoredEvent } from '../store/events-repo.js';
import type { ResentEvent } from '../ingest/hooks.js';
import { profileKey, type ProfileKey } from '../store/profiles-repo.js';
import { json } from '../store/rows.js';
import type { Store } from '../store/store.js';
import { applyEvent, emptyProfile, mergeProfiles, productIdsOf, type ProfileDocument } from './builder.js';

/** Looks up the products a batch is about: `(siteKey, ids) → Map<id, Product>`. */
export type ProductFacts = (siteKey: string, ids: string[]) => Promise<Map<string, Product>>;

/** Whether an event may shape a profile: only with the shopper's consent to personalisation. */
export const personalises = (event: FocalEvent) => event.consent.personalization;

const uncachedFacts = (store: Store): ProductFacts => async (siteKey, ids) => new Map((await store.catalog.get(siteKey, ids)).map((p) => [p.id, p]));

/** Profiles to bring up to date on one site, with the events of them this process has at hand (none: read them). */
interface SiteWork {
  keys: Set<ProfileKey>;
  events: Map<string, StoredEvent>;
}

/**
 * Applies to their profiles the events stored but not applied yet (`profile_pending`, migration 0008) of the shoppers
 * of `events` (newly stored ones, at hand) and of `resent` (duplicates: stored by an earlier request whose profile
 * update may have failed or never run), and of `keys` (the catch-up). One transaction per site: it locks the
 * profiles (in key order, so concurrent batches cannot deadlock, and other processes queue), takes *every* pending
 * event of them off the list (those of earlier requests too, read from the store), folds each shopper's in event-time
 * order and writes the profiles back. An event is applied by the transaction that deletes its pending row: never
 * twice, and never lost to a failure after it was stored. An `identify` event with a user id merges the anonymous
 * profile it names into the user's.
 */
export async function updateProfiles(
  store: Store, events: StoredEvent[], facts: ProductFacts = uncachedFacts(store), resent: ResentEvent[] = [],
  keys: { siteKey: string; profileKey: ProfileKey }[] = [],
): Promise<void> {
  const bySite = new Map<string, SiteWork>();
  const work = (siteKey: string) => bySite.get(siteKey) ?? bySite.set(siteKey, { keys: new Set(), events: new Map() }).get(siteKey)!;
  for (const e of events) {
    if (!personalises(e.event)) continue;
    const site = work(e.siteKey);
    site.keys.add(profileKey(e.event));
    site.events.set(e.id, e);
  }
  for (const e of resent) if (personalises(e.event)) work(e.siteKey).keys.add(profileKey(e.event));
  for (const k of keys) work(k.siteKey).keys.add(k.profileKey);
  for (const [siteKey, site] of bySite) await updateSite(store, siteKey, site, facts);
}

async function updateSite(store: Store, siteKey: string, site: SiteWork, facts: ProductFacts): Promise<void> {
  // the facts of the events at hand are looked up before the transaction (through the cache, off its connection)
  const products = await facts(siteKey, [...new Set([...site.events.values()].flatMap((e) => productIdsOf(e.event)))]);
  await store.sql.transaction(async (tx) => {
    // One statement locks the profiles, takes their pending events and reads the earlier requests' ones: the locks are
    // held for it, the products below (rarely), the write and the commit.
    const { docs, claimed, earlier } = await store.profiles.lockAndClaim(siteKey, [...site.keys], [...site.events.keys()], tx);
    if (!claimed.length) return;
    if (earlier.length) {
      // earlier requests' events: their products are read on this transaction (PGlite has one connection)
      const missing = [...new Set(earlier.flatMap((e) => productIdsOf(e.event)))].filter((id) => !products.has(id));
      const { rows } = !missing.length ? { rows: [] } : await tx.query<{ data: unknown }>('SELECT data FROM products WHERE site_key = $1 AND id = ANY($2::text[])', [siteKey, missing]);
      for (const row of rows) {
        const product = json<Product>(row.data);
        products.set(product.id, product);
      }
    }
    const byKey = new Map<ProfileKey, StoredEvent[]>();
    for (const e of [...claimed.flatMap((id) => site.events.get(id) ?? []), ...earlier]) {
      const key = profileKey(e.event);
      byKey.set(key, [...(byKey.get(key) ?? []), e]);
    }
    const updated = new Map<ProfileKey, ProfileDocument>();
    // Anonymous profiles (`a:`) first, so a user's identify in the same batch absorbs their fresh state.
    for (const [key, group] of [...byKey].sort((x, y) => x[0].localeCompare(y[0]))) {
      group.sort((a, b) => a.eventTime.localeCompare(b.eventTime) || a.seq - b.seq);
      let doc = docs.get(key) ?? emptyProfile(group[0]!.event);
      for (const e of group) {
        if (e.event.type === 'identify' && e.event.userId) {
          doc = await absorbAnonymous(doc, e.event, async (id) => updated.get(`a:${id}`) ?? store.profiles.get(siteKey, `a:${id}`, tx));
        }
        doc = applyEvent(doc, e.event, e.eventTime, products);
      }
      updated.set(key, doc);
    }
    await store.profiles.putMany(siteKey, [...updated], tx);
  });
}

async function absorbAnonymous(doc: ProfileDocument, event: FocalEvent, anonymousProfile: (id: string) => Promise<ProfileDocument | undefined>): Promise<ProfileDocument> {
  const ids = [...new Set([event.anonymousId, event.type === 'identify' ? event.properties.previousAnonymousId : undefined])].filter(Boolean) as string[];
  let merged = doc;
  for (const id of ids) {
    const anonymous = await anonymousProfile(id);
    const absorbed = merged.state.absorbed ?? [];
    if (anonymous && !absorbed.includes(id)) {
      merged = mergeProfiles(merged, anonymous);
      merged.state.absorbed = [...absorbed, id];
    }
  }
  return merged;
}

/** Pending events older than this are caught up by {@link catchUpProfiles} (younger ones are their request's). */
export const CATCH_UP_AFTER_MS = 60_000;

/**
 * Applies the events stored but still pending for their profile after `olderThanMs` (their request's update failed,
 * or its process died, and the shopper sent nothing since), for at most `limit` profiles. Run every minute by the
 * profile routes; safe in several processes at once. @returns how many profiles were brought up to date.
 */
export async function catchUpProfiles(store: Store, facts?: ProductFacts, options: { olderThanMs?: number; limit?: number } = {}): Promise<number> {
  const { olderThanMs = CATCH_UP_AFTER_MS, limit = 500 } = options;
  if (typeof olderThanMs != 'number' || !Number.isFinite(olderThanMs) || olderThanMs < 0) {
    throw new TypeError(`catchUpProfiles: olderThanMs must be a number of milliseconds ≥ 0 (default ${CATCH_UP_AFTER_MS}); got ${String(olderThanMs)}`);
  }
  if (!Number.isInteger(limit) || limit < 1) {
    throw new TypeError(`catchUpProfiles: limit must be a whole number of profiles ≥ 1 (default 500); got ${String(limit)}`);
  }
  const { rows } = await store.sql.query<{ site_key: string; profile_key: ProfileKey }>(
    `SELECT DISTINCT site_key, profile_key FROM profile_pending WHERE queued_at <= now() - $1::int * interval '1 millisecond'
     ORDER BY site_key, profile_key LIMIT $2`,
    [Math.round(olderThanMs), limit],
  );
  await updateProfiles(store, [], facts, [], rows.map((r) => ({ siteKey: r.site_key, profileKey: r.profile_key })));
  return rows.length;
}
