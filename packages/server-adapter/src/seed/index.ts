export * from './bulk-events.js';
export * from './demo.js';
