import type { Profile } from '@focal/sdk-core/contracts';
import type { Shopper } from '../http/context.js';
import type { Store } from '../store/store.js';

/** Finds the profile of a shopper on a site (null when none): what segment targeting reads. */
export type ProfileSource = (shopper: Shopper, siteKey: string) => Promise<Profile | null>;

/** The public profile inside a stored profile row (a bare `Profile`, or a document `{ profile, state }`). */
function publicProfile(stored: unknown): Profile | null {
  if (!stored || typeof stored !== 'object') return null;
  const inner = (stored as { profile?: unknown }).profile;
  const profile = (inner && typeof inner === 'object' ? inner : stored) as Partial<Profile>;
  return profile.affinities && profile.traits ? profile as Profile : null;
}

/**
 * Profiles from the store: a verified user's profile (`u:<userId>`), else the browser's anonymous profile
 * (`a:<anonymousId>`).
 */
export function storeProfiles(store: Store): ProfileSource {
  return async (shopper, siteKey) => {
    if (shopper.kind === 'user') {
      const profile = publicProfile(await store.profiles.get(siteKey, `u:${shopper.userId}`));
      if (profile) return profile;
    }
    if (!shopper.anonymousId) return null;
    return publicProfile(await store.profiles.get(siteKey, `a:${shopper.anonymousId}`));
  };
}
