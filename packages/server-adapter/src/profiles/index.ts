export * from './builder.js';
export * from './service.js';
