import type { Candidate } from '@focal/sdk-core/contracts';

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
 * `serialize.ts`).
 */
export function pick(list: readonly Candidate[], limit: number, accept: (id: string) => boolean): Candidate[] {
  const { ids, ranked, heads } = factsOf(list);
  const chosen: number[] = [];
  let head = true;
  for (let i = 0; i < ids.length && chosen.length < limit; i++) {
    if (!accept(ids[i]!)) continue;
    head &&= i === chosen.length;
    chosen.push(i);
  }
  if (head && ranked && Object.isFrozen(list)) {
    let shared = heads.get(chosen.length);
    if (!shared) heads.set(chosen.length, (shared = Object.freeze(list.slice(0, chosen.length)) as Candidate[]));
    return shared;
  }
  return chosen.map((i, rank) => atRank(list[i]!, rank));
}
