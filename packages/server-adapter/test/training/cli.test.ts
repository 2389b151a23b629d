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
import { runEval, runTrain } from '../../src/training/cli.js';
import { sha256Hex } from '../../src/training/model-files.js';

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
