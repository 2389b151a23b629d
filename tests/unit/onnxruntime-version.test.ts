/**
 * onnxruntime-web's JS (bundled into the script tag's reranker chunk) and its wasm (served by the adapter from the
 * onnxruntime-web that @focal/sdk-core depends on) only work together at the same version. A range such as `^1.23.0`
 * lets an npm consumer get a wasm of another version than the chunk's JS: a broken reranker on every shopper's device.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, Record<string, string> | undefined>;
const MANIFESTS = ['package.json', 'packages/sdk-core/package.json', 'packages/widgets/package.json', 'packages/server-adapter/package.json'];

describe('onnxruntime-web is one exact version everywhere', () => {
  it('every package.json that declares onnxruntime-web names the exact version that is installed (what the build bundles and the adapter serves)', () => {
    const declared = MANIFESTS.flatMap((path) => {
      const pkg = manifest(path);
      return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']
        .flatMap((field) => (pkg[field]?.['onnxruntime-web'] ? [`${path} ${field}: ${pkg[field]!['onnxruntime-web']}`] : []));
    });
    expect(declared.length).toBeGreaterThan(0);
    // the one the adapter serves the wasm of (found from @focal/sdk-core, see assets/locate.ts) and the build bundles
    const fromSdkCore = createRequire(join(ROOT, 'packages/sdk-core/package.json'));
    const installed = (JSON.parse(readFileSync(join(dirname(fromSdkCore.resolve('onnxruntime-web')), '..', 'package.json'), 'utf8')) as { version: string }).version;
    expect(declared).toEqual(declared.map((line) => line.replace(/: .*$/, `: ${installed}`)));
  });

  it('the lock file installs that version for @focal/sdk-core', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
    const wanted = manifest('packages/sdk-core/package.json').dependencies!['onnxruntime-web'];
    expect(lock.packages['packages/sdk-core']?.dependencies?.['onnxruntime-web']).toBe(wanted);
    const nested = lock.packages['packages/sdk-core/node_modules/onnxruntime-web'] ?? lock.packages['node_modules/onnxruntime-web'];
    expect(nested?.version).toBe(wanted);
  });
});
