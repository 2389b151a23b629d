/**
 * Offline evaluation of next-item prediction on a session log: popularity, the server's candidate order, and the
 * same candidates reranked by the on-device model — which is trained on the training part only (lists from the
 * prefixes of the latest training sessions, candidates from an index of the earlier ones, positive = true next item).
 */
import type { FocalEvent } from '@focal/sdk-core/contracts';
import { computeFeatures, emptySession, forward, observe, standardise, type SessionState } from '@focal/sdk-core/ranking';
import { strategyIndexSource, type CandidateSource } from './candidate-source.js';
import { hitRate, MetricMeans, ndcgSingle, orderByScores, reciprocalRank } from './metrics.js';
import type { TrainingList } from './listwise.js';
import type { Session } from './sessions.js';
import { trainReranker, type TrainOptions, type TrainResult } from './train.js';
import { seededRandom, shuffle } from './random.js';

export interface EvalOptions extends TrainOptions {
  /** Candidates asked of the source per prefix. @default 50 */
  limit?: number;
  /** Share of the training sessions (oldest) whose index generates the reranker's training lists. @default 0.7 */
  indexShare?: number;
  /** At most this many training lists (a random sample). @default 30000 */
  maxTrainLists?: number;
  /** A fresh candidate source (called twice: once for list generation, once for the test). @default strategyIndexSource */
  source?: () => CandidateSource;
  log?: (line: string) => void;
}

export interface MetricRow {
  'hr@20': number;
  'mrr@20': number;
  'ndcg@10': number;
}

export interface EvalResult {
  trainSessions: number;
  testSessions: number;
  testCases: number;
  trainLists: number;
  /** Share of test cases whose true next item is among the candidates. */
  candidateRecall: number;
  candidateSource: string;
  popularity: MetricRow;
  server: MetricRow;
  reranked: MetricRow;
}

/** The session state after the first `k + 1` views of a session, built incrementally by the caller. */
export function viewSignal(productId: string, at: number): FocalEvent {
  return { type: 'product_view', createdAt: new Date(at).toISOString(), properties: { productId } } as FocalEvent;
}

const row = (rank: number | undefined): MetricRow => ({ 'hr@20': hitRate(rank, 20), 'mrr@20': reciprocalRank(rank, 20), 'ndcg@10': ndcgSingle(rank, 10) });

/** Visits every prefix (length ≥ 1) of every session with its session state; `next` is the true next item. */
function eachPrefix(sessions: readonly Session[], visit: (s: Session, k: number, state: SessionState, next: string) => void): void {
  for (const s of sessions) {
    let state = emptySession();
    for (let k = 0; k + 1 < s.items.length; k++) {
      state = observe(state, viewSignal(s.items[k], s.times[k]), undefined, s.times[k]);
      visit(s, k, state, s.items[k + 1]);
    }
  }
}

/** Training lists for the reranker from `sessions`' prefixes, candidates from `source`. */
export function prefixLists(sessions: readonly Session[], source: CandidateSource, limit: number): TrainingList[] {
  const lists: TrainingList[] = [];
  eachPrefix(sessions, (s, k, state, next) => {
    const cands = source.candidates(s.items.slice(0, k + 1), s.times.slice(0, k + 1), s.times[k], limit);
    const at = cands.findIndex((c) => c.id === next);
    if (at < 0 || cands.length < 2) return;
    const labels = new Float32Array(cands.length);
    labels[at] = 1;
    lists.push({ x: computeFeatures(cands, state, s.times[k]), labels });
  });
  return lists;
}

/** Trains the reranker for an evaluation on the training sessions only. */
export function trainForEval(train: readonly Session[], options: EvalOptions = {}): { result: TrainResult; lists: number } {
  const { limit = 50, indexShare = 0.7, maxTrainLists = 30_000, source = () => strategyIndexSource(), log } = options;
  const ordered = [...train].sort((a, b) => a.times[a.times.length - 1] - b.times[b.times.length - 1]);
  const cut = Math.floor(ordered.length * indexShare);
  const early = source();
  for (const s of ordered.slice(0, cut)) early.addSession(s);
  let lists = prefixLists(ordered.slice(cut), early, limit);
  if (lists.length > maxTrainLists) lists = shuffle(lists, seededRandom(options.seed ?? 7)).slice(0, maxTrainLists);
  log?.(`reranker: ${lists.length} training lists from ${ordered.length - cut} later training sessions (candidates from the ${cut} earlier ones)`);
  const result = trainReranker(lists, { epochs: 30, ...options });
  return { result, lists: lists.length };
}

/** Runs the whole offline evaluation. */
export function evaluateSessions(train: readonly Session[], test: readonly Session[], options: EvalOptions = {}): EvalResult {
  const { limit = 50, source = () => strategyIndexSource(), log } = options;
  if (!train.length || !test.length) throw new Error(`need training and test sessions (got ${train.length} and ${test.length}): use a longer log or a shorter test period`);
  const { result, lists } = trainForEval(train, options);
  const full = source();
  for (const s of [...train].sort((a, b) => a.times[0] - b.times[0])) full.addSession(s);
  const counts = new Map<string, number>();
  for (const s of train) for (const i of s.items) counts.set(i, (counts.get(i) ?? 0) + 1);
  const popular = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20).map(([id]) => id);

  const pop = new MetricMeans();
  const server = new MetricMeans();
  const reranked = new MetricMeans();
  let covered = 0;
  const { mean, std } = result.normalization;
  eachPrefix(test, (s, k, state, next) => {
    const p = popular.indexOf(next);
    pop.add({ ...row(p < 0 ? undefined : p + 1) });
    const cands = full.candidates(s.items.slice(0, k + 1), s.times.slice(0, k + 1), s.times[k], limit);
    const at = cands.findIndex((c) => c.id === next);
    server.add({ ...row(at < 0 ? undefined : at + 1) });
    if (at < 0) {
      reranked.add({ ...row(undefined) });
      return;
    }
    covered++;
    const x = standardise(computeFeatures(cands, state, s.times[k]), mean.length, mean, std);
    const order = orderByScores(forward(result.mlp, x, cands.length));
    reranked.add({ ...row(order.indexOf(at) + 1) });
  });
  return {
    trainSessions: train.length, testSessions: test.length, testCases: pop.count, trainLists: lists,
    candidateRecall: pop.count ? covered / pop.count : 0, candidateSource: full.name,
    popularity: pop.means() as unknown as MetricRow, server: server.means() as unknown as MetricRow, reranked: reranked.means() as unknown as MetricRow,
  };
}
