/**
 * Wire contracts: the single source of every type that crosses the network or storage.
 * The adapter validates requests with these same schemas; types come from `z.infer`.
 */
export * from './limits.js';
export * from './common.js';
export * from './events.js';
export * from './batch.js';
export * from './product.js';
export * from './recommendation.js';
export * from './profile.js';
export * from './promotion.js';
export * from './model-manifest.js';
export * from './errors.js';
export * from './personal-data.js';
export * from './validate.js';
export { isWebLink } from './web-link.js';
