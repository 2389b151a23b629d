#!/usr/bin/env node
// `npm run demo [-- --reset] [-- --port 8787] [-- --store-port 3000]`: builds everything, seeds the embedded store under
// .focal-data with the demo optician (site key pk_demo) when it is empty, trains the reranker when models/ has none,
// starts the adapter on port 8787 and the example storefront (examples/storefront) on port 3000. Works offline.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { reset: { type: 'boolean' }, port: { type: 'string', default: process.env.PORT ?? '8787' }, 'data-dir': { type: 'string', default: '.focal-data' }, 'skip-build': { type: 'boolean' }, 'store-port': { type: 'string', default: '3000' } },
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
// the storefront's origin must be allowed by pk_demo (CORS), also when it runs on another port than 3000
const shopOrigins = ['localhost', '127.0.0.1'].flatMap((host) => ['--origin', `http://${host}:${values['store-port']}`]);
const seed = spawnSync(process.execPath, [bin, 'seed', '--demo', '--data-dir', values['data-dir'], ...shopOrigins, ...(values.reset ? ['--reset'] : [])], { stdio: 'inherit', env });
if (seed.status !== 0) process.exit(seed.status ?? 1);

if (!existsSync('models/reranker.json')) {
  step('training the on-device reranker from the demo history (no models/reranker.json yet)');
  const train = spawnSync(process.execPath, [bin, 'train', '--site', 'pk_demo', '--out', 'models', '--data-dir', values['data-dir']], { stdio: 'inherit', env });
  if (train.status !== 0) console.error('training failed: the storefront still works, with the server order only');
}

step(`starting the adapter on port ${values.port}`);
const server = spawn(process.execPath, [bin, 'serve', '--port', values.port, '--host', '127.0.0.1', '--data-dir', values['data-dir']], { stdio: ['ignore', 'pipe', 'inherit'], env });
let announced = false;
server.stdout.setEncoding('utf8');
server.stdout.on('data', (chunk) => {
  if (!announced && chunk.includes('"listening"')) {
    announced = true;
    const url = `http://localhost:${values.port}`;
    void startStorefront(url).then((shop) => {
      console.log(`\n  Focal demo is running:\n    ${shop}/            the example optical store (add ?debug to see server rank → device rank)\n    ${url}/admin       the dashboard (admin key below)\n    ${url}/            what is running\n    ${url}/healthz     store check\n    ${url}/metrics     Prometheus metrics\n  site key: pk_demo   admin key: ${env.FOCAL_ADMIN_KEY}\n  Ctrl-C stops it.\n`);
    });
    return;
  }
  if (process.env.FOCAL_DEMO_VERBOSE) process.stdout.write(chunk);
});
// The example storefront (examples/storefront, a separate small server: its origin is in pk_demo's allowed origins).
let shop;
async function startStorefront(adapterUrl) {
  // Build the site's recommendation indexes now, so the first page view is not the one that waits for them.
  await fetch(`${adapterUrl}/v1/recommendations`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': 'pk_demo', 'x-focal-anonymous-id': 'demo-warm-up' },
    body: JSON.stringify({ placements: [{ placement: 'home-trending' }, { placement: 'home-for-you' }] }),
  }).catch(() => undefined);
  const port = values['store-port'];
  shop = spawn(process.execPath, ['--conditions=@focal/source', '--import', 'tsx', 'examples/storefront/server.ts', '--port', port, '--endpoint', adapterUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  shop.on('exit', (code) => {
    if (!code) return;
    console.error(`the storefront stopped (exit ${code}); is port ${port} in use? (--store-port)`);
    failed = true;
    server.kill('SIGTERM'); // the demo stops with it rather than leaving the adapter running alone
  });
  shop.stdout.setEncoding('utf8');
  await new Promise((resolve) => shop.stdout.on('data', (chunk) => { if (chunk.includes('storefront listening')) resolve(); }));
  return `http://localhost:${port}`;
}
let failed = false;
const stop = () => { shop?.kill('SIGTERM'); server.kill('SIGTERM'); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  shop?.kill('SIGTERM'); // never leave the storefront holding its port after the adapter stopped
  process.exit(failed ? 1 : code ?? 0);
});
