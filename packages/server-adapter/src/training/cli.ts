/** `focal-adapter train`, `focal-adapter activate` and `focal-adapter eval`. */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseFlags } from '../cli/flags.js';
import { ModelManifest } from '@focal/sdk-core/contracts';
import { STORE_FLAGS, configFromFlags, openConfiguredStore } from '../cli/store-flags.js';
import { UsageError } from '../cli/usage.js';
import { coViewPopularSource, strategyIndexSource } from './candidate-source.js';
import { evaluateSessions, type EvalResult } from './evaluate.js';
import { CANDIDATES_DIR, candidateDir, sha256Hex, writeModel } from './model-files.js';
import { parseSessionLog } from './session-log.js';
import { preprocess, restrictTest, splitLastDays, toSessions, type Session } from './sessions.js';
import { readTrainingInput } from './store-input.js';
import { notBetterReason, trainFromEvents } from './train-events.js';

/**
 * Exit code of `train` when the model was trained but not activated because it does not beat the server order on
 * the held-out lists (written as a candidate; the served model is unchanged). Distinct from 1 (error) and 2 (usage),
 * so a scheduled retraining job can alert on it, or accept it with `|| [ $? -eq 3 ]`.
 */
export const EXIT_NOT_BETTER = 3;

export const TRAIN_USAGE = `focal-adapter train [--site KEY] [--out DIR] [--epochs N] [--seed N] [--no-activate] [--data-dir DIR | --database-url URL]
  Trains the on-device reranker from the store's logged events (rec_impression = candidates, rec_click /
  add_to_cart / purchase from the same requestId = positives), holds out the newest 20 % of the lists to measure it,
  writes reranker.onnx + reranker.json into --out (default: the config's assets.modelsDir, else ./models), the files
  the adapter serves, and stores the version in the store as the active model — only when its held-out MRR@20 beats
  the server order's: a model that does not is written as a candidate (as with --no-activate), both figures and the
  command to serve it anyway are printed, and train exits with code ${EXIT_NOT_BETTER} (served model unchanged).
  --no-activate trains a candidate for review: it is written to --out/${CANDIDATES_DIR}/VERSION/ and stored, not active;
  the served model files and the store's active version stay as they are. Serve it later with focal-adapter activate.`;

export const ACTIVATE_USAGE = `focal-adapter activate VERSION [--out DIR] [--data-dir DIR | --database-url URL]
  Serves a model trained before: a candidate of train --no-activate (--out/${CANDIDATES_DIR}/VERSION/), or any version the
  store holds (e.g. to roll back). Checks its sha256, writes it over reranker.onnx + reranker.json in --out (default:
  the config's assets.modelsDir, else ./models; the manifest last) and makes it the store's active version.`;

export const EVAL_USAGE = `focal-adapter eval --train FILE [--test FILE] [--test-days N] [--json] [--limit N] [--source strategies|coview] [--seed N]
  Offline next-item evaluation of a session log (comma, semicolon or tab separated; columns session_id/SessionId/session,
  item_id/ItemId/item, timestamp/Time/time/timeframe/eventdate). Without --test the sessions ending in the last
  --test-days days (default 7) are the test set. Items seen < 5 times and sessions of length 1 are dropped.
  Prints HR@20, MRR@20 and NDCG@10 for popularity, the server's candidate order and the on-device reranked order.`;

const int = (value: string | undefined, flag: string, fallback: number, min = 0): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${flag} must be a whole number${min ? ` ≥ ${min}` : ''}, got "${value}"`);
  return n;
};

/** `focal-adapter train`: resolves to the exit code. */
export async function runTrain(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseFlags({
    args: argv, strict: true,
    options: { ...STORE_FLAGS, site: { type: 'string' }, out: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, 'no-activate': { type: 'boolean' } },
  });
  if (values.help) {
    out(TRAIN_USAGE);
    return 0;
  }
  // 0 epochs would write (and activate) the untrained, random network
  const epochs = int(values.epochs, 'epochs', 25, 1);
  const seed = int(values.seed, 'seed', 7);
  const config = configFromFlags(values);
  const dir = resolve(values.out ?? config.assets.modelsDir ?? 'models');
  const store = await openConfiguredStore(config);
  try {
    const { events, products, listings, sites, warnings } = await readTrainingInput(store, values.site);
    if (!sites.length) throw new Error(`no events in the store${values.site ? ` for site ${values.site}` : ''}: ingest some (or run focal-adapter seed --demo) first`);
    for (const warning of warnings) out(`warning: ${warning}`);
    out(`training from ${events.length} events of ${sites.length} site(s), ${products.length} products`);
    const trained = trainFromEvents(events, products, {
      source: `store events (${sites.join(', ')})`, epochs, seed, listings,
    });
    const { manifest } = trained.model;
    const m = trained.metrics;
    // a model that ranks the held-out lists no better than the server did would make recommendations worse
    const notBetter = notBetterReason(m, trained.result.bestEpoch);
    const candidate = Boolean(values['no-activate']) || Boolean(notBetter);
    // a candidate goes beside the served files, never over them: the storefronts keep the active model
    const files = await writeModel(candidate ? candidateDir(dir, manifest.version) : dir, trained.model);
    await store.models.put(manifest, trained.model.onnx);
    if (!candidate) await store.models.activate(manifest.version);
    const { impressions, unknownProducts } = trained.stats;
    if (unknownProducts) out(`${unknownProducts} of the ${impressions} impressions name products the catalog does not hold: left out of the lists`);
    out(`${trained.trainLists} training lists, ${trained.holdoutLists} held out (newest)`);
    out(`held-out MRR@20  server order ${m['baseline_mrr@20'].toFixed(4)}  reranked ${m['mrr@20'].toFixed(4)}`);
    out(`held-out NDCG@10 server order ${m['baseline_ndcg@10'].toFixed(4)}  reranked ${m['ndcg@10'].toFixed(4)}`);
    if (notBetter) {
      out(`warning: model ${manifest.version} ${values['no-activate'] ? 'is no improvement' : 'NOT activated'}: ${notBetter}; serving it could make recommendations worse than the server's order`);
    }
    if (candidate) {
      out(`candidate model ${manifest.version} (not active; the served model in ${dir} is unchanged): ${files.onnxPath}, ${files.manifestPath}`);
      out(`to serve it${notBetter ? ' anyway' : ''}: focal-adapter activate ${manifest.version}${values.out ? ` --out ${values.out}` : ''} (with the same store flags)`);
    } else {
      out(`model ${manifest.version} (active): ${files.onnxPath}, ${files.manifestPath}`);
    }
    return notBetter && !values['no-activate'] ? EXIT_NOT_BETTER : 0;
  } finally {
    await store.close();
  }
}

/** A model version as a folder name: letters, digits, `.`, `_`, `-` (e.g. `mlp-890c6478c340`), never `.` or `..`. */
const VERSION = /^(?!\.\.?$)[A-Za-z0-9._-]{1,128}$/;

/** The candidate's files of `version` in `dir`, when they are there, parse and match (else why not). */
async function readCandidate(dir: string, version: string): Promise<{ onnx: Uint8Array; manifest: ModelManifest } | string> {
  const folder = candidateDir(dir, version);
  let text: string;
  try {
    text = await readFile(join(folder, 'reranker.json'), 'utf8');
  } catch {
    return `no ${join(folder, 'reranker.json')}`;
  }
  let manifest: ModelManifest;
  try {
    manifest = ModelManifest.parse(JSON.parse(text));
  } catch (error) {
    throw new Error(`${join(folder, 'reranker.json')} is not a valid model manifest (${(error as Error).message.slice(0, 200)})`);
  }
  if (manifest.version !== version) throw new Error(`${join(folder, 'reranker.json')} is model ${manifest.version}, not ${version}`);
  let onnx: Uint8Array;
  try {
    onnx = await readFile(join(folder, manifest.file));
  } catch {
    throw new Error(`candidate ${version} has a manifest but no ${join(folder, manifest.file)}: train it again`);
  }
  return { onnx, manifest };
}

/** `focal-adapter activate VERSION`: resolves to the exit code. */
export async function runActivate(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseFlags({ args: argv, strict: true, allowPositionals: true, options: { ...STORE_FLAGS, out: { type: 'string' } } });
  if (values.help) {
    out(ACTIVATE_USAGE);
    return 0;
  }
  const version = positionals[0];
  if (!version || positionals.length > 1) throw new UsageError('give exactly one model VERSION, as train printed it, e.g. focal-adapter activate mlp-890c6478c340');
  if (!VERSION.test(version)) throw new UsageError(`VERSION must be a model version such as mlp-890c6478c340 (letters, digits, ".", "_", "-"), got ${JSON.stringify(version.slice(0, 80))}`);
  const config = configFromFlags(values);
  const dir = resolve(values.out ?? config.assets.modelsDir ?? 'models');
  const store = await openConfiguredStore(config);
  try {
    let model = await readCandidate(dir, version);
    if (typeof model === 'string') {
      const all = await store.models.list();
      const stored = all.find((m) => m.version === version);
      const onnx = stored && (await store.models.onnx(version));
      if (!stored || !onnx) {
        const known = all.map((m) => m.version);
        throw new UsageError(`no model ${version}: ${model}, and the store ${stored ? 'has no ONNX file for it' : 'does not hold it'}`
          + `${known.length ? ` (stored versions: ${known.slice(-10).join(', ')})` : ''}`);
      }
      const parsed = ModelManifest.safeParse(stored.manifest);
      if (!parsed.success) throw new Error(`the store's manifest of ${version} is not a valid model manifest: train it again`);
      model = { onnx, manifest: parsed.data };
    }
    if (sha256Hex(model.onnx) !== model.manifest.sha256) {
      throw new Error(`model ${version}: the ONNX file's sha256 is ${sha256Hex(model.onnx)}, the manifest says ${model.manifest.sha256}; not activated`);
    }
    const files = await writeModel(dir, model);
    await store.models.put(model.manifest, model.onnx);
    await store.models.activate(version);
    out(`model ${version} (active): ${files.onnxPath}, ${files.manifestPath}`);
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * The sessions of a log file. A log none of whose rows can be read is refused naming the first unreadable one (a
 * time format the reader does not know would otherwise end in "need training and test sessions (got 0 and 0)");
 * `skipped` counts the rows left out of a log read in part.
 */
async function readSessions(file: string, skipped: { rows: number } = { rows: 0 }): Promise<Session[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const log = parseSessionLog(text);
  if (!log.rows.length && log.skipped) {
    throw new UsageError(`none of the ${log.skipped} rows of ${file} could be read (${log.firstSkipped}): every row needs a session, an item and a time `
      + '(ISO 8601 such as 2016-05-09T10:00:00, a day such as 2016-05-09, or epoch seconds or milliseconds)');
  }
  if (log.skipped) skipped.rows += log.skipped;
  return toSessions(log.rows);
}

/** Formats an evaluation as the table `eval` prints. */
export function formatEval(file: string, r: EvalResult, skippedRows = 0): string {
  const f = (x: number) => x.toFixed(4).padStart(8);
  const line = (name: string, m: EvalResult['server']) => `${name.padEnd(28)}${f(m['hr@20'])}${f(m['mrr@20'])}${f(m['ndcg@10'])}`;
  return [
    `${file}: ${r.trainSessions} training sessions, ${r.testSessions} test sessions, ${r.testCases} test cases${
      skippedRows ? ` (${skippedRows} rows without a session, an item or a readable time left out)` : ''}`,
    `candidates: ${r.candidateSource}; true next item among them in ${(r.candidateRecall * 100).toFixed(1)} % of cases; reranker trained on ${r.trainLists} lists`,
    `${''.padEnd(28)}${'HR@20'.padStart(8)}${'MRR@20'.padStart(8)}${'NDCG@10'.padStart(8)}`,
    line('popularity', r.popularity), line('server candidate order', r.server), line('reranked on device', r.reranked),
  ].join('\n');
}

/** `focal-adapter eval`: resolves to the exit code. */
export async function runEval(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseFlags({
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
  // a list needs 2 candidates to be ranked; 0 epochs would evaluate the untrained network
  const limit = int(values.limit, 'limit', 50, 2);
  const epochs = int(values.epochs, 'epochs', 30, 1);
  const seed = int(values.seed, 'seed', 7);
  const skipped = { rows: 0 };
  let train = preprocess(await readSessions(values.train, skipped));
  let test: Session[];
  if (values.test) {
    test = restrictTest(train, preprocess(await readSessions(values.test, skipped), 1, 2));
    // a session in both logs is predicted by a model and candidates that learnt it: every figure is inflated
    const seen = new Set(train.map((s) => `${s.id}@${s.times[0]}`));
    const shared = test.filter((s) => seen.has(`${s.id}@${s.times[0]}`)).length;
    if (shared) throw new UsageError(`${shared} of the ${test.length} test sessions of ${values.test} are also in ${values.train} (same id and start): give --test a log of other, later sessions, or leave it out to test on the last --test-days days`);
  }
  else ({ train, test } = splitLastDays(train, int(values['test-days'], 'test-days', 7, 1)));
  const result = evaluateSessions(train, test, {
    limit, seed, epochs,
    source: values.source === 'coview' ? coViewPopularSource : () => strategyIndexSource(),
    log: values.json ? undefined : (line) => out(line),
  });
  out(values.json ? JSON.stringify({ ...result, skippedRows: skipped.rows }) : formatEval(values.train, result, skipped.rows));
  return 0;
}
