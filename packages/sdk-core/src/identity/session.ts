/** A browsing session: ends after `idleMs` without events or `maxMs` after it started. */
export interface Session {
  id: string;
  startedMs: number;
  lastMs: number;
}

/**
 * The session an event at `now` belongs to: `current` extended, or a new one (from `newId`) when there is
 * none, it has been idle longer than `idleMs`, or it started more than `maxMs` ago. Pure.
 */
export function touchSession(current: Session | null, now: number, idleMs: number, maxMs: number, newId: () => string): Session {
  if (current && now - current.lastMs <= idleMs && now - current.startedMs <= maxMs && now >= current.startedMs) {
    return { ...current, lastMs: Math.max(current.lastMs, now) };
  }
  return { id: newId(), startedMs: now, lastMs: now };
}

/** Reads a stored session, or null when it is missing or unreadable. */
export function parseSession(text: string | null): Session | null {
  if (!text) return null;
  try {
    const s = JSON.parse(text) as Session;
    return typeof s.id === 'string' && typeof s.startedMs === 'number' && typeof s.lastMs === 'number' ? s : null;
  } catch {
    return null;
  }
}
