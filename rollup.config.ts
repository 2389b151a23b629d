/**
 * One array of builds for the whole repository:
 * - ESM + .d.ts for each package entry (dependencies stay external),
 * - the script-tag bundle `packages/widgets/dist/focal.min.js` (IIFE exposing `window.focal`, everything inlined),
 * - the lazily loaded reranker runtime chunk, when its entry exists.
 * Workspace packages resolve to their TypeScript sources through the `@focal/source` export condition.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin, RollupOptions } from 'rollup';
import typescript from '@rollup/plugin-typescript';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import { unusedLibraryCode } from './scripts/unused-library-code.js';
import { letForConst } from './scripts/let-for-const.js';

const ts = (): Plugin =>
  typescript({
    tsconfig: './tsconfig.json',
    compilerOptions: { noEmit: false, declaration: false, noCheck: true, outDir: undefined },
    include: ['packages/*/src/**/*', 'examples/**/*'],
    noForceEmit: false,
  } as Parameters<typeof typescript>[0]);

const isBare = (id: string) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

interface PackageBuild {
  dir: string;
  entries: Record<string, string>;
}

const packages: PackageBuild[] = [
  { dir: 'packages/sdk-core', entries: { index: 'src/index.ts', contracts: 'src/contracts/index.ts', ranking: 'src/ranking/index.ts' } },
  { dir: 'packages/widgets', entries: { index: 'src/index.ts', react: 'src/react/index.ts', email: 'src/email/index.ts' } },
  { dir: 'packages/server-adapter', entries: { index: 'src/index.ts', cli: 'src/cli.ts' } },
];

function present(pkg: PackageBuild): Record<string, string> {
  return Object.fromEntries(
    Object.entries(pkg.entries)
      .filter(([, file]) => existsSync(`${pkg.dir}/${file}`))
      .map(([name, file]) => [name, `${pkg.dir}/${file}`]),
  );
}

/** Warnings about code we do not own (zod's circular imports and comment placement) are not ours to fix. */
const quietAboutDependencies: RollupOptions['onwarn'] = (warning, warn) => {
  const inDependency = (id?: string) => !!id?.includes('node_modules');
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some(inDependency)) return;
  if (warning.code === 'INVALID_ANNOTATION' && inDependency(warning.id)) return;
  warn(warning);
};

/**
 * Empties a package's dist/ before its first build: chunk names carry a content hash, so without this every chunk an
 * earlier build wrote stays there, and `npm pack` (`files: ["dist"]`) would publish them all.
 */
const cleanDist = (pkg: PackageBuild): Plugin => ({
  name: 'focal-clean-dist',
  buildStart: () => rmSync(`${pkg.dir}/dist`, { recursive: true, force: true }),
});

const esm: RollupOptions[] = packages.map((pkg) => ({
  input: present(pkg),
  external: isBare,
  plugins: [cleanDist(pkg), json(), ts()],
  output: { dir: `${pkg.dir}/dist`, format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: false },
  onwarn: quietAboutDependencies,
}));

const types: RollupOptions[] = packages.map((pkg) => ({
  input: present(pkg),
  external: isBare,
  plugins: [dts({ tsconfig: './tsconfig.json', compilerOptions: { noEmit: false, customConditions: ['@focal/source'] } })],
  output: { dir: `${pkg.dir}/dist`, format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
}));

const browserResolve = () =>
  nodeResolve({ browser: true, exportConditions: ['@focal/source', 'browser', 'import', 'default'], extensions: ['.ts', '.tsx', '.mjs', '.js'] });

/**
 * Minification of the browser bundles. `toplevel` is safe for both: the IIFE's top level is its own function scope
 * and the chunk is an ES module (nothing reads their inner names from outside).
 */
const terse = (module: boolean) =>
  terser({
    ecma: 2020, module, toplevel: true,
    compress: { passes: 3, pure_getters: true },
    format: { comments: false },
  });

/**
 * For the script-tag bundles: `SCRIPT_TAG` is true, `DEV` is `dev` (packages/sdk-core/src/tracking/build.ts).
 * sdk-core's modules are marked free of side effects, as its package.json (`sideEffects: false`) says: rollup does
 * not apply that field to workspace sources, and widgets import `@focal/sdk-core` by name (so their ESM build keeps
 * it external), which would otherwise pull every module its index re-exports into the bundle.
 */
const buildFlags = (dev: boolean): Plugin => ({
  name: 'focal-build-flags',
  transform: (code, id) => (id.endsWith('sdk-core/src/tracking/build.ts')
    ? { code: code.replace(/SCRIPT_TAG(: boolean)? = false/, 'SCRIPT_TAG = true').replace(/DEV(: boolean)? = true/, `DEV = ${dev}`), moduleSideEffects: false }
    : id.includes('/sdk-core/src/') ? { code, moduleSideEffects: false } : null),
});

/** The script-tag bundle: everything a page needs before the reranker, as one IIFE. */
const scriptTag: RollupOptions = {
  input: 'packages/widgets/src/script-tag.ts',
  plugins: [buildFlags(false), unusedLibraryCode(), browserResolve(), commonjs(), json(), ts(), terse(false), letForConst()],
  onwarn: quietAboutDependencies,
  output: { file: 'packages/widgets/dist/focal.min.js', format: 'iife', name: 'focalBundle', sourcemap: false },
};

/**
 * The same script tag for development (`focal.dev.js`): full zod validation of every event and the long error
 * messages, unminified. Its reranker chunk is the production one.
 */
const scriptTagDev: RollupOptions = {
  input: 'packages/widgets/src/script-tag.ts',
  plugins: [buildFlags(true), unusedLibraryCode(), browserResolve(), commonjs(), json(), ts()],
  onwarn: quietAboutDependencies,
  output: { file: 'packages/widgets/dist/focal.dev.js', format: 'iife', name: 'focalBundle', sourcemap: false },
};

/**
 * The script tag's reranker chunk: loaded by dynamic import() after first paint; the device ranking code and
 * onnxruntime-web's JS inside, wasm beside it.
 */
const rerankerEntry = 'packages/widgets/src/script-reranker-chunk.ts';

/**
 * Starts the chunk with `/*! onnxruntime-web <version> *\/`, the version of the onnxruntime-web whose JS was bundled
 * (read from the package the modules came from): the adapter serves the wasm only when it is the same version.
 */
const ortVersionBanner = (): Plugin => ({
  name: 'focal-ort-version',
  renderChunk: {
    order: 'post',
    handler(code, chunk) {
      const roots = new Set(chunk.moduleIds.flatMap((id) => /^(.*[\\/]node_modules[\\/]onnxruntime-web)[\\/]/.exec(id)?.[1] ?? []));
      if (roots.size !== 1) this.error(`the reranker chunk should bundle one onnxruntime-web, found ${roots.size}`);
      const { version } = JSON.parse(readFileSync(resolve([...roots][0]!, 'package.json'), 'utf8')) as { version: string };
      return { code: `/*! onnxruntime-web ${version} */\n${code}`, map: null };
    },
  },
});
const reranker: RollupOptions[] = existsSync(rerankerEntry)
  ? [{
      input: rerankerEntry,
      plugins: [browserResolve(), commonjs(), json(), ts(), terse(true), ortVersionBanner()],
      output: { file: 'packages/widgets/dist/focal-reranker.min.js', format: 'es', sourcemap: false, inlineDynamicImports: true },
    }]
  : [];

/** `FOCAL_BUILD=browser` builds only the two browser bundles (for size work; `npm run build` builds everything). */
export default process.env.FOCAL_BUILD === 'browser' ? [scriptTag, ...reranker] : [...esm, ...types, scriptTag, scriptTagDev, ...reranker];
