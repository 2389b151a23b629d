import type { Profile, Promotion, Segment } from '@focal/sdk-core/contracts';

/** Default minimum category affinity of a segment (contract: `Segment.minAffinity`). */
export const DEFAULT_MIN_AFFINITY = 0.05;

/** Whether a promotion is scheduled at `now`: `startsAt` inclusive, `endsAt` exclusive; open ends always match. */
export function isScheduled(promotion: Promotion, now: Date): boolean {
  const t = now.getTime();
  if (promotion.startsAt && t < Date.parse(promotion.startsAt)) return false;
  if (promotion.endsAt && t >= Date.parse(promotion.endsAt)) return false;
  return true;
}

/**
 * A profile's affinity to a category. Affinity keys may be top-level names (`Contact lenses`) or paths
 * (`Contact lenses/Daily`, `Contact lenses > Daily`): an exact key wins, otherwise the sub-categories add up.
 * Case-insensitive.
 */
export function categoryAffinity(profile: Profile, category: string): number {
  const wanted = category.trim().toLowerCase();
  let exact: number | undefined;
  let children = 0;
  for (const [key, weight] of Object.entries(profile.affinities.category)) {
    const k = key.trim().toLowerCase();
    if (k === wanted) exact = weight;
    else if (k.startsWith(`${wanted}/`) || k.startsWith(`${wanted} > `) || k.startsWith(`${wanted} / `)) children += weight;
  }
  return exact ?? children;
}

/**
 * Whether a shopper is in a segment: every given trait equal, and an affinity of at least `minAffinity` to any of
 * the categories. An absent or empty segment matches everyone; a targeted one never matches a shopper without a profile.
 */
export function matchesSegment(segment: Segment | undefined, profile: Profile | null): boolean {
  if (!segment) return true;
  const traits = Object.entries(segment.traits ?? {});
  const categories = segment.categories ?? [];
  if (!traits.length && !categories.length) return true;
  if (!profile) return false;
  for (const [name, value] of traits) if (profile.traits[name] !== value) return false;
  if (categories.length) {
    const min = segment.minAffinity ?? DEFAULT_MIN_AFFINITY;
    if (!categories.some((category) => categoryAffinity(profile, category) >= min)) return false;
  }
  return true;
}

/**
 * The promotions a shopper may see now: scheduled at `now`, in the shopper's segment, highest `priority` first
 * (ties: the most recently started first, then by id, so the order is stable). Pure: filter by slot before or after.
 *
 * @example
 * eligiblePromotions(all.filter((p) => p.slot === 'home-hero'), profile, new Date());
 */
export function eligiblePromotions(promotions: readonly Promotion[], profile: Profile | null, now: Date): Promotion[] {
  return promotions
    .filter((p) => isScheduled(p, now) && matchesSegment(p.segment, profile))
    .sort((a, b) => b.priority - a.priority
      || (b.startsAt ? Date.parse(b.startsAt) : 0) - (a.startsAt ? Date.parse(a.startsAt) : 0)
      || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
