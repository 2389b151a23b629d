import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { AssetDirs } from './locate.js';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** The files served, by folder. ORT files are served under one prefix (onnxruntime-web's `wasmPaths`). */
export const ASSET_FILES = {
  widgets: ['focal.min.js', 'focal.dev.js', 'focal-reranker.min.js'],
  models: ['reranker.json', 'reranker.onnx'],
  ort: ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs'],
} as const;

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8', json: 'application/json; charset=utf-8',
  wasm: 'application/wasm', onnx: 'application/octet-stream',
};

/** The Content-Type of an asset file name. */
export function contentTypeOf(name: string): string {
  return TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}

/** `focal.min.js` + `3f2a9c1b` → `focal.min.3f2a9c1b.js`. */
export function hashedName(name: string, hash: string): string {
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
}

/** One servable file with its bytes and lazily made compressed copies. */
export interface Asset {
  name: string;
  group: keyof typeof ASSET_FILES;
  path: string;
  contentType: string;
  /** First 12 hex digits of its sha256. */
  hash: string;
  bytes: Buffer;
  encoded: Map<'br' | 'gzip', Promise<Buffer>>;
  stamp: string;
}

/** URLs of every asset present, for pages and the SDK: immutable hashed URLs plus the ORT prefix. */
export interface AssetManifest {
  files: Record<string, string>;
  /** Prefix for onnxruntime-web's `wasmPaths` (hashed, immutable). */
  ortWasmPaths?: string;
}

/** The first line of `focal-reranker.min.js`, written by the build: the onnxruntime-web whose JS is inside. */
const CHUNK_ORT_BANNER = /^\/\*! onnxruntime-web (\S+) \*\//;

/** The onnxruntime-web version a reranker chunk was built with (its banner), if it names one. */
export function chunkOrtVersion(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(128);
    const n = readSync(fd, head, 0, head.length, 0);
    return CHUNK_ORT_BANNER.exec(head.subarray(0, n).toString('utf8'))?.[1];
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The version of the onnxruntime-web package whose files are in `ortDir` (its `dist/`): its package.json above or in it. */
export function ortDirVersion(ortDir: string): string | undefined {
  for (const dir of [ortDir, dirname(ortDir)]) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    try {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'onnxruntime-web' && typeof pkg.version === 'string') return pkg.version;
    } catch { /* unreadable: unknown */ }
  }
  return undefined;
}

/**
 * Why the wasm must not be served: onnxruntime-web's JS (inside the reranker chunk) and its wasm only work together
 * at the same version. Undefined when they agree or either version is unknown (a chunk built before it carried one).
 */
export function ortVersionMismatch(dirs: AssetDirs): string | undefined {
  if (!dirs.widgetsDir || !dirs.ortDir) return undefined;
  const built = chunkOrtVersion(join(dirs.widgetsDir, 'focal-reranker.min.js'));
  const served = ortDirVersion(dirs.ortDir);
  if (!built || !served || built === served) return undefined;
  return `focal-reranker.min.js was built with onnxruntime-web ${built} but the wasm in ${dirs.ortDir} is onnxruntime-web ${served}; `
    + `the two must be the same version, so the wasm is not served and shoppers' devices use the reranker's pure-TypeScript scorer. `
    + `Install onnxruntime-web ${built} (the exact version @focal/sdk-core declares) or set assets.ortDir to its dist folder`;
}

/** The `version` of a served `reranker.json`, per asset (parsed once per file content). */
const manifestVersions = new WeakMap<Asset, string | undefined>();

/** Keeps the assets in memory, re-reading a file when its size or mtime changes (checked at most every 2 s). */
export class AssetRegistry {
  private assets = new Map<string, Asset>();
  private checkedAt = 0;
  private scanning: Promise<void> | undefined;

  private mismatch: string | undefined;

  /** `onMismatch` hears (once per distinct problem) that the served wasm is not the chunk's onnxruntime-web version. */
  constructor(private readonly dirs: AssetDirs, private readonly onMismatch: (problem: string) => void = () => {}) {
    this.checkOrt();
  }

  /** Whether the ORT files may be served (see {@link ortVersionMismatch}); reports a new mismatch. */
  private checkOrt(): boolean {
    const problem = ortVersionMismatch(this.dirs);
    if (problem && problem !== this.mismatch) this.onMismatch(problem);
    this.mismatch = problem;
    return !problem;
  }

  private async scan(): Promise<void> {
    const found = new Map<string, Asset>();
    const groups: [keyof typeof ASSET_FILES, string | undefined][] = [['widgets', this.dirs.widgetsDir], ['models', this.dirs.modelsDir], ['ort', this.checkOrt() ? this.dirs.ortDir : undefined]];
    for (const [group, dir] of groups) {
      if (!dir) continue;
      for (const name of ASSET_FILES[group]) {
        const path = join(dir, name);
        const info = await stat(path).catch(() => undefined);
        if (!info?.isFile()) continue;
        const stamp = `${info.size}:${info.mtimeMs}`;
        const previous = this.assets.get(`${group}/${name}`);
        if (previous && previous.stamp === stamp) {
          found.set(`${group}/${name}`, previous);
          continue;
        }
        const bytes = await readFile(path);
        const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
        found.set(`${group}/${name}`, { name, group, path, contentType: contentTypeOf(name), hash, bytes, encoded: new Map(), stamp });
      }
    }
    this.assets = found;
  }

  /** Current assets (rescanned when older than 2 s). */
  async list(): Promise<Asset[]> {
    if (Date.now() - this.checkedAt > 2000) {
      this.scanning ??= this.scan().finally(() => {
        this.checkedAt = Date.now();
        this.scanning = undefined;
      });
      await this.scanning;
    }
    return [...this.assets.values()];
  }

  /**
   * The version of the model manifest served now (`reranker.json` of the models folder), or undefined when none is
   * served, it names none or the folder cannot be read now (recommendations are answered without it): what a browser
   * fetching the manifest gets.
   */
  async modelVersion(): Promise<string | undefined> {
    const asset = (await this.list().catch(() => [] as Asset[])).find((a) => a.group === 'models' && a.name === 'reranker.json');
    if (!asset) return undefined;
    if (!manifestVersions.has(asset)) {
      let version: unknown;
      try {
        version = (JSON.parse(asset.bytes.toString('utf8')) as { version?: unknown } | null)?.version;
      } catch { /* not JSON: no version */ }
      // an event's modelVersion holds at most 64 characters
      manifestVersions.set(asset, typeof version === 'string' && version.length > 0 && version.length <= 64 ? version : undefined);
    }
    return manifestVersions.get(asset);
  }

  /** Hash of all ORT files together (the immutable ORT prefix). */
  static ortHash(assets: Asset[]): string | undefined {
    const ort = assets.filter((a) => a.group === 'ort');
    if (!ort.length) return undefined;
    return createHash('sha256').update(ort.map((a) => a.hash).join(',')).digest('hex').slice(0, 12);
  }

  async manifest(base = '/assets'): Promise<AssetManifest> {
    const assets = await this.list();
    const files: Record<string, string> = {};
    for (const a of assets) if (a.group !== 'ort') files[a.name] = `${base}/${hashedName(a.name, a.hash)}`;
    const ortHash = AssetRegistry.ortHash(assets);
    if (ortHash) for (const a of assets.filter((x) => x.group === 'ort')) files[a.name] = `${base}/ort-${ortHash}/${a.name}`;
    return { files, ...(ortHash ? { ortWasmPaths: `${base}/ort-${ortHash}/` } : {}) };
  }

  /**
   * Finds the asset of a path under the assets base: `name` or `name.<hash>.ext` (flat files), `ort/<name>` or
   * `ort-<hash>/<name>`. `immutable` tells whether the URL names a content hash that matches.
   */
  async resolve(path: string): Promise<{ asset: Asset; immutable: boolean } | undefined> {
    const assets = await this.list();
    const ort = /^ort(?:-([0-9a-f]{12}))?\/([^/]+)$/.exec(path);
    if (ort) {
      const asset = assets.find((a) => a.group === 'ort' && a.name === ort[2]);
      if (!asset) return undefined;
      if (ort[1] && ort[1] !== AssetRegistry.ortHash(assets)) return undefined;
      return { asset, immutable: Boolean(ort[1]) };
    }
    for (const asset of assets) {
      if (asset.group === 'ort') continue;
      if (path === asset.name) return { asset, immutable: false };
      if (path === hashedName(asset.name, asset.hash)) return { asset, immutable: true };
    }
    return undefined;
  }

  /** The asset's bytes in an encoding, compressed once and kept (brotli quality 5 for files over 1 MB). */
  static encode(asset: Asset, encoding: 'br' | 'gzip'): Promise<Buffer> {
    let done = asset.encoded.get(encoding);
    if (!done) {
      done = encoding === 'br'
        ? brotliAsync(asset.bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: asset.bytes.length > 1_000_000 ? 5 : 11, [constants.BROTLI_PARAM_SIZE_HINT]: asset.bytes.length } })
        : gzipAsync(asset.bytes, { level: 6 });
      asset.encoded.set(encoding, done);
    }
    return done;
  }
}
