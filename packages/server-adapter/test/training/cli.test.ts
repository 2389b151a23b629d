/**
 * The `train` and `eval` commands end to end: a real PGlite store seeded with a small demo history, and the
 * Diginetica sample from ../shared/datasets (never copied into the repository).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelManifest } from '@focal/sdk-core/contracts';
import { generateDemoData } from '../../src/demo/index.js';
import { seedDemo } from '../../src/seed/demo.js';
import { openStore } from '../../src/store/store.js';
import { runActivate, runEval, runTrain } from '../../src/training/cli.js';
import { buildModel, sha256Hex, writeModel } from '../../src/training/model-files.js';
import { seededRandom } from '../../src/training/random.js';
import { initMlp } from '@focal/sdk-core/ranking';
import { AssetRegistry } from '../../src/assets/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'focal-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DIGINETICA = resolve(__dirname, '../../../../../shared/datasets/diginetica-sample.csv');

describe('focal-adapter train', () => {
  it('trains from the store, writes a valid model and makes it the active version', async () => {
    const dataDir = join(dir, 'store');
    const store = await openStore({ dataDir });
    await seedDemo(store, () => generateDemoData({ sessions: 400 }));
    await store.close();
    const lines: string[] = [];
    expect(await runTrain(['--data-dir', dataDir, '--out', join(dir, 'models'), '--epochs', '5'], (l) => lines.push(l))).toBe(0);
    const manifest = ModelManifest.parse(JSON.parse(readFileSync(join(dir, 'models', 'reranker.json'), 'utf8')));
    expect(manifest.sha256).toBe(sha256Hex(readFileSync(join(dir, 'models', 'reranker.onnx'))));
    expect(manifest.training.lists).toBeGreaterThan(30);
    expect(manifest.metrics['mrr@20']).toBeGreaterThan(0);
    expect(lines.join('\n')).toMatch(/held-out MRR@20/);
    const again = await openStore({ dataDir });
    expect((await again.models.active())?.version).toBe(manifest.version);
    await again.close();
  }, 90_000);

  it('--no-activate keeps the served model and stores a candidate that activate later serves', async () => {
    const dataDir = join(dir, 'candidate-store');
    const models = join(dir, 'live-models');
    // the model the storefronts are served today
    const live = buildModel({ mlp: initMlp([16, 32, 16, 1], seededRandom(3)), normalization: { mean: Array(16).fill(0), std: Array(16).fill(1) }, history: [], bestEpoch: 1, epochs: 1 },
      { source: 'test', lists: 0, candidates: 0, positives: 0, metrics: {} });
    await writeModel(models, live);
    const store = await openStore({ dataDir });
    await seedDemo(store, () => generateDemoData({ sessions: 400 }));
    await store.models.put(live.manifest, live.onnx);
    await store.models.activate(live.manifest.version);
    await store.close();
    const servedBytes = () => [readFileSync(join(models, 'reranker.json'), 'utf8'), readFileSync(join(models, 'reranker.onnx')).toString('base64')];
    const before = servedBytes();

    const lines: string[] = [];
    expect(await runTrain(['--data-dir', dataDir, '--out', models, '--epochs', '3', '--no-activate'], (l) => lines.push(l))).toBe(0);
    // the storefronts still get the live model, byte for byte, and so does the adapter's asset route
    expect(servedBytes()).toEqual(before);
    const served = await new AssetRegistry({ modelsDir: models }).resolve('reranker.json');
    expect(JSON.parse(served!.asset.bytes.toString('utf8')).version).toBe(live.manifest.version);
    // the candidate is stored for review, where the output says
    const candidateFolder = join(models, 'candidates');
    const printed = lines.join('\n');
    const version = /candidate model (mlp-[0-9a-f]{12}) \(not active/.exec(printed)?.[1];
    expect(version, printed).toBeDefined();
    const manifest = ModelManifest.parse(JSON.parse(readFileSync(join(candidateFolder, version!, 'reranker.json'), 'utf8')));
    expect(manifest.version).toBe(version);
    expect(manifest.sha256).toBe(sha256Hex(readFileSync(join(candidateFolder, version!, 'reranker.onnx'))));
    expect(printed).toContain(join(candidateFolder, version!, 'reranker.onnx'));
    expect(printed).toContain(`focal-adapter activate ${version}`);
    let reopened = await openStore({ dataDir });
    expect((await reopened.models.active())?.version).toBe(live.manifest.version);
    expect((await reopened.models.list()).map((m) => [m.version, m.active])).toContainEqual([version, false]);
    await reopened.close();

    // activation serves the candidate and makes it the store's active version
    const activated: string[] = [];
    expect(await runActivate([version!, '--data-dir', dataDir, '--out', models], (l) => activated.push(l))).toBe(0);
    expect(activated.join('\n')).toContain(`model ${version} (active)`);
    expect(readFileSync(join(models, 'reranker.json'), 'utf8')).toBe(readFileSync(join(candidateFolder, version!, 'reranker.json'), 'utf8'));
    expect(sha256Hex(readFileSync(join(models, 'reranker.onnx')))).toBe(manifest.sha256);
    reopened = await openStore({ dataDir });
    expect((await reopened.models.active())?.version).toBe(version);
    await reopened.close();

    // and back: the earlier version comes from the store (no candidate files for it)
    expect(await runActivate([live.manifest.version, '--data-dir', dataDir, '--out', models], () => undefined)).toBe(0);
    expect(JSON.parse(readFileSync(join(models, 'reranker.json'), 'utf8'))).toEqual(live.manifest);
    expect(servedBytes()[1]).toBe(before[1]);
    await expect(runActivate(['mlp-000000000000', '--data-dir', dataDir, '--out', models], () => undefined)).rejects.toThrow(/no model mlp-000000000000.*stored versions: /);
    await expect(runActivate(['../../etc', '--data-dir', dataDir, '--out', models], () => undefined)).rejects.toThrow(/VERSION must be a model version/);
  }, 120_000);

  it('explains an empty store', async () => {
    await expect(runTrain(['--data-dir', join(dir, 'empty'), '--out', join(dir, 'none')], () => undefined)).rejects.toThrow(/no events/);
  });
});

describe('focal-adapter eval', () => {
  it('on the Diginetica sample, the reranked order beats the server candidate order on MRR@20 and NDCG@10', async () => {
    const lines: string[] = [];
    expect(await runEval(['--train', DIGINETICA, '--json'], (l) => lines.push(l))).toBe(0);
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]);
    expect(r.testCases).toBeGreaterThan(50);
    expect(Object.keys(r.server)).toEqual(['hr@20', 'mrr@20', 'ndcg@10']);
    expect(r.reranked['mrr@20']).toBeGreaterThan(r.server['mrr@20']);
    expect(r.reranked['ndcg@10']).toBeGreaterThan(r.server['ndcg@10']);
  });

  it('reads separate train and test TSV files and prints the table', async () => {
    const rows = (sessions: number, offset: number) => {
      const out = ['SessionId\tItemId\tTime'];
      for (let s = 0; s < sessions; s++) for (let k = 0; k < 4; k++) out.push(`${offset + s}\ti${(s + k * 3) % 12}\t${1_600_000_000 + (offset + s) * 600 + k * 10}`);
      return `${out.join('\n')}\n`;
    };
    writeFileSync(join(dir, 'train.tsv'), rows(300, 0));
    writeFileSync(join(dir, 'test.tsv'), rows(20, 1000));
    const lines: string[] = [];
    expect(await runEval(['--train', join(dir, 'train.tsv'), '--test', join(dir, 'test.tsv'), '--source', 'coview', '--epochs', '3'], (l) => lines.push(l))).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/20 test sessions, 60 test cases/);
    expect(text).toMatch(/popularity\s+[\d.]+\s+[\d.]+\s+[\d.]+/);
    expect(text).toMatch(/reranked on device\s+[\d.]+/);
  });

  it('answers bad arguments with what to fix', async () => {
    await expect(runEval([], () => undefined)).rejects.toThrow(/--train FILE is required/);
    await expect(runEval(['--train', join(dir, 'nope.csv')], () => undefined)).rejects.toThrow(/cannot read/);
    await expect(runEval(['--train', 'x', '--source', 'magic'], () => undefined)).rejects.toThrow(/strategies or coview/);
  });
});
