export * from './app.js';
export * from './body.js';
export * from './context.js';
export * from './errors.js';
export * from './guards.js';
export * from './handler.js';
export * from './node.js';
export * from './rate-limit.js';
