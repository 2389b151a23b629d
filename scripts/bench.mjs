#!/usr/bin/env node
// Runs every benchmark in bench/ (files named *.bench.ts or *.bench.mjs) one after another; each prints its
// own figures. Benchmarks are bounded in time and only ever target loopback. `npm run bench -- NAME` runs
// the ones whose file name contains NAME. Builds first, since several benchmarks drive the built bundles.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const filter = process.argv[2] ?? '';
const files = readdirSync('bench').filter((f) => /\.bench\.(ts|mjs)$/.test(f) && f.includes(filter)).sort();
if (!files.length) {
  console.error(`no benchmark in bench/ matches "${filter}"`);
  process.exit(1);
}
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (run.status !== 0) {
    failed++;
    console.error(`${file} failed (exit ${run.status})`);
  }
}
process.exit(failed ? 1 : 0);
