/**
 * Features read from the server's candidate features (the same numbers in the browser and the trainer).
 * Each is a pure function of (candidate, session state, now) returning a finite number.
 */
import type { RankCandidate } from '../session-context.js';

const finite = (x: number): number => (Number.isFinite(x) ? x : 0);

/** The server's blended score, as sent. */
export const serverScore = (c: RankCandidate): number => finite(c.features.score);

/** The server's order as a reciprocal rank: 1 for the first candidate, 1/2 for the second, … */
export const serverRankReciprocal = (c: RankCandidate): number => 1 / (1 + Math.max(0, finite(c.features.rank)));

/** `log(1 + popularity)`: interactions over the popularity window, compressed. */
export const logPopularity = (c: RankCandidate): number => Math.log1p(Math.max(0, finite(c.features.popularity)));

/** `log(1 + lift)` of the candidate with the request's context items (the product page, the cart); 0 without context. */
export const logCooccurrence = (c: RankCandidate): number => Math.log1p(Math.max(0, finite(c.features.cooccurrence)));

/** `log(1 + days)` since the product was first seen or restocked: small for new arrivals. */
export const logAgeDays = (c: RankCandidate): number => Math.log1p(Math.max(0, finite(c.features.ageDays)));
