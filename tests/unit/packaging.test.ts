/**
 * The three packages as a developer outside this repository gets them: what `npm pack` puts in each tarball,
 * checked against its package.json (exports, types, bin, dependencies), and the tarballs unpacked into a strict
 * node_modules, where each package sees only what it declares (as pnpm lays packages out, with no hoisting to
 * hide a missing dependency), then used the way their READMEs say: imported and required in Node, bundled,
 * type-checked, server-rendered, the adapter's CLI run and its assets served.
 *
 * Needs `npm run build` first (it packs dist/). Offline: `npm pack` of a workspace and everything else here reads
 * only this repository's files and node_modules. `FOCAL_KEEP_PACKAGING_DIR=1` keeps the unpacked install to look at.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGES = ['sdk-core', 'widgets', 'server-adapter'] as const;
type PackageDir = (typeof PACKAGES)[number];
/** The one export condition allowed to point outside the tarball: this repo's own, which no consumer sets. */
const REPO_CONDITION = '@focal/source';

interface Manifest {
  name: string;
  exports: Record<string, unknown>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  engines?: Record<string, string>;
}
interface Packed { dir: PackageDir; manifest: Manifest; files: Set<string>; tarball: string; size: number }

let work: string;
const packed = new Map<PackageDir, Packed>();
const installed = (dir: PackageDir) => join(work, 'node_modules', '@focal', dir);

/** Runs a command to its end, at most 3 minutes: a hung child fails its test instead of blocking the whole run. */
function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FOCAL_LOG: 'silent' }, maxBuffer: 64 << 20, timeout: 180_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error };
}

/** Every (condition path, target) of an `exports` map. */
function targets(value: unknown, path: string[] = []): { path: string[]; target: string }[] {
  if (typeof value === 'string') return [{ path, target: value }];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => targets(inner, [...path, key]));
  return [];
}

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const isRelative = (specifier: string) => specifier.startsWith('./') || specifier.startsWith('../');
const isCode = (file: string) => /\.(m?js|d\.ts)$/.test(file);

/** Static and dynamic imports, re-exports and `import()` types of a shipped .js or .d.ts file. */
function importsOf(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return [...new Set([...info.importedFiles.map((i) => i.fileName), ...info.typeReferenceDirectives.map((t) => t.fileName)])];
}

function link(target: string, path: string) {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path, process.platform === 'win32' ? 'junction' : 'dir');
}

/** A dependency as this repository has it installed (its own dependencies resolve from there). */
function repoModule(name: string): string | undefined {
  const path = join(ROOT, 'node_modules', name);
  return existsSync(path) ? realpathSync(path) : undefined;
}

beforeAll(() => {
  for (const dir of PACKAGES) {
    if (!existsSync(join(ROOT, 'packages', dir, 'dist'))) throw new Error(`packages/${dir}/dist is missing: run \`npm run build\` before this test`);
  }
  work = mkdtempSync(join(realpathSync(tmpdir()), 'focal-packaging-'));
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const pack = run(npm, ['pack', '--json', '--ignore-scripts', '--offline', '--pack-destination', tarballs, ...PACKAGES.flatMap((dir) => ['-w', `packages/${dir}`])], ROOT);
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr || pack.error}`);
  const results = JSON.parse(pack.stdout) as { name: string; filename: string; size: number; files: { path: string }[] }[];
  for (const dir of PACKAGES) {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
    const result = results.find((r) => r.name === manifest.name);
    if (!result) throw new Error(`npm pack did not pack ${manifest.name}`);
    const tarball = join(tarballs, result.filename);
    packed.set(dir, { dir, manifest, files: new Set(result.files.map((f) => f.path)), tarball, size: result.size });
    mkdirSync(installed(dir), { recursive: true });
    const untar = run('tar', ['-xzf', tarball, '-C', installed(dir), '--strip-components=1'], work);
    if (untar.status !== 0) throw new Error(`cannot unpack ${tarball}: ${untar.stderr}`);
  }
  // Each package's node_modules holds exactly its dependencies and (installed) peers; the Focal ones are the tarballs.
  for (const { dir, manifest } of packed.values()) {
    const optional = new Set(Object.entries(manifest.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n));
    for (const name of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]) {
      const focal = name.startsWith('@focal/') ? installed(name.slice('@focal/'.length) as PackageDir) : undefined;
      const target = focal ?? repoModule(name);
      if (!target) {
        if (optional.has(name)) continue;
        throw new Error(`${manifest.name} depends on ${name}, which is not installed in this repository`);
      }
      link(target, join(installed(dir), 'node_modules', name));
    }
  }
  // The storefront app's own dependencies (React and the type packages it compiles with); nothing else.
  for (const name of ['react', 'react-dom', '@types/react', '@types/react-dom', '@types/node']) link(repoModule(name)!, join(work, 'node_modules', name));
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'focal-consumer', private: true, type: 'module' }));
});

afterAll(() => {
  if (work && !process.env.FOCAL_KEEP_PACKAGING_DIR) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarballs', () => {
  it('ship every exports target, types file and bin; only the repo\'s own condition points at unshipped sources', () => {
    const problems: string[] = [];
    for (const { manifest, files } of packed.values()) {
      for (const [subpath, value] of Object.entries(manifest.exports)) {
        for (const { path, target } of targets(value)) {
          if (path.includes(REPO_CONDITION)) continue;
          const file = posix.normalize(target);
          if (!files.has(file)) problems.push(`${manifest.name} exports["${subpath}"]${path.map((c) => `["${c}"]`).join('')} → ${target} is not in the tarball`);
        }
        // A module entry (conditions) comes with its types; plain strings are files to serve (focal.min.js, package.json).
        if (typeof value === 'object' && value && !('types' in value)) problems.push(`${manifest.name} exports["${subpath}"] has no types`);
      }
      for (const [name, target] of Object.entries(manifest.bin ?? {})) {
        if (!files.has(posix.normalize(target))) problems.push(`${manifest.name} bin ${name} → ${target} is not in the tarball`);
      }
      if (!manifest.engines?.node) problems.push(`${manifest.name} has no engines.node`);
    }
    expect(problems).toEqual([]);
  });

  it('contain no tests, fixtures, sources or secrets, and no chunk left over from an earlier build', () => {
    const problems: string[] = [];
    for (const { manifest, files, dir } of packed.values()) {
      for (const file of files) {
        if (/(^|\/)(test|tests|__tests__|fixtures?|src)\//.test(file) || /\.test\.|\.spec\.|(^|\/)\.env|\.pem$|\.key$|(^|\/)\.npmrc$/.test(file)) {
          problems.push(`${manifest.name}: ${file} should not be published`);
        }
      }
      // Every shipped chunk is reachable from an entry: a chunk nothing imports is a stale one from an older build.
      const reached = new Set<string>();
      const queue = [...files].filter((f) => isCode(f) && !f.includes('chunks/'));
      while (queue.length) {
        const file = queue.pop()!;
        if (reached.has(file)) continue;
        reached.add(file);
        const text = readFileSync(join(installed(dir), file), 'utf8');
        for (const spec of importsOf(text).filter(isRelative)) {
          const next = posix.join(posix.dirname(file), spec);
          queue.push(files.has(next) ? next : next.replace(/\.js$/, '.d.ts'));
        }
      }
      for (const file of files) if (file.includes('chunks/') && !reached.has(file)) problems.push(`${manifest.name}: ${file} is imported by nothing`);
    }
    expect(problems).toEqual([]);
  });

  it('resolve every relative import of their .js and .d.ts files to a shipped file', () => {
    const problems: string[] = [];
    for (const { manifest, files, dir } of packed.values()) {
      for (const file of [...files].filter(isCode)) {
        const text = readFileSync(join(installed(dir), file), 'utf8');
        for (const spec of importsOf(text).filter(isRelative)) {
          const target = posix.join(posix.dirname(file), spec);
          const candidates = file.endsWith('.d.ts') ? [target, target.replace(/\.js$/, '.d.ts')] : [target];
          if (!candidates.some((c) => files.has(c))) problems.push(`${manifest.name}: ${file} imports ${spec}, which is not in the tarball`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('declare every package their shipped .js and .d.ts files import (dependencies or peerDependencies)', () => {
    const problems: string[] = [];
    for (const { manifest, files, dir } of packed.values()) {
      const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
      for (const file of [...files].filter(isCode)) {
        const text = readFileSync(join(installed(dir), file), 'utf8');
        for (const spec of importsOf(text)) {
          if (isRelative(spec) || spec.startsWith('/') || isBuiltin(spec) || spec === 'node') continue;
          if (!declared.has(packageOf(spec))) problems.push(`${manifest.name}: ${file} imports ${spec}, but ${packageOf(spec)} is not a dependency or peerDependency`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('have sizes worth publishing (each tarball under 400 kB)', () => {
    for (const { manifest, size } of packed.values()) expect(size, manifest.name).toBeLessThan(400_000);
  });
});

describe('installed from the tarballs, each package seeing only what it declares', () => {
  it('every exports entry imports in Node, and require() works on the supported Node versions', () => {
    const entries = [...packed.values()].flatMap(({ manifest }) => Object.keys(manifest.exports)
      .filter((s) => s !== './package.json' && !s.endsWith('.js'))
      .map((s) => (s === '.' ? manifest.name : `${manifest.name}/${s.slice(2)}`)));
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const out = {};
      for (const name of ${JSON.stringify(entries)}) {
        try { out[name] = { import: Object.keys(await import(name)).length }; } catch (e) { out[name] = { import: e.message }; }
        try { out[name].require = Object.keys(require(name)).length; } catch (e) { out[name].require = e.message; }
      }
      console.log(JSON.stringify(out));`;
    const result = run(process.execPath, ['--input-type=module', '-e', script], work);
    expect(result.stderr).not.toMatch(/Error/);
    const out = JSON.parse(result.stdout) as Record<string, { import: number | string; require: number | string }>;
    const failed = Object.entries(out).filter(([, r]) => typeof r.import !== 'number' || typeof r.require !== 'number');
    expect(failed).toEqual([]);
    expect(Object.keys(out).sort()).toEqual([...entries].sort());
  }, 60_000);

  it('a React storefront server-renders its placements, and the email renderer renders a snippet', () => {
    const script = `
      import { createElement as h } from 'react';
      import { renderToString } from 'react-dom/server';
      import { FocalProvider, Recommendations, PromoSlot } from '@focal/widgets/react';
      import { renderEmail } from '@focal/widgets/email';
      const item = { id: 'FR-2', title: 'Aria Round', url: 'https://shop.example/p/FR-2', image: 'https://shop.example/i.jpg',
        price: 129, currency: 'EUR', categoryPath: ['Frames'], brand: 'Lumen', inStock: true, strategy: 'similar',
        features: { score: 1, rank: 0, popularity: 3, cooccurrence: 0, ageDays: 2, strategyScores: {} } };
      const response = { requestId: 'req-1', placement: 'pdp-similar', strategy: 'blend', items: [item] };
      const html = renderToString(h(FocalProvider, { endpoint: 'https://recs.shop.example', siteKey: 'pk_live_x', locale: 'en-GB', initialResults: [response] },
        h(Recommendations, { placement: 'pdp-similar', items: ['FR-1'], title: 'Similar frames' }), h(PromoSlot, { slot: 'home-hero' })));
      const email = renderEmail({ ...response, placement: 'email-for-you' }, { layout: 'hero', heading: 'Picked for you' });
      console.log(JSON.stringify({ ssr: html.includes('Aria Round') && html.includes('Similar frames'), email: email.html.includes('Aria Round') && email.shown.length }));`;
    const result = run(process.execPath, ['--input-type=module', '-e', script], work);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ ssr: true, email: 1 });
  }, 60_000);

  it('an app bundling @focal/sdk-core and @focal/widgets gets one recommendation client, not two copies', async () => {
    const result = await build({
      stdin: {
        contents: `import { createRecommendClient } from '@focal/sdk-core';
          import { mountCarousel } from '@focal/widgets';
          const client = createRecommendClient({ endpoint: 'https://recs.shop.example', siteKey: 'pk_live_x' });
          mountCarousel('#similar', { client, placement: 'pdp-similar' });`,
        resolveDir: work, loader: 'ts',
      },
      bundle: true, write: false, format: 'esm', platform: 'browser', logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect(code.match(/function createRecommendClient\d*\(/g)).toEqual(['function createRecommendClient(']);
    expect(code.match(/function idbCache\d*\(/g)).toEqual(['function idbCache(']);
  }, 60_000);

  it('a strict TypeScript app type-checks against the tarballs\' .d.ts under moduleResolution bundler and nodenext', () => {
    mkdirSync(join(work, 'app'), { recursive: true });
    writeFileSync(join(work, 'app', 'app.tsx'), `
      import { FocalProvider, Recommendations, PromoSlot, useRecommendations } from '@focal/widgets/react';
      import { mountCarousel } from '@focal/widgets';
      import { renderEmail } from '@focal/widgets/email';
      import { createFocal, createRecommendClient, type RecommendClient } from '@focal/sdk-core';
      import { validateEvent, type RecommendationResponse } from '@focal/sdk-core/contracts';
      import { createSessionStore } from '@focal/sdk-core/ranking';
      import { createAdapter } from '@focal/server-adapter';

      function Count({ sku }: { sku: string }) {
        const { status, items } = useRecommendations({ placement: 'pdp-similar', items: [sku] });
        return <p>{status}: {items.length}</p>;
      }
      export function App({ sku, results, client }: { sku: string; results: RecommendationResponse[]; client: RecommendClient }) {
        return (
          <FocalProvider client={client} endpoint="https://recs.shop.example" siteKey="pk_live_x" initialResults={results}>
            <Recommendations placement="pdp-similar" items={[sku]} title="Similar frames" />
            <PromoSlot slot="home-hero" />
            <Count sku={sku} />
          </FocalProvider>
        );
      }
      export function browser(): RecommendClient {
        const focal = createFocal({ endpoint: 'https://recs.shop.example', siteKey: 'pk_live_x' });
        const client = createRecommendClient({ endpoint: 'https://recs.shop.example', siteKey: 'pk_live_x', onEvent: (l) => focal.onEvent(l) });
        mountCarousel('#similar', { client, tracker: focal, placement: 'pdp-similar' });
        return client;
      }
      export const server = { createAdapter, renderEmail, validateEvent, createSessionStore };
    `);
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const [module, moduleResolution] of [['esnext', 'bundler'], ['nodenext', 'nodenext']]) {
      const config = join(work, `tsconfig.${moduleResolution}.json`);
      writeFileSync(config, JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', module, moduleResolution, jsx: 'react-jsx',
          lib: ['es2022', 'dom', 'dom.iterable'], types: ['node'],
        },
        files: ['app/app.tsx'],
      }));
      const result = run(process.execPath, [tsc, '-p', config], work);
      expect(`${moduleResolution}: ${result.stdout}${result.stderr}`.trim()).toBe(`${moduleResolution}:`);
    }
  }, 60_000);

  it('the adapter\'s CLI answers --help, for `train` too', () => {
    const bin = join(installed('server-adapter'), 'bin', 'focal-adapter.js');
    for (const args of [['--help'], ['train', '--help']]) {
      const result = run(process.execPath, [bin, ...args], work);
      expect(`${args.join(' ')}: ${result.stderr}`).toBe(`${args.join(' ')}: `);
      expect(result.stdout).toMatch(/usage|--/);
      expect(result.status).toBe(0);
    }
  }, 60_000);

  it('the adapter serves the script tag, its reranker chunk and onnxruntime\'s wasm, and has its demo promotions', () => {
    const script = `
      import { existsSync } from 'node:fs';
      import { createAdapter, createLocalProvider } from '@focal/server-adapter';
      const adapter = await createAdapter({ inMemory: true, config: { log: 'silent' } });
      const manifest = await (await adapter.handler(new Request('http://adapter/assets/manifest.json'))).json();
      const served = {};
      for (const name of ['focal.min.js', 'focal-reranker.min.js', 'ort-wasm-simd-threaded.wasm']) {
        const res = manifest.files[name] ? await adapter.handler(new Request('http://adapter' + manifest.files[name])) : undefined;
        served[name] = res ? res.status + ' ' + res.headers.get('content-type').split(';')[0] : 'absent';
      }
      // the chunk names the onnxruntime-web its JS is from: the one whose wasm is served (they must be the same version)
      const chunk = await (await adapter.handler(new Request('http://adapter' + manifest.files['focal-reranker.min.js']))).text();
      const { createRequire } = await import('node:module');
      const fromSdkCore = createRequire(createRequire(import.meta.url + '/').resolve('@focal/sdk-core/package.json'));
      const { dirname, join } = await import('node:path');
      const { readFileSync } = await import('node:fs');
      const ortVersion = JSON.parse(readFileSync(join(dirname(fromSdkCore.resolve('onnxruntime-web')), '..', 'package.json'), 'utf8')).version;
      served.chunkOrt = chunk.startsWith('/*! onnxruntime-web ' + ortVersion + ' */') ? 'same as the wasm' : chunk.slice(0, 40) + ' vs ' + ortVersion;
      const demo = await createLocalProvider().fetchPromotions(AbortSignal.timeout(5000)).then((r) => r.promotions.length, (e) => e.message);
      await adapter.close();
      console.log(JSON.stringify({ served, ortWasmPaths: typeof manifest.ortWasmPaths, demoPromotions: demo > 0 || demo }));`;
    const result = run(process.execPath, ['--input-type=module', '-e', script], work);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      served: { 'focal.min.js': '200 text/javascript', 'focal-reranker.min.js': '200 text/javascript', 'ort-wasm-simd-threaded.wasm': '200 application/wasm', chunkOrt: 'same as the wasm' },
      ortWasmPaths: 'string',
      demoPromotions: true,
    });
  }, 60_000);
});
