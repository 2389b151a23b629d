/** Business rules applied after scoring: exclusions, then pinned positions. Pure functions over ordered lists. */

/** A product forced to a position (0-based) whenever it is among the candidates. */
export interface Pin {
  id: string;
  position: number;
}

export interface BusinessRules {
  /** Product ids never to show. */
  exclude?: readonly string[];
  /** Products moved to fixed positions (an id pinned twice keeps its first position in ascending order). */
  pinned?: readonly Pin[];
}

/**
 * Returns `items` without the excluded ids, then with each pinned item (if present) moved to its position
 * (clamped to the list); the others keep their relative order.
 */
export function applyRules<T extends { id: string }>(items: readonly T[], rules: BusinessRules = {}): T[] {
  const excluded = new Set(rules.exclude ?? []);
  let out = excluded.size ? items.filter((it) => !excluded.has(it.id)) : [...items];
  const pins = (rules.pinned ?? []).filter((p) => !excluded.has(p.id));
  if (!pins.length) return out;
  const chosen: { item: T; position: number }[] = [];
  for (const pin of [...pins].sort((a, b) => a.position - b.position)) {
    const item = out.find((it) => it.id === pin.id);
    if (item && !chosen.some((c) => c.item === item)) chosen.push({ item, position: Math.max(0, Math.floor(pin.position)) });
  }
  out = out.filter((it) => !chosen.some((c) => c.item === it));
  for (const { item, position } of chosen) out.splice(Math.min(position, out.length), 0, item);
  return out;
}
