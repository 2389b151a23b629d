import type { PlacementConfig } from './placement-schema.js';

/** A uniform number in [0, 1) from a string (FNV-1a, then a final avalanche). Same input, same number. */
export function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** The blend a shopper gets for a placement: the variant name (undefined when not split) and its strategies. */
export interface AssignedBlend {
  variant?: string;
  strategies: Record<string, number>;
  fallback: string[];
}

/** What the holdout group gets: the non-personalised baseline. */
export const HOLDOUT_BLEND = { strategies: { popular: 1 }, fallback: [] as string[] };

/**
 * Assigns a shopper to a placement's variant, stably: the same shopper id and placement always give the same
 * variant (hash of `shopperId:placement`), and shares follow `split.holdout` and the variants' weights.
 */
export function assignVariant(config: PlacementConfig, placement: string, shopperId: string): AssignedBlend {
  const base = { strategies: config.strategies, fallback: config.fallback };
  const split = config.split;
  if (!split || (!split.holdout && !split.variants)) return base;
  const u = unitHash(`${shopperId}:${placement}`);
  if (u < split.holdout) return { variant: 'holdout', ...HOLDOUT_BLEND };
  if (!split.variants) return { variant: 'control', ...base };
  const total = split.variants.reduce((s, v) => s + v.weight, 0);
  let point = ((u - split.holdout) / (1 - split.holdout)) * total;
  for (const v of split.variants) {
    point -= v.weight;
    if (point < 0) return { variant: v.name, strategies: v.strategies ?? base.strategies, fallback: v.fallback ?? base.fallback };
  }
  const last = split.variants[split.variants.length - 1];
  return { variant: last.name, strategies: last.strategies ?? base.strategies, fallback: last.fallback ?? base.fallback };
}
