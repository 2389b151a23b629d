/**
 * `@focal/sdk-core/ranking`: on-device reranking. Session state and its reducer, the ranking features (shared with
 * the trainer), the MLP forward pass, business rules and diversity, and the browser reranker.
 */
export * from './session-state.js';
export * from './observe.js';
export * from './session-context.js';
export * from './features/server.js';
export * from './features/similarity.js';
export * from './features/behaviour.js';
export * from './feature-vector.js';
export * from './mlp.js';
export * from './rules.js';
export * from './diversity.js';
export * from './order.js';
export * from './session-store.js';
export * from './runtime-types.js';
export * from './reranker.js';
export * from './reranker-adapter.js';
export * from './manifest-check.js';
export * from './bundled-runtime.js';
export { sha256Hex } from './sha256.js';
