/**
 * Trains the reranker MLP on candidate lists with the listwise softmax loss (mini-batches of lists, Adam),
 * keeping the parameters of the epoch with the best validation loss.
 */
import { initMlp, standardise, type Mlp } from '@focal/sdk-core/ranking';
import { adam, type AdamOptions } from './adam.js';
import { lossAndGradient, listLoss, zerosLike, type Params, type TrainingList } from './listwise.js';
import { seededRandom, shuffle } from './random.js';

export interface TrainOptions extends AdamOptions {
  /** Layer widths; the first must equal the feature count. @default [16, 32, 16, 1] */
  widths?: number[];
  /** @default 20 */
  epochs?: number;
  /** Lists per gradient step. @default 16 */
  batchSize?: number;
  /** Share of lists held out to pick the best epoch. @default 0.1 */
  validationShare?: number;
  /** @default 7 */
  seed?: number;
  /** Called after each epoch (progress output). */
  onEpoch?: (epoch: number, trainLoss: number, validLoss: number) => void;
}

export interface Normalization {
  mean: number[];
  std: number[];
}

export interface TrainResult {
  mlp: Mlp;
  normalization: Normalization;
  /** Mean loss per list after each epoch. */
  history: { epoch: number; trainLoss: number; validLoss: number }[];
  /** The epoch whose parameters were kept (1-based; 0 = the initial ones). */
  bestEpoch: number;
  epochs: number;
}

/** Mean and standard deviation of every column over all rows of all lists (std 1 for constant columns). */
export function fitNormalization(lists: readonly TrainingList[], columns: number): Normalization {
  const sum = new Float64Array(columns);
  const sq = new Float64Array(columns);
  let rows = 0;
  for (const list of lists) {
    for (let i = 0; i < list.x.length; i++) {
      sum[i % columns] += list.x[i];
      sq[i % columns] += list.x[i] * list.x[i];
    }
    rows += list.x.length / columns;
  }
  const mean = [...sum].map((s) => (rows ? s / rows : 0));
  const std = [...sq].map((s, j) => {
    const variance = rows ? s / rows - mean[j] ** 2 : 0;
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { mean, std };
}

/** Columns whose value is the same in every row of every list. */
export function constantColumns(lists: readonly TrainingList[], columns: number): number[] {
  const first = lists.find((l) => l.x.length >= columns)?.x;
  if (!first) return [];
  const same = Array.from({ length: columns }, (_, j) => j);
  return same.filter((j) => lists.every((l) => {
    for (let i = j; i < l.x.length; i += columns) if (l.x[i] !== first[j]) return false;
    return true;
  }));
}

const toParams = (mlp: Mlp, widths: number[]): Params => ({
  widths, w: mlp.layers.map((l) => Float64Array.from(l.weights)), b: mlp.layers.map((l) => Float64Array.from(l.bias)),
});
const toMlp = (p: Params): Mlp => ({
  layers: p.w.map((w, l) => ({ inputs: p.widths[l], outputs: p.widths[l + 1], weights: Float32Array.from(w), bias: Float32Array.from(p.b[l]) })),
});
const copy = (p: Params): Params => ({ widths: p.widths, w: p.w.map((a) => a.slice()), b: p.b.map((a) => a.slice()) });

const meanLoss = (p: Params, lists: readonly TrainingList[]) => (lists.length ? lists.reduce((s, l) => s + listLoss(p, l), 0) / lists.length : 0);

/**
 * Trains on raw-feature lists (lists without a positive label or with one candidate are skipped). Deterministic for
 * a given seed. Throws when no usable list is left.
 */
export function trainReranker(rawLists: readonly TrainingList[], options: TrainOptions = {}): TrainResult {
  const { widths = [16, 32, 16, 1], epochs = 20, batchSize = 16, validationShare = 0.1, seed = 7, onEpoch } = options;
  const columns = widths[0];
  const usable = rawLists.filter((l) => l.labels.length > 1 && l.labels.some((y) => y > 0) && l.x.length === l.labels.length * columns);
  if (!usable.length) throw new Error('no training list has a positive and at least two candidates: log rec_impression and rec_click events (with requestId) first');
  const random = seededRandom(seed);
  const normalization = fitNormalization(usable, columns);
  const lists = shuffle(usable.map((l) => ({ x: standardise(l.x, columns, normalization.mean, normalization.std), labels: l.labels })), random);
  const nValid = lists.length >= 20 ? Math.max(1, Math.round(lists.length * validationShare)) : 0;
  const valid = lists.slice(0, nValid);
  const train = lists.slice(nValid);
  const params = toParams(initMlp(widths, random), widths);
  // A column that never varied in the lists (e.g. dwell time, which no event logs) teaches nothing: its input is 0 in
  // training, so its first-layer weights would keep their random start and the device, which does measure it, would
  // rank with that noise. They start at 0 and stay 0 (their gradient is 0).
  for (const j of constantColumns(usable, columns)) params.w[0].fill(0, j * widths[1], (j + 1) * widths[1]);
  const optimiser = adam(params, options);
  let best = copy(params);
  let bestLoss = meanLoss(params, valid.length ? valid : train);
  let bestEpoch = 0;
  const history: TrainResult['history'] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(train, random);
    let total = 0;
    for (let start = 0; start < train.length; start += batchSize) {
      const batch = train.slice(start, start + batchSize);
      const grads = zerosLike(params);
      for (const list of batch) total += lossAndGradient(params, list, grads);
      for (const g of [...grads.w, ...grads.b]) for (let i = 0; i < g.length; i++) g[i] /= batch.length;
      optimiser.step(params, grads);
    }
    const trainLoss = total / train.length;
    const validLoss = valid.length ? meanLoss(params, valid) : trainLoss;
    history.push({ epoch, trainLoss, validLoss });
    onEpoch?.(epoch, trainLoss, validLoss);
    if (validLoss < bestLoss) {
      bestLoss = validLoss;
      best = copy(params);
      bestEpoch = epoch;
    }
  }
  return { mlp: toMlp(best), normalization, history, bestEpoch, epochs };
}
