/**
 * What the recommendation answer cache holds for the request mix of `recommendations.bench.ts` (the demo data; 60 %
 * pdp-similar, 20 % pdp-complete-the-look, 20 % home-for-you of known shoppers, limit 12), or with `MIX=batch` for
 * product and home pages asking both of their placements in one deduplicated batch: entries, bytes by the cache's own
 * estimate (`answerBytes`, what its LRU budget counts) per placement, the heap released when the entries are dropped,
 * and whether a second, warm pass answers byte for byte as the first. Deterministic apart from the heap figure.
 * Not a `*.bench.ts` (npm run bench does not run it). Run:
 * `node --expose-gc --conditions=@focal/source --import tsx bench/answer-cache-bytes.ts` (~1 min).
 */
import { createHash } from 'node:crypto';
import type { FocalEvent, RecommendationRequest } from '@focal/sdk-core/contracts';
import { DEFAULT_DEMO_NOW, generateDemoData } from '../packages/server-adapter/src/demo/index.js';
import { StrategyIndex } from '../packages/server-adapter/src/strategies/index.js';
import { requestDraws } from './request-mix.js';
import {
  answerBytes, createRecommendationService, DEFAULT_PLACEMENTS, INDEXED_EVENT_TYPES, parsePlacements, serializeResponse,
  type AnswerCache, type CachedAnswer,
} from '../packages/server-adapter/src/recommend/index.js';

const MIX = process.env.MIX ?? 'bench';
if (MIX !== 'bench' && MIX !== 'batch') throw new Error(`MIX must be "bench" or "batch"; got "${MIX}"`);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (the heap figures need a full collection)');
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const data = generateDemoData();
const now = Date.parse(DEFAULT_DEMO_NOW);
const index = new StrategyIndex();
index.setCatalog(data.products, now);
for (const e of data.events) if (INDEXED_EVENT_TYPES.includes(e.type)) index.ingest(e as FocalEvent);

// the bench's requests: the same draws in the same order
const asks: Array<{ who: string; placements: RecommendationRequest[] }> = [];
for (const { r, item, who } of requestDraws(data.events as FocalEvent[])) {
  const one = (placement: string, items?: string[]) => ({ placement, limit: 12, ...(items ? { items } : {}) });
  if (MIX === 'bench') asks.push({ who, placements: [r < 0.6 ? one('pdp-similar', [item]) : r < 0.8 ? one('pdp-complete-the-look', [item]) : one('home-for-you')] });
  else asks.push({ who, placements: r < 0.7 ? [one('pdp-similar', [item]), one('pdp-complete-the-look', [item])] : [one('home-for-you'), one('home-trending')] });
}

const kept = new Map<string, CachedAnswer>();
const byPlacement = new Map<string, { entries: number; bytes: number; candidates: number; depth: number }>();
const cache: AnswerCache = {
  name: 'recording',
  get: (key) => kept.get(key),
  set: (key, value) => {
    kept.set(key, value);
    const placement = key.split('|')[2]!;
    const s = byPlacement.get(placement) ?? { entries: 0, bytes: 0, candidates: 0, depth: 0 };
    s.entries++;
    s.bytes += answerBytes(value);
    s.candidates += value.items.length;
    s.depth += value.depth;
    byPlacement.set(placement, s);
  },
  clear: () => kept.clear(),
};
const counts = { hit: 0, miss: 0 };
const service = createRecommendationService({
  index: () => index, placements: parsePlacements({}, DEFAULT_PLACEMENTS), cache, onCache: (hit) => void counts[hit ? 'hit' : 'miss']++,
});
/** A digest of the answer as the route writes it, without the requestIds. */
const ask = async (a: (typeof asks)[number]) => {
  const { results } = await service.recommend({ siteKey: 'pk_bench_recs', shopper: { anonymousId: a.who }, placements: a.placements, now });
  return createHash('sha1').update(results.map((r) => serializeResponse(r).replace(/"requestId":"[^"]*"/, '')).join()).digest('hex');
};

const before = heap();
const first: string[] = [];
for (const a of asks) first.push(await ask(a));
const filled = heap();
let entries = 0;
let bytes = 0;
console.log(`${MIX} mix, ${asks.length} requests over the demo data:`);
for (const [placement, s] of byPlacement) {
  entries += s.entries;
  bytes += s.bytes;
  console.log(`  ${placement.padEnd(22)} ${String(s.entries).padStart(5)} entries, ${(s.bytes / s.entries / 1024).toFixed(1)} KiB each (answerBytes), ${(s.candidates / s.entries).toFixed(1)} candidates kept of ${(s.depth / s.entries).toFixed(1)} computed`);
}
console.log(`  all                    ${String(entries).padStart(5)} entries, ${(bytes / entries / 1024).toFixed(1)} KiB each, ${(bytes / 2 ** 20).toFixed(1)} MiB in all (answerBytes)`);
const cold = { ...counts };
counts.hit = counts.miss = 0;
let differ = 0;
for (const [i, a] of asks.entries()) if ((await ask(a)) !== first[i]) differ++;
console.log(`  first pass ${cold.hit} hits, ${cold.miss} misses; warm pass ${counts.hit} hits, ${counts.miss} misses, ${differ} answers differ from the first pass`);
kept.clear();
const released = filled - heap();
console.log(`  heap released by dropping the entries: ${(released / 2 ** 20).toFixed(1)} MiB, ${(released / entries / 1024).toFixed(1)} KiB per entry (heap after the first pass grew ${((filled - before) / 2 ** 20).toFixed(1)} MiB)`);
