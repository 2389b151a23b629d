export * from './parse-feed.js';
export * from './import.js';
