/**
 * Trains the shipped model on the demo history (deterministic: fixed demo seed, training seed and timestamp) and
 * writes `models/reranker.onnx` + `models/reranker.json`.
 *
 *   node --conditions=@focal/source --import tsx packages/server-adapter/src/training/train-demo.ts [--sessions N] [--out DIR]
 */
import { fileURLToPath } from 'node:url';
import { generateDemoData, DEFAULT_DEMO_NOW, DEFAULT_DEMO_SEED } from '../demo/index.js';
import { writeModel } from './model-files.js';
import { trainFromEvents } from './train-events.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const sessions = Number(opt('--sessions') ?? 20000);
const out = opt('--out') ?? fileURLToPath(new URL('../../../../models/', import.meta.url));
const started = Date.now();
const demo = generateDemoData({ sessions });
console.log(`demo history: ${demo.events.length} events, ${demo.products.length} products (seed ${DEFAULT_DEMO_SEED}, ${sessions} sessions)`);
const trained = trainFromEvents(demo.events, demo.products, {
  source: `demo history (seed ${DEFAULT_DEMO_SEED}, ${sessions} sessions)`, createdAt: DEFAULT_DEMO_NOW, seed: 7, epochs: 25,
  // as seed --demo stores them, so the rebuilt ageDays is the one the demo adapter serves
  listings: new Map(Object.entries(demo.listedAt).map(([id, at]) => [id, { listedAt: Date.parse(at) }])),
  onEpoch: (e, tr, va) => console.log(`epoch ${String(e).padStart(2)}  train loss ${tr.toFixed(4)}  validation loss ${va.toFixed(4)}`),
});
const files = await writeModel(out, trained.model);
const m = trained.metrics;
console.log(`lists: ${trained.stats.requests} requests logged, ${trained.trainLists} for training, ${trained.holdoutLists} held out (latest)`);
console.log(`held-out  logged server order: MRR@20 ${m['baseline_mrr@20'].toFixed(4)}  NDCG@10 ${m['baseline_ndcg@10'].toFixed(4)}`);
console.log(`held-out  reranked on device:  MRR@20 ${m['mrr@20'].toFixed(4)}  NDCG@10 ${m['ndcg@10'].toFixed(4)}`);
console.log(`wrote ${files.onnxPath} (${trained.model.onnx.length} bytes) and ${files.manifestPath}, version ${trained.model.manifest.version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
