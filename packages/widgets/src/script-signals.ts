/**
 * The part of `@preact/signals-core` the script-tag bundle uses (`signal` with `value`/`peek`/`subscribe`, and
 * `batch`), in a few lines: rollup aliases the package to this file for `focal.min.js` only (saves ~1.6 kB gzip).
 * Same semantics for those calls: `subscribe` calls back at once and after every change (`!==`), untracked;
 * writes inside `batch` notify once, after the outermost batch. No `computed`/`effect`: nothing in the bundle uses
 * them, and page code never receives this module (ESM builds keep the real package).
 */
type Listener<T> = (value: T) => void;

let depth = 0;
const dirty = new Set<MiniSignal<unknown>>();

class MiniSignal<T> {
  private current: T;
  private listeners = new Set<Listener<T>>();
  constructor(value: T) {
    this.current = value;
  }
  get value(): T {
    return this.current;
  }
  set value(next: T) {
    if (next === this.current) return;
    this.current = next;
    if (depth) dirty.add(this as MiniSignal<unknown>);
    else this.notify();
  }
  peek(): T {
    return this.current;
  }
  subscribe(fn: Listener<T>): () => void {
    const listener: Listener<T> = (v) => fn(v);
    this.listeners.add(listener);
    fn(this.current);
    return () => void this.listeners.delete(listener);
  }
  notify(): void {
    for (const fn of [...this.listeners]) if (this.listeners.has(fn)) fn(this.current);
  }
  toString(): string {
    return String(this.current);
  }
  valueOf(): T {
    return this.current;
  }
}

export type { MiniSignal as Signal, MiniSignal as ReadonlySignal };

export function signal<T>(value: T): MiniSignal<T> {
  return new MiniSignal(value);
}

export function batch<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    if (--depth === 0) {
      for (const s of [...dirty]) {
        dirty.delete(s);
        s.notify();
      }
    }
  }
}
