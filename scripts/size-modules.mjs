#!/usr/bin/env node
// Where the bytes of the production script tag (focal.min.js) go: builds it in memory with the root rollup config
// (nothing is written), prints its gzip -9 total as `npm run size` measures it, then each module minified on its own
// (raw and gzip; module figures overlap, so they add up to more than the total). For size work:
//   node --import tsx scripts/size-modules.mjs [--top N]
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { minify } from 'terser';

process.env.FOCAL_BUILD = 'browser';
const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 40;
const [config] = (await import('../rollup.config.ts')).default;
const bundle = await rollup(config);
const { output } = await bundle.generate(config.output);
const whole = output[0].code;
console.log(`focal.min.js: ${whole.length} B raw, ${gzipSync(whole, { level: 9 }).length} B gzip -9`);

const rows = [];
const plain = await rollup({ ...config, plugins: config.plugins.filter((p) => p && p.name !== 'terser') });
for (const [id, m] of Object.entries((await plain.generate({ format: 'es' })).output[0].modules)) {
  if (!m.code) continue;
  const { code } = await minify(m.code, { compress: { passes: 2, unused: false }, mangle: true });
  rows.push([id.replace(/.*\/(packages|node_modules)\//, '$1/'), code.length, gzipSync(code, { level: 9 }).length]);
}
rows.sort((a, b) => b[2] - a[2]);
for (const [id, raw, gz] of rows.slice(0, top)) console.log(String(raw).padStart(7), String(gz).padStart(6), id);
