import type { PlacementConfig, PlacementsConfigInput } from '../recommend/placement-schema.js';
import { parsePlacements } from '../recommend/placement-schema.js';
import { DEFAULT_PLACEMENTS } from '../recommend/default-placements.js';
import { assignVariant } from '../recommend/variant.js';

/**
 * The demo site's own placements (`settings.placements` of pk_demo, merged over the defaults): "similar" on product
 * pages runs an A/B test, half the shoppers getting the default blend (`control`) and half a blend that also weighs
 * the shopper's own taste (`personal`). The history is generated with the same split, so the report's experiment
 * section has something to judge and the running adapter keeps assigning shoppers to the arms they had.
 */
export const DEMO_PLACEMENTS: PlacementsConfigInput = {
  'pdp-similar': {
    ...DEFAULT_PLACEMENTS['pdp-similar']!,
    split: {
      variants: [
        { name: 'control', weight: 1 },
        { name: 'personal', weight: 1, strategies: { similar: 1, 'co-view': 0.5, personalised: 0.6 } },
      ],
    },
  },
};

const PARSED = parsePlacements(DEMO_PLACEMENTS, DEFAULT_PLACEMENTS);

/** A visitor's arm of a demo placement, as the adapter assigns it (by anonymous id): the variant (none when not split) and its strategy label. */
export function demoArm(placement: string, shopperId: string): { variant?: string; strategy?: string } {
  const config: PlacementConfig | undefined = PARSED[placement];
  if (!config?.split) return {};
  const assigned = assignVariant(config, placement, shopperId);
  return { ...(assigned.variant ? { variant: assigned.variant } : {}), strategy: `blend:${Object.keys(assigned.strategies).join('+')}` };
}
