/** `focal-adapter train` and `focal-adapter eval`. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { FocalEvent, Product } from '@focal/sdk-core/contracts';
import { STORE_FLAGS, configFromFlags, openConfiguredStore } from '../cli/store-flags.js';
import { UsageError } from '../cli/usage.js';
import { coViewPopularSource, strategyIndexSource } from './candidate-source.js';
import { evaluateSessions, type EvalResult } from './evaluate.js';
import { writeModel } from './model-files.js';
import { parseSessionLog } from './session-log.js';
import { preprocess, restrictTest, splitLastDays, toSessions, type Session } from './sessions.js';
import { trainFromEvents } from './train-events.js';

export const TRAIN_USAGE = `focal-adapter train [--site KEY] [--out DIR] [--epochs N] [--seed N] [--no-activate] [--data-dir DIR | --database-url URL]
  Trains the on-device reranker from the store's logged events (rec_impression = candidates, rec_click /
  add_to_cart / purchase from the same requestId = positives), holds out the newest 20 % of the lists to measure it,
  writes reranker.onnx + reranker.json into --out (default: the config's assets.modelsDir, else ./models) and stores
  the version in the store as the active model.`;

export const EVAL_USAGE = `focal-adapter eval --train FILE [--test FILE] [--test-days N] [--json] [--limit N] [--source strategies|coview] [--seed N]
  Offline next-item evaluation of a session log (comma, semicolon or tab separated; columns session_id/SessionId/session,
  item_id/ItemId/item, timestamp/Time/time/timeframe/eventdate). Without --test the sessions ending in the last
  --test-days days (default 7) are the test set. Items seen < 5 times and sessions of length 1 are dropped.
  Prints HR@20, MRR@20 and NDCG@10 for popularity, the server's candidate order and the on-device reranked order.`;

const int = (value: string | undefined, flag: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${flag} must be a whole number, got "${value}"`);
  return n;
};

/** `focal-adapter train`: resolves to the exit code. */
export async function runTrain(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({
    args: argv, strict: true,
    options: { ...STORE_FLAGS, site: { type: 'string' }, out: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, 'no-activate': { type: 'boolean' } },
  });
  if (values.help) {
    out(TRAIN_USAGE);
    return 0;
  }
  const config = configFromFlags(values);
  const dir = resolve(values.out ?? config.assets.modelsDir ?? 'models');
  const store = await openConfiguredStore(config);
  try {
    const events: FocalEvent[] = [];
    const sites = new Set<string>();
    for (let afterSeq = 0; ;) {
      const page = await store.events.list({ afterSeq, limit: 10_000, ...(values.site ? { siteKey: values.site } : {}) });
      if (!page.length) break;
      for (const e of page) {
        events.push({ ...e.event, createdAt: e.eventTime });
        sites.add(e.siteKey);
      }
      afterSeq = page[page.length - 1].seq;
    }
    if (!events.length) throw new Error(`no events in the store${values.site ? ` for site ${values.site}` : ''}: ingest some (or run focal-adapter seed --demo) first`);
    const products: Product[] = [];
    for (const site of sites) products.push(...(await store.catalog.list(site, { limit: 100_000 })));
    out(`training from ${events.length} events of ${sites.size} site(s), ${products.length} products`);
    const trained = trainFromEvents(events, products, {
      source: `store events (${[...sites].join(', ')})`, epochs: int(values.epochs, 'epochs', 25), seed: int(values.seed, 'seed', 7),
    });
    const files = await writeModel(dir, trained.model);
    const { manifest } = trained.model;
    await store.models.put(manifest, trained.model.onnx);
    if (!values['no-activate']) await store.models.activate(manifest.version);
    const m = trained.metrics;
    out(`${trained.trainLists} training lists, ${trained.holdoutLists} held out (newest)`);
    out(`held-out MRR@20  server order ${m['baseline_mrr@20'].toFixed(4)}  reranked ${m['mrr@20'].toFixed(4)}`);
    out(`held-out NDCG@10 server order ${m['baseline_ndcg@10'].toFixed(4)}  reranked ${m['ndcg@10'].toFixed(4)}`);
    out(`model ${manifest.version}${values['no-activate'] ? '' : ' (active)'}: ${files.onnxPath}, ${files.manifestPath}`);
    return 0;
  } finally {
    await store.close();
  }
}

async function readSessions(file: string): Promise<Session[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return toSessions(parseSessionLog(text).rows);
}

/** Formats an evaluation as the table `eval` prints. */
export function formatEval(file: string, r: EvalResult): string {
  const f = (x: number) => x.toFixed(4).padStart(8);
  const line = (name: string, m: EvalResult['server']) => `${name.padEnd(28)}${f(m['hr@20'])}${f(m['mrr@20'])}${f(m['ndcg@10'])}`;
  return [
    `${file}: ${r.trainSessions} training sessions, ${r.testSessions} test sessions, ${r.testCases} test cases`,
    `candidates: ${r.candidateSource}; true next item among them in ${(r.candidateRecall * 100).toFixed(1)} % of cases; reranker trained on ${r.trainLists} lists`,
    `${''.padEnd(28)}${'HR@20'.padStart(8)}${'MRR@20'.padStart(8)}${'NDCG@10'.padStart(8)}`,
    line('popularity', r.popularity), line('server candidate order', r.server), line('reranked on device', r.reranked),
  ].join('\n');
}

/** `focal-adapter eval`: resolves to the exit code. */
export async function runEval(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({
    args: argv, strict: true,
    options: {
      train: { type: 'string' }, test: { type: 'string' }, 'test-days': { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' },
      source: { type: 'string' }, seed: { type: 'string' }, epochs: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(EVAL_USAGE);
    return 0;
  }
  if (!values.train) throw new UsageError('--train FILE is required');
  if (values.source && !['strategies', 'coview'].includes(values.source)) throw new UsageError(`--source must be strategies or coview, got "${values.source}"`);
  let train = preprocess(await readSessions(values.train));
  let test: Session[];
  if (values.test) test = restrictTest(train, preprocess(await readSessions(values.test), 1, 2));
  else ({ train, test } = splitLastDays(train, int(values['test-days'], 'test-days', 7)));
  const result = evaluateSessions(train, test, {
    limit: int(values.limit, 'limit', 50), seed: int(values.seed, 'seed', 7), epochs: int(values.epochs, 'epochs', 30),
    source: values.source === 'coview' ? coViewPopularSource : () => strategyIndexSource(),
    log: values.json ? undefined : (line) => out(line),
  });
  out(values.json ? JSON.stringify(result) : formatEval(values.train, result));
  return 0;
}
