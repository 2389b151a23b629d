import type { Candidate } from '@focal/sdk-core/contracts';
import { diversify } from '@focal/sdk-core/ranking';
import type { PlacementDiversity } from './placement-schema.js';

/**
 * The placement's diversity pass over candidates (pure): the shared `diversify` of the device reranker on the
 * products' `brand` and `categoryPath`, items won by an exempt strategy (restocks) neither moved nor counted.
 */
export function diversified(list: readonly Candidate[], diversity: PlacementDiversity): Candidate[] {
  const exempt = diversity.exempt.length ? new Set(diversity.exempt) : undefined;
  const keyed = list.map((item) => (exempt?.has(item.strategy ?? '')
    ? { item }
    : { item, brand: item.brand, categoryPath: item.categoryPath }));
  return diversify(keyed, diversity).map((k) => k.item);
}

/**
 * What is kept about a list of candidates: the ids (read without touching the candidate objects, which carry every
 * product field and are slow to read one property at a time), whether the ranks run 0, 1, 2…, and the picks shared
 * by every answer that shows the head of the list.
 */
interface ListFacts {
  ids: string[];
  ranked: boolean;
  heads: Map<number, Candidate[]>;
}

/** Facts of frozen (cached) lists. */
const facts = new WeakMap<readonly Candidate[], ListFacts>();
/** Copies of frozen candidates moved to another rank, by rank. */
const moved = new WeakMap<Candidate, Map<number, Candidate>>();

function factsOf(list: readonly Candidate[]): ListFacts {
  let found = facts.get(list);
  if (!found) {
    found = { ids: list.map((c) => c.id), ranked: list.every((c, rank) => c.features.rank === rank), heads: new Map() };
    if (Object.isFrozen(list)) facts.set(list, found);
  }
  return found;
}

/**
 * The candidate with `features.rank` = `rank`: itself when it has that rank, else a frozen copy (shared by every
 * answer that moves a cached candidate to that rank, so its JSON is serialised once).
 */
export function atRank(candidate: Candidate, rank: number): Candidate {
  if (candidate.features.rank === rank) return candidate;
  const shared = Object.isFrozen(candidate);
  let byRank = shared ? moved.get(candidate) : undefined;
  let copy = byRank?.get(rank);
  if (!copy) {
    copy = Object.freeze({ ...candidate, features: Object.freeze({ ...candidate.features, rank }) });
    if (shared) {
      if (!byRank) moved.set(candidate, (byRank = new Map()));
      byRank.set(rank, copy);
    }
  }
  return copy;
}

/**
 * The first `limit` candidates of `list` that `accept` keeps, ranked 0, 1, 2… in their new order. When they are the
 * head of a frozen (cached) list, the same frozen array is returned every time, so its JSON is serialised once (see
 * `serialize.ts`). With `diversity` (the list being already diversified with it, as the service computes it), a pick
 * that is not the list's head is diversified again over every accepted candidate, so filtering out products never
 * lets more of one brand or category into the window than the caps allow.
 */
export function pick(list: readonly Candidate[], limit: number, accept: (id: string) => boolean, diversity?: PlacementDiversity | false): Candidate[] {
  return picked(list, true, limit, accept, diversity)!;
}

/**
 * {@link pick} over the first candidates of a longer list (a cached answer cut to the depth its requests read): the
 * very answer `pick` gives over the whole list, or undefined when that answer could depend on candidates past
 * `head` (fewer than `limit` accepted in it, or a diversity slot that no accepted candidate of it can fill).
 */
export function pickFromHead(head: readonly Candidate[], limit: number, accept: (id: string) => boolean, diversity?: PlacementDiversity | false): Candidate[] | undefined {
  return picked(head, false, limit, accept, diversity);
}

/**
 * Stands for the candidates past a cut list's end in a diversity pass: always within the caps (no brand, no
 * category), so the greedy pass takes it exactly where it would look past the cut for a candidate that fits.
 */
const BEYOND = Object.freeze({ id: '', features: Object.freeze({}) }) as unknown as Candidate;

function picked(list: readonly Candidate[], complete: boolean, limit: number, accept: (id: string) => boolean, diversity?: PlacementDiversity | false): Candidate[] | undefined {
  const { ids, ranked, heads } = factsOf(list);
  const chosen: number[] = [];
  let head = true;
  for (let i = 0; i < ids.length && chosen.length < limit; i++) {
    if (!accept(ids[i]!)) continue;
    head &&= i === chosen.length;
    chosen.push(i);
  }
  // past the cut there may be more accepted candidates: the first `limit` accepted are not all known
  if (!complete && chosen.length < limit) return undefined;
  if (diversity && !head) {
    // a diversified list's head stays diversified (the greedy pass keeps it as it is); any other pick is redone
    const pool = chosen.map((i) => list[i]!);
    for (let i = chosen[chosen.length - 1]! + 1; i < ids.length; i++) if (accept(ids[i]!)) pool.push(list[i]!);
    if (!complete) pool.push(BEYOND);
    const out = diversified(pool, diversity).slice(0, limit);
    // the pass took a candidate from past the cut (none before it fitted): the answer depends on what lies there
    if (!complete && out.includes(BEYOND)) return undefined;
    return out.map((c, rank) => atRank(c, rank));
  }
  if (head && ranked && Object.isFrozen(list)) {
    let shared = heads.get(chosen.length);
    if (!shared) heads.set(chosen.length, (shared = chosen.length === list.length ? list as Candidate[] : Object.freeze(list.slice(0, chosen.length)) as Candidate[]));
    return shared;
  }
  return chosen.map((i, rank) => atRank(list[i]!, rank));
}
