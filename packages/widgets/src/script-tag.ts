/**
 * The script-tag entry (`focal.min.js`): creates the SDK from its own `<script>` tag's data attributes,
 * exposes it as `window.focal`, and replays the calls the inline snippet queued before it loaded, in order.
 *
 *   <script>!function(w){var f=w.focal=w.focal||{q:[]};["track","identify","consent","reset","flush"].forEach(function(m){f[m]=f[m]||function(){f.q.push([m,[].slice.call(arguments)])}})}(window);</script>
 *   <script async src="/focal.min.js" data-endpoint="https://shop.example/focal" data-site-key="pk_shop"></script>
 *
 * Auto-mounted widgets (issue 7) are wired in here.
 */
// Imported by path, not through `@focal/sdk-core`'s index: rollup does not apply the package's
// `sideEffects: false` to workspace sources, so the index would pull every zod contract (~11 kB gzip) in.
import { createFocal, type Focal, type FocalOptions } from '../../sdk-core/src/focal.js';
import { DEV, SCRIPT_TAG } from '../../sdk-core/src/tracking/build.js';
import { NUMBERS } from '../../sdk-core/src/tracking/options.js';
import { DEFAULT_RETRY } from '../../sdk-core/src/tracking/backoff.js';
import { autoMount } from './auto-mount.js';
import { deviceReranking } from './script-reranking.js';

type Stub = { q?: Array<[string, unknown[]]> };
declare global {
  interface Window { focal?: Focal | Stub }
}

/**
 * Reads `createFocal` options from a script tag's data attributes (`data-flush-interval="2000"` →
 * `flushInterval: 2000`, `data-require-consent` → `true`, `data-storage="false"` → `false`,
 * `data-retry-base-ms` → `retry.baseMs`). Attributes that are not options are ignored by `createFocal` (focal.dev.js
 * warns about them: `warnUnknownAttributes`).
 */
export function optionsFromScript(script: HTMLScriptElement): FocalOptions {
  const options: Record<string, unknown> & { retry?: Record<string, unknown> } = {};
  for (const [name, raw = ''] of Object.entries(script.dataset)) {
    const value = /^(endpoint|siteKey)$/.test(name) ? raw : raw === '' || raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
    if (/^retry[A-Z]/.test(name)) (options.retry ??= {})[name[5].toLowerCase() + name.slice(6)] = value;
    else options[name] = value;
  }
  return options as unknown as FocalOptions;
}

/** The SDK's methods a page calls (the snippet's, plus the script tag's own). */
const METHODS = 'track identify consent reset flush onEvent mount describe'.split(' ');

/**
 * `window.focal` when the script tag is misconfigured: every method logs what to fix (and does nothing), so a page
 * calling `focal.track(...)` keeps working and its developer reads why nothing is sent.
 */
function unconfigured(problem: string): Record<string, () => void> {
  const message = `Focal: ${problem}${DEV ? ' (set data-* attributes on the focal.min.js script tag, e.g. <script src="…/focal.min.js" data-endpoint="https://shop.example/focal" data-site-key="pk_shop">)' : ''}`;
  console.error(message);
  return Object.fromEntries(METHODS.map((m) => [m, () => console.error(`${message}; focal.${m}() ignored`)]));
}

/** `flushInterval` → `data-flush-interval`. */
const attribute = (name: string) => `data-${name.replace(/[A-Z]/g, '-$&').toLowerCase()}`;

/**
 * focal.dev.js only: warns once about the script tag's `data-*` attributes that are not options (`data-flush-inteval`),
 * which `createFocal` would otherwise ignore without a word, and lists the ones it reads. (`data-retry-*` ones are
 * checked by `createFocal` itself.)
 */
function warnUnknownAttributes(script: HTMLScriptElement): void {
  const known = ['endpoint', 'siteKey', 'reranker', 'requireConsent', 'honorGlobalPrivacyControl', 'storage', ...Object.keys(NUMBERS),
    ...Object.keys(DEFAULT_RETRY).map((name) => `retry${name[0].toUpperCase()}${name.slice(1)}`)];
  const unknown = Object.keys(script.dataset).filter((name) => !/^retry[A-Z]/.test(name) && !known.includes(name));
  if (unknown.length) {
    console.warn(`Focal: ${unknown.map(attribute).join(', ')} on Focal's script tag ${unknown.length > 1 ? 'are not options' : 'is not an option'} and ignored; it reads ${known.map(attribute).join(', ')}`);
  }
}

function boot(): void {
  const script = (document.currentScript ?? document.querySelector('script[data-site-key]')) as HTMLScriptElement | null;
  const stub = window.focal as Stub | undefined;
  // A second copy of the bundle (a tag manager's and the page's own) would mount every widget again and ask twice.
  if (typeof (stub as Focal | undefined)?.deadLetters === 'function') {
    console.warn(`Focal: focal.min.js is loaded twice; the second copy does nothing${DEV ? ' (keep one <script src="…/focal.min.js"> on the page)' : ''}`);
    return;
  }
  let focal: Focal;
  try {
    if (!script) throw new Error(DEV ? 'cannot find its script tag: load focal.min.js with a plain <script src> (not as a module)' : 'cannot find its script tag (a plain <script src>, not a module)');
    const missing = ['endpoint', 'site-key'].filter((a) => !script.getAttribute(`data-${a}`));
    if (missing.length) throw new Error(`data-${missing.join(' and data-')} missing on its script tag`);
    if (DEV) warnUnknownAttributes(script);
    try {
      focal = createFocal(optionsFromScript(script));
    } catch (error) {
      // one bad data-* option must not take every widget off the page: they show; tracking waits for consent (the
      // safe side, whatever the bad option was) until the attribute is fixed
      console.error(`Focal: ${(error as Error).message}${DEV ? ' (a data-* attribute of the focal.min.js script tag). Recommendations still show; tracking waits for focal.consent() until the attribute is fixed' : '; tracking held'}`);
      focal = createFocal({ endpoint: script.dataset.endpoint!, siteKey: script.dataset.siteKey!, requireConsent: true });
    }
  } catch (error) {
    window.focal = unconfigured((error as Error).message) as unknown as Focal;
    return;
  }
  window.focal = focal;
  const endpoint = script.dataset.endpoint!;
  const reranking = script.dataset.reranker !== 'false' ? deviceReranking(focal, endpoint, script.dataset.siteKey) : undefined;
  // without device reranking (data-reranker="false") describe() is there all the same and does nothing: pages call it
  (focal as Focal & { describe?(products: unknown[]): void }).describe = reranking?.describe ?? (() => undefined);
  autoMount(focal, { endpoint, siteKey: script.dataset.siteKey, ...reranking });
  for (const [method, args] of stub?.q ?? []) {
    try {
      const result = (focal as unknown as Record<string, (...a: unknown[]) => unknown>)[method]?.(...args);
      if (result instanceof Promise) result.catch((error: Error) => console.error(`Focal: ${error.message}`));
    } catch (error) {
      console.error(`Focal: ${(error as Error).message}`);
    }
  }
}

// (imported elsewhere, e.g. by a test, it waits for a browser)
if (SCRIPT_TAG || (typeof window !== 'undefined' && typeof document !== 'undefined')) boot();
