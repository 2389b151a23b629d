/**
 * The part of `@preact/signals-core` the script-tag bundle uses (`signal` with `value`/`peek`/`subscribe`, and
 * `batch`), in a few lines: rollup aliases the package to this file for `focal.min.js` only (saves ~1.6 kB gzip).
 * Same semantics for those calls: `subscribe` calls back at once and after every change (`!==`), untracked;
 * writes inside `batch` notify once, after the outermost batch. No `computed`/`effect`: nothing in the bundle uses
 * them, and page code never receives this module (ESM builds keep the real package).
 */
type Listener<T> = (value: T) => void;

/** A signal as this file makes it: `value` (read/write), `peek()`, `subscribe()`. */
export interface Signal<T> {
  value: T;
  peek(): T;
  subscribe(fn: Listener<T>): () => void;
}
export type ReadonlySignal<T> = Readonly<Signal<T>>;

let depth = 0;
/** Notifications held back until the outermost `batch` ends. */
const dirty = new Set<() => void>();

export function signal<T>(value: T): Signal<T> {
  const listeners = new Set<Listener<T>>();
  const notify = () => { for (const fn of [...listeners]) if (listeners.has(fn)) fn(value); };
  return {
    get value() { return value; },
    set value(next) {
      if (next === value) return;
      value = next;
      if (depth) dirty.add(notify);
      else notify();
    },
    peek: () => value,
    subscribe(fn) {
      const listener: Listener<T> = (v) => fn(v);
      listeners.add(listener);
      fn(value);
      return () => void listeners.delete(listener);
    },
  };
}

export function batch<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    if (--depth === 0) {
      for (const notify of [...dirty]) {
        dirty.delete(notify);
        notify();
      }
    }
  }
}
