#!/usr/bin/env node
// Prints raw and gzip -9 bytes of every browser bundle, beside what a store ships today for the same job
// (Algolia recommend-js + its client, Snowplow's tracker; bundled the same way with esbuild, minified),
// and exits non-zero when a bundle is over its budget or missing. Run `npm run build` first.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const kB = 1024;
const bundles = [
  { name: 'script-tag bundle (tracking + widgets)', file: 'packages/widgets/dist/focal.min.js', budget: 18 * kB },
  { name: 'script-tag bundle, development build', file: 'packages/widgets/dist/focal.dev.js', budget: Infinity, optional: true },
  { name: 'reranker runtime chunk (lazy, JS only)', file: 'packages/widgets/dist/focal-reranker.min.js', budget: 30 * kB, optional: !existsSync('packages/widgets/src/script-reranker-chunk.ts') },
];

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const fmt = (n) => `${(n / kB).toFixed(2)} kB`.padStart(10);
let over = 0;
console.log('bundle'.padEnd(44), 'raw'.padStart(10), 'gzip -9'.padStart(10), 'budget'.padStart(10));
for (const b of bundles) {
  if (!existsSync(b.file)) {
    if (b.optional) continue;
    console.log(`${b.name.padEnd(44)} MISSING: ${b.file} (run npm run build)`);
    over++;
    continue;
  }
  const buf = readFileSync(b.file);
  const g = gz(buf);
  const ok = g <= b.budget;
  if (!ok) over++;
  console.log(b.name.padEnd(44), fmt(buf.length), fmt(g), b.budget === Infinity ? 'no budget'.padStart(10) : fmt(b.budget), b.budget === Infinity ? '(not for production pages)' : ok ? 'ok' : 'OVER BUDGET');
}

async function competitor(entry) {
  const out = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'iife', write: false, platform: 'browser', logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' } });
  return out.outputFiles[0].contents;
}
console.log('\nfor comparison, bundled with esbuild --minify, gzip -9:');
let theirs = 0;
for (const [name, entry] of [['Algolia recommend-js + @algolia/recommend', 'bench/fixtures/algolia-recommend.js'], ['Snowplow browser tracker', 'bench/fixtures/snowplow-tracker.js']]) {
  try {
    const buf = await competitor(entry);
    theirs += gz(buf);
    console.log(name.padEnd(44), fmt(buf.length), fmt(gz(buf)));
  } catch (error) {
    console.log(name.padEnd(44), `could not bundle: ${error.message.split('\n')[0]}`);
  }
}
if (theirs && existsSync(bundles[0].file)) {
  const ours = gz(readFileSync(bundles[0].file));
  console.log(`\nFocal's script-tag bundle is ${fmt(ours).trim()} vs ${fmt(theirs).trim()} for both together: ${((1 - ours / theirs) * 100).toFixed(1)} % smaller`);
}
if (over) {
  console.error(`\n${over} bundle(s) over budget or missing`);
  process.exit(1);
}
