/** Placements, the recommendation service and its routes. */
export * from './placement-schema.js';
export * from './default-placements.js';
export * from './variant.js';
export * from './filters.js';
export * from './errors.js';
export * from './answer-cache.js';
export * from './redis-cache.js';
export * from './service.js';
export * from './pgvector.js';
export * from './site-index.js';
export * from './engine.js';
export * from './query.js';
export * from './routes.js';
export * from './serialize.js';
