/** Sessions from interactions, the usual preprocessing, and the time split. Pure. */
import type { Interaction } from './session-log.js';

export interface Session {
  id: string;
  items: string[];
  /** Epoch ms per item. */
  times: number[];
}

/** Groups rows into sessions ordered by time (stable for equal times). */
export function toSessions(rows: readonly Interaction[]): Session[] {
  const by = new Map<string, Interaction[]>();
  for (const r of rows) {
    const list = by.get(r.session);
    if (list) list.push(r);
    else by.set(r.session, [r]);
  }
  return [...by].map(([id, list]) => {
    const sorted = list.map((r, i) => [r, i] as const).sort((a, b) => a[0].time - b[0].time || a[1] - b[1]).map(([r]) => r);
    return { id, items: sorted.map((r) => r.item), times: sorted.map((r) => r.time) };
  });
}

/** Drops items seen fewer than `minItemCount` times, then sessions shorter than `minLength`. */
export function preprocess(sessions: readonly Session[], minItemCount = 5, minLength = 2): Session[] {
  const counts = new Map<string, number>();
  for (const s of sessions) for (const i of s.items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return sessions
    .map((s) => {
      const keep = s.items.map((i) => (counts.get(i) ?? 0) >= minItemCount);
      return { id: s.id, items: s.items.filter((_, k) => keep[k]), times: s.times.filter((_, k) => keep[k]) };
    })
    .filter((s) => s.items.length >= minLength);
}

const DAY = 86_400_000;

/**
 * Splits off the sessions that END in the last `days` days (by the newest time) as test; test items unknown in
 * training are removed and test sessions shorter than 2 dropped.
 */
export function splitLastDays(sessions: readonly Session[], days: number): { train: Session[]; test: Session[] } {
  // (a loop: Math.max(...times) overflows the call stack past ~120,000 sessions, a full Diginetica or YOOCHOOSE log)
  let end = -Infinity;
  for (const s of sessions) end = Math.max(end, s.times[s.times.length - 1]);
  const cut = end - days * DAY;
  const train = sessions.filter((s) => s.times[s.times.length - 1] <= cut);
  return { train, test: restrictTest(train, sessions.filter((s) => s.times[s.times.length - 1] > cut)) };
}

/** Removes test items never seen in training; drops test sessions left shorter than 2. */
export function restrictTest(train: readonly Session[], test: readonly Session[]): Session[] {
  const known = new Set(train.flatMap((s) => s.items));
  return test
    .map((s) => {
      const keep = s.items.map((i) => known.has(i));
      return { id: s.id, items: s.items.filter((_, k) => keep[k]), times: s.times.filter((_, k) => keep[k]) };
    })
    .filter((s) => s.items.length >= 2);
}
