#!/usr/bin/env node
// Runs every test (unit + browser) once and ends with the line `N passed, N failed`.
// Extra arguments go to vitest, e.g. `npm test -- packages/sdk-core`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

// The store tests run on PGlite and on PostgreSQL. Without DATABASE_URL they use the local PostgreSQL, so a machine
// without one fails those tests loudly instead of skipping them; FOCAL_TEST_POSTGRES=off leaves PostgreSQL out, and says so.
const env = { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };
if (process.env.FOCAL_TEST_POSTGRES === 'off') {
  delete env.DATABASE_URL;
  console.log('FOCAL_TEST_POSTGRES=off: the store tests run on PGlite only; PostgreSQL is not tested in this run');
} else {
  env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';
  console.log(`PostgreSQL for the store tests: ${env.DATABASE_URL.replace(/\/\/[^@/]*@/, '//…@')}`);
}

const out = '.vitest-results.json';
rmSync(out, { force: true });
const run = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env },
);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(out)) {
  const report = JSON.parse(readFileSync(out, 'utf8'));
  passed = report.numPassedTests ?? 0;
  // A failing test also fails its describe blocks and file (numFailedTestSuites); those count only when no test
  // failed, i.e. a file that could not be collected at all.
  failed = report.numFailedTests || report.numFailedTestSuites || 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
const code = run.status ?? 1;
if (code !== 0 && failed === 0) failed = 1; // vitest failed outside any test (config, collection): never report green
if (passed === 0 && failed === 0) failed = 1; // a run that executed nothing is not a pass
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
