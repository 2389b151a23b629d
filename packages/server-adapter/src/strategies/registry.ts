import { boughtWithCategory } from './bought-with-category.js';
import { coPurchase } from './co-purchase.js';
import { coView } from './co-view.js';
import { newArrivals } from './new-arrivals.js';
import { personalised } from './personalised.js';
import { popularInCategory } from './popular-in-category.js';
import { popular } from './popular.js';
import { recentlyViewed } from './recently-viewed.js';
import { replenishment } from './replenishment.js';
import { similar } from './similar.js';
import type { StrategyIndex } from './strategy-index.js';
import { trending } from './trending.js';
import type { Strategy } from './types.js';

/** Every built-in strategy by name: the names placements use in `focal.config.json`. */
export const STRATEGIES: Readonly<Record<string, Strategy<StrategyIndex>>> = Object.freeze({
  [popular.name]: popular,
  [popularInCategory.name]: popularInCategory,
  [trending.name]: trending,
  [coView.name]: coView,
  [coPurchase.name]: coPurchase,
  [boughtWithCategory.name]: boughtWithCategory,
  [similar.name]: similar,
  [personalised.name]: personalised,
  [recentlyViewed.name]: recentlyViewed,
  [replenishment.name]: replenishment,
  [newArrivals.name]: newArrivals,
});

/** The names of every built-in strategy. */
export const STRATEGY_NAMES = Object.keys(STRATEGIES);
