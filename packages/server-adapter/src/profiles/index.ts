export * from './builder.js';
export * from './service.js';
export * from './erasures.js';
