import type { PlacementsConfigInput } from './placement-schema.js';

/** Categories that count as accessories for cart add-ons in the default configuration. */
export const ACCESSORY_CATEGORIES = ['Accessories', 'Eye care'];

/**
 * The placements every site gets unless `focal.config.json` replaces them:
 * `home-for-you`, `home-trending`, `pdp-similar`, `pdp-complete-the-look`, `cart-add-ons`, `email-for-you`.
 * The home and email lists are diversified on the server (at most 2 of a brand and 3 of a category in the first 8,
 * restocks exempt); the product-page and cart lists are not: their sameness to the context is the point.
 */
export const DEFAULT_PLACEMENTS: PlacementsConfigInput = {
  'home-for-you': {
    strategies: { personalised: 1, replenishment: 1.5, 'co-view': 0.6, trending: 0.3 },
    fallback: ['popular'],
    diversity: {},
  },
  'home-trending': {
    strategies: { trending: 1, popular: 0.3 },
    fallback: ['popular'],
    diversity: {},
  },
  'pdp-similar': {
    strategies: { similar: 1, 'co-view': 0.5 },
    fallback: ['popular-in-category', 'popular'],
  },
  'pdp-complete-the-look': {
    strategies: { 'co-purchase': 1, 'co-view': 0.3 },
    fallback: ['bought-with-category', 'popular'],
    filters: { excludeContextCategory: true, excludeApartCategories: true },
  },
  'cart-add-ons': {
    strategies: { 'co-purchase': 1, popular: 0.2 },
    fallback: ['popular'],
    filters: { categories: ACCESSORY_CATEGORIES, excludeContextLeafCategory: true },
    limit: { default: 6, max: 20 },
  },
  'email-for-you': {
    strategies: { replenishment: 2, personalised: 1, 'co-purchase': 0.5, trending: 0.2 },
    fallback: ['popular'],
    diversity: {},
    limit: { default: 6, max: 20 },
  },
};
