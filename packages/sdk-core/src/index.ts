/**
 * @focal/sdk-core — headless browser SDK.
 * Every export is re-exported here; sub-paths `@focal/sdk-core/contracts` and `@focal/sdk-core/ranking`
 * let servers and trainers import only what they need.
 */
export * from './contracts/index.js';
export * from './recommend/index.js';
export * from './focal.js';
export * from './ranking/index.js';
