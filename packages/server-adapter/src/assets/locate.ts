import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding this package's package.json (from src/ or dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6 && !existsSync(join(dir, 'package.json')); i++) dir = dirname(dir);
  return dir;
}

/** Where the browser assets come from, by default: the widgets' dist, the repo's models/, onnxruntime-web's dist. */
export interface AssetDirs {
  widgetsDir?: string;
  modelsDir?: string;
  ortDir?: string;
}

function firstExisting(...candidates: (string | undefined)[]): string | undefined {
  return candidates.find((c): c is string => Boolean(c && existsSync(c)));
}

/** Resolves each asset folder: configured value first, then the usual places. A missing folder just serves nothing. */
export function locateAssetDirs(configured: AssetDirs = {}, cwd = process.cwd()): AssetDirs {
  const root = packageRoot();
  const require = createRequire(join(root, 'package.json'));
  let widgets: string | undefined;
  try {
    widgets = join(dirname(require.resolve('@focal/widgets/package.json')), 'dist');
  } catch { /* not installed */ }
  // onnxruntime-web is @focal/sdk-core's dependency (its reranker imports it), not this package's: found from there,
  // so a strict install (pnpm, no hoisting) still serves the wasm, and it is the version the browser code was given.
  let ort: string | undefined;
  try {
    const sdkCore = createRequire(require.resolve('@focal/sdk-core/package.json'));
    ort = dirname(sdkCore.resolve('onnxruntime-web'));
  } catch { /* not installed */ }
  const dirs: AssetDirs = {};
  const w = configured.widgetsDir ? resolve(cwd, configured.widgetsDir) : firstExisting(widgets, join(root, '..', 'widgets', 'dist'));
  const m = configured.modelsDir ? resolve(cwd, configured.modelsDir) : firstExisting(join(cwd, 'models'), join(root, '..', '..', 'models'));
  const o = configured.ortDir ? resolve(cwd, configured.ortDir) : firstExisting(ort);
  if (w) dirs.widgetsDir = w;
  if (m) dirs.modelsDir = m;
  if (o) dirs.ortDir = o;
  return dirs;
}
