#!/usr/bin/env node
// `npm run demo [-- --reset] [-- --port 8787]`: builds everything, seeds the embedded store under .focal-data with the
// demo optician (site key pk_demo) when it is empty, and starts the adapter on port 8787. Works offline.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { reset: { type: 'boolean' }, port: { type: 'string', default: process.env.PORT ?? '8787' }, 'data-dir': { type: 'string', default: '.focal-data' }, 'skip-build': { type: 'boolean' } },
  strict: true,
});
const bin = 'packages/server-adapter/bin/focal-adapter.js';
const env = { ...process.env, FOCAL_ADMIN_KEY: process.env.FOCAL_ADMIN_KEY ?? 'demo-admin-key-change-me' };
const step = (what) => console.log(`\n▸ ${what}`);

if (!values['skip-build']) {
  step('building (npm run build)');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('the build failed; see the errors above');
    process.exit(build.status ?? 1);
  }
}
if (!existsSync('packages/server-adapter/dist/cli.js')) {
  console.error('packages/server-adapter/dist/cli.js is missing: run npm run build');
  process.exit(1);
}

step(`seeding the demo store in ${values['data-dir']}${values.reset ? ' (from scratch)' : ' (skipped when already seeded)'}`);
const seed = spawnSync(process.execPath, [bin, 'seed', '--demo', '--data-dir', values['data-dir'], ...(values.reset ? ['--reset'] : [])], { stdio: 'inherit', env });
if (seed.status !== 0) process.exit(seed.status ?? 1);

step(`starting the adapter on port ${values.port}`);
const server = spawn(process.execPath, [bin, 'serve', '--port', values.port, '--host', '127.0.0.1', '--data-dir', values['data-dir']], { stdio: ['ignore', 'pipe', 'inherit'], env });
let announced = false;
server.stdout.setEncoding('utf8');
server.stdout.on('data', (chunk) => {
  if (!announced && chunk.includes('"listening"')) {
    announced = true;
    const url = `http://localhost:${values.port}`;
    console.log(`\n  Focal demo is running:\n    ${url}/            what is running\n    ${url}/healthz     store check\n    ${url}/metrics     Prometheus metrics\n  site key: pk_demo   admin key: ${env.FOCAL_ADMIN_KEY}\n  Ctrl-C stops it.\n`);
    return;
  }
  if (process.env.FOCAL_DEMO_VERBOSE) process.stdout.write(chunk);
});
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
