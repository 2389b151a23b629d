import { z } from 'zod';
import { MAX_RECOMMENDATIONS } from '@focal/sdk-core/contracts';
import { STRATEGY_NAMES } from '../strategies/index.js';

const StrategyName = z.string().refine((name) => STRATEGY_NAMES.includes(name), {
  error: (issue) => `unknown strategy ${JSON.stringify(issue.input)}; use one of ${STRATEGY_NAMES.join(', ')}`,
});

/** Strategy name → weight. */
const Weights = z.record(StrategyName, z.number().positive('weights must be greater than 0'))
  .refine((w) => Object.keys(w).length > 0, 'name at least one strategy, e.g. { "popular": 1 }');

/** Which products a placement may show. */
export const PlacementFilters = z.strictObject({
  /** Only products in stock. @default true */
  inStock: z.boolean().default(true),
  /** Never products the shopper bought (restocks of consumables proposed by `replenishment` excepted). @default true */
  excludePurchased: z.boolean().default(true),
  /** Never products in the shopper's cart. @default true */
  excludeInCart: z.boolean().default(true),
  /** Never products in the same top-level category as a context item ("complete the look"). @default false */
  excludeContextCategory: z.boolean().default(false),
  /**
   * Never products in the same most specific category (whole category path) as a context item: no second case, or
   * the cart's solution in another pack size, as a cart add-on. @default false
   */
  excludeContextLeafCategory: z.boolean().default(false),
  /**
   * Never products of a category the shop's orders say is bought without every context item, over counts large
   * enough to tell: no frames and no solution completing daily contact lenses, even when nothing else fills the list
   * (it is then shorter, or empty). @default false
   */
  excludeApartCategories: z.boolean().default(false),
  /** Only products in one of these categories (level names or `A > B` paths, case-insensitive), e.g. `["Accessories"]`. */
  categories: z.array(z.string().min(1)).min(1).optional(),
  /** Never products in these categories. */
  excludeCategories: z.array(z.string().min(1)).optional(),
});
export type PlacementFilters = z.infer<typeof PlacementFilters>;

/**
 * The server's diversity pass (the device reranker's `diversify` from `@focal/sdk-core/ranking`, on catalog `brand`
 * and `categoryPath`): at most `maxPerCategory` items of one category (first two levels of the path) and `maxPerBrand`
 * of one brand in the first `window` slots of the answer, the server `rank` being the diversified order. Items won by
 * an `exempt` strategy keep their place and do not count against the caps (a restock is meant to be the same product).
 */
export const PlacementDiversity = z.strictObject({
  maxPerCategory: z.number().int().min(1).default(3),
  maxPerBrand: z.number().int().min(1).default(2),
  window: z.number().int().min(1).max(MAX_RECOMMENDATIONS).default(8),
  /** @default ["replenishment"] */
  exempt: z.array(StrategyName).default(['replenishment']),
});
export type PlacementDiversity = z.infer<typeof PlacementDiversity>;

/** One arm of an A/B split: its own blend. */
export const PlacementVariant = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be 1-32 lower-case letters, digits, _ or -')
    .refine((n) => n !== 'holdout', '"holdout" is reserved; use split.holdout for a holdout group'),
  /** Share of the shoppers outside the holdout (relative to the other variants). */
  weight: z.number().positive(),
  strategies: Weights.optional(),
  fallback: z.array(StrategyName).optional(),
});

/** A placement: its blend, fallbacks, filters, limits, and an optional A/B split or holdout. */
export const PlacementConfig = z.strictObject({
  strategies: Weights,
  /** Tried in order when the blend is short; `new-arrivals` always comes last. @default ["popular"] */
  fallback: z.array(StrategyName).default(['popular']),
  filters: PlacementFilters.default(PlacementFilters.parse({})),
  limit: z.strictObject({
    default: z.number().int().min(1).max(MAX_RECOMMENDATIONS).default(12),
    max: z.number().int().min(1).max(MAX_RECOMMENDATIONS).default(50),
  }).refine((l) => l.default <= l.max, { message: 'limit.default must not exceed limit.max', path: ['default'] })
    .default({ default: 12, max: 50 }),
  /**
   * Cap products of one brand or category near the top of the answer (see {@link PlacementDiversity}); `false` (the
   * default) keeps the blend's order, for placements where sameness is the point (similar products, add-ons).
   * @default false
   */
  diversity: z.union([z.literal(false), PlacementDiversity]).default(false),
  split: z.strictObject({
    /** Share of shoppers (0-0.5) who get the non-personalised baseline (`popular`) instead: the holdout group. */
    holdout: z.number().min(0).max(0.5).default(0),
    variants: z.array(PlacementVariant).min(1).optional(),
  }).refine((s) => !s.variants || new Set(s.variants.map((v) => v.name)).size === s.variants.length, 'variant names must be unique')
    .optional(),
});
export type PlacementConfig = z.infer<typeof PlacementConfig>;
export type PlacementConfigInput = z.input<typeof PlacementConfig>;

/** The `placements` section of `focal.config.json`: placement id → placement. */
export const PlacementsConfig = z.record(
  z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'placement ids are lower-case letters, digits and dashes (e.g. pdp-similar)'),
  PlacementConfig,
);
export type PlacementsConfig = z.infer<typeof PlacementsConfig>;
export type PlacementsConfigInput = z.input<typeof PlacementsConfig>;

/** A `placements` section that could not be used: one line per mistake naming the setting. */
export class PlacementsConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid placements configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PlacementsConfigError';
  }
}

/**
 * Validates a `placements` section and merges it over the defaults: a placement you configure replaces the
 * default of the same id entirely; defaults you do not mention stay.
 * @throws PlacementsConfigError listing every mistake as `placements.<id>.<setting>: what to fix`.
 */
export function parsePlacements(input: unknown, defaults: PlacementsConfigInput = {}): PlacementsConfig {
  const parsed = PlacementsConfig.safeParse(input ?? {});
  if (!parsed.success) {
    throw new PlacementsConfigError(parsed.error.issues.map((issue) => {
      const path = ['placements', ...issue.path.map(String)].join('.');
      const what = issue.code === 'unrecognized_keys' ? `unknown setting(s) ${issue.keys.join(', ')}`
        : issue.code === 'invalid_key' ? issue.issues.map((i) => i.message).join('; ')
        : issue.message;
      return `${path}: ${what}`;
    }));
  }
  return { ...PlacementsConfig.parse(defaults), ...parsed.data };
}
