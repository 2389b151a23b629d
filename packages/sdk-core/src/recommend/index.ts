export * from './types.js';
export * from './breaker.js';
export * from './guards.js';
export * from './cache.js';
export * from './transport.js';
export * from './client.js';
export * from './content.js';
