import type { FocalEvent } from '../contracts/events.js';
import type { Validated } from '../contracts/validate.js';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff.js';
import { DEV, DEV_HINT, SCRIPT_TAG } from './build.js';
import { MAX_BATCH_BYTES } from '../contracts/limits.js';

/** Options of `createFocal`. Only `endpoint` and `siteKey` are required; the defaults are the documented schedule. */
export interface FocalOptions {
  /** Base URL of the Focal adapter, e.g. `https://shop.example/focal`. Events go to `${endpoint}/v1/events`. */
  endpoint: string;
  /** Public site key (`pk_…`), sent with every request. */
  siteKey: string;
  /** Store and send nothing until `consent({ analytics: true })`; events wait in memory. @default false */
  requireConsent?: boolean;
  /** Treat `navigator.globalPrivacyControl === true` as a refusal until the site calls `consent()`. @default false */
  honorGlobalPrivacyControl?: boolean;
  /** Longest time an event waits before its batch is sent, ms. @default 5000 */
  flushInterval?: number;
  /** Queued events that trigger a send at once. @default 10 */
  flushAt?: number;
  /** Most events in one request. @default 100 */
  maxBatchEvents?: number;
  /** Largest request body, bytes. @default 40000 */
  maxBatchBytes?: number;
  /** Largest `sendBeacon` body at page exit, bytes. @default 51000 */
  beaconBytes?: number;
  /** Retry schedule; see `RetryPolicy`. @default 1 s doubling to 60 s, Retry-After ≤ 300 s, 10 attempts, 12 h */
  retry?: Partial<RetryPolicy>;
  /** Queue caps. @default 1000 events, 2 MB */
  maxQueueEvents?: number;
  maxQueueBytes?: number;
  /**
   * How long one tab may hold the flush lease (and one request may take) before another takes over, and how long the
   * queue waits for IndexedDB to open before going on in memory meanwhile, ms. @default 10000
   */
  leaseMs?: number;
  /** Session ends after this much inactivity, ms. @default 30 min */
  sessionIdleMs?: number;
  /** Session ends after this long in any case, ms. @default 24 h */
  sessionMaxMs?: number;
  /** IndexedDB database name; `false` keeps the queue in memory only. @default 'focal' */
  storage?: string | false;
  /**
   * Validates each event before it is stored. The default is a light check of the same rules (shape of the
   * properties, 32 kB, no e-mail or card numbers) that keeps the script tag small; pass `validateEvent` from
   * `@focal/sdk-core/contracts` for the full zod contract (the adapter always applies it).
   */
  validate?: (event: unknown) => Validated<FocalEvent>;
  /** `fetch` to use (tests). @default globalThis.fetch */
  fetch?: typeof fetch;
}

export type ResolvedOptions = Required<Omit<FocalOptions, 'retry' | 'validate' | 'fetch'>> & {
  retry: RetryPolicy;
  validate?: FocalOptions['validate'];
  fetch?: typeof fetch;
};

/** The numeric options and their defaults (the documented schedule). */
export const NUMBERS = {
  flushInterval: 5000, flushAt: 10, maxBatchEvents: 100, maxBatchBytes: 40_000, beaconBytes: 51_000,
  maxQueueEvents: 1000, maxQueueBytes: 2_000_000, leaseMs: 10_000, sessionIdleMs: 30 * 60_000, sessionMaxMs: 24 * 3600_000,
};

/** Throws the `TypeError` of a bad option: `message` names it and says what is expected (more of it with `DEV`). */
function fail(message: string): never {
  throw new TypeError(`createFocal: ${message}${DEV ? '' : DEV_HINT}`);
}

/** Copies the options of `given` named in `defaults` to `target`, after checking each is a positive number. */
function positive(defaults: object, given: Record<string, unknown>, target: Record<string, unknown>, prefix = ''): void {
  for (const name in given) {
    const value = given[name];
    if (!Object.hasOwn(defaults, name)) {
      if (prefix) fail(`${prefix}${name} is not an option${DEV ? `; use ${Object.keys(defaults).join(', ')}` : ''}`);
    } else if (value !== undefined) {
      if (typeof value != 'number' || !(value > 0) || !isFinite(value)) fail(`${prefix}${name} must be a positive number${DEV ? `; got ${JSON.stringify(value)}` : ''}`);
      target[name] = value;
    }
  }
}

/** Checks `createFocal` options and fills in defaults; throws a `TypeError` naming the option to fix. */
export function resolveOptions(options: FocalOptions): ResolvedOptions {
  if (!options || typeof options != 'object') fail(DEV ? 'pass an options object: createFocal({ endpoint, siteKey })' : 'options must be an object');
  const { endpoint, siteKey, storage = 'focal' } = options;
  if (typeof endpoint != 'string' || !/^https?:\/\/[^/\s]+/.test(endpoint)) {
    fail(DEV
      ? `endpoint must be the absolute http(s) URL of your Focal adapter, e.g. "https://shop.example/focal"; got ${JSON.stringify(endpoint)}`
      : 'endpoint must be an http(s) URL');
  }
  if (typeof siteKey != 'string' || !/^\S{1,128}$/.test(siteKey)) {
    fail(DEV ? `siteKey must be your public site key (e.g. "pk_shop"); got ${JSON.stringify(siteKey)}` : 'siteKey must be 1–128 chars, no spaces');
  }
  const resolved: ResolvedOptions = {
    ...NUMBERS, endpoint: endpoint.replace(/\/+$/, ''), siteKey, storage,
    requireConsent: !!options.requireConsent, honorGlobalPrivacyControl: !!options.honorGlobalPrivacyControl,
    retry: { ...DEFAULT_RETRY },
  };
  if (!SCRIPT_TAG) { // functions: not from data attributes
    resolved.validate = options.validate;
    resolved.fetch = options.fetch;
  }
  positive(NUMBERS, options as unknown as Record<string, unknown>, resolved);
  positive(DEFAULT_RETRY, options.retry ?? {}, resolved.retry as unknown as Record<string, unknown>, 'retry.');
  if (resolved.maxBatchEvents > 500) fail(`maxBatchEvents must be at most 500${DEV ? ' (the adapter limit)' : ''}`);
  if (resolved.maxBatchBytes > MAX_BATCH_BYTES) fail(`maxBatchBytes must be at most ${MAX_BATCH_BYTES}${DEV ? ' (the adapter refuses larger requests)' : ''}`);
  if (resolved.beaconBytes > 60_000) fail(`beaconBytes must be at most 60000${DEV ? ' (browsers cap beacons near 64 kB)' : ''}`);
  if (storage === '' || (storage !== false && typeof storage != 'string')) fail(`storage must be a database name or false${DEV ? `; got ${JSON.stringify(storage)}` : ''}`);
  if (!SCRIPT_TAG) { // the script tag passes every data-* attribute of its tag: only code is held to the option names
    const unknown = Object.keys(options).filter((name) => !Object.hasOwn(resolved, name));
    if (unknown.length) fail(`${unknown.join(', ')} ${unknown.length > 1 ? 'are not options' : 'is not an option'}; see FocalOptions`);
    for (const flag of ['requireConsent', 'honorGlobalPrivacyControl'] as const) {
      if (options[flag] !== undefined && typeof options[flag] != 'boolean') fail(`${flag} must be true or false`);
    }
    for (const fn of ['validate', 'fetch'] as const) {
      if (options[fn] !== undefined && typeof options[fn] != 'function') fail(`${fn} must be a function`);
    }
  }
  return resolved;
}
