#!/usr/bin/env node
// Writes JSON Schema files of every wire type to packages/sdk-core/schemas/ so that clients not written in
// TypeScript (mobile apps, in-store tablets) can speak the same protocol. Runs after the build, from dist.
import { mkdirSync, writeFileSync } from 'node:fs';
import { toJSONSchema } from 'zod';

const contracts = await import('../packages/sdk-core/dist/contracts.js');
const names = [
  'FocalEvent', 'EventBatch', 'EventBatchResult', 'Product', 'RecommendationRequest', 'RecommendationBatchRequest',
  'RecommendationResponse', 'RecommendationBatchResponse', 'Candidate', 'Profile', 'Promotion', 'ContentResponse',
  'ModelManifest', 'ApiError',
];
const dir = new URL('../packages/sdk-core/schemas/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const name of names) {
  const schema = { $id: `https://focal.dev/schemas/${name}.json`, title: name, ...toJSONSchema(contracts[name], { unrepresentable: 'any' }) };
  writeFileSync(new URL(`${name}.json`, dir), JSON.stringify(schema, null, 2) + '\n');
}
console.log(`wrote ${names.length} JSON Schemas to packages/sdk-core/schemas/`);
