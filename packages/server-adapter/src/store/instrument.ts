import type { SqlClient } from './sql-client.js';

/** The first keyword of a statement (`select`, `insert`, ...), a low-cardinality metric label. */
export function statementKind(text: string): string {
  const match = /^\s*(?:with\b[\s\S]*?\)\s*)?([a-z]+)/i.exec(text);
  return (match?.[1] ?? 'other').toLowerCase();
}

/** Wraps a client so every query and transaction reports its duration in seconds. */
export function instrumentSql(sql: SqlClient, observe: (op: string, seconds: number) => void): SqlClient {
  const time = async <T>(op: string, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      observe(op, (performance.now() - start) / 1000);
    }
  };
  let long: SqlClient | undefined;
  const self: SqlClient = {
    kind: sql.kind,
    query: (text, params) => time(statementKind(text), () => sql.query(text, params)),
    transaction: (fn) => time('transaction', () => sql.transaction(fn)),
    exec: (script) => sql.exec(script),
    withLock: (key, fn) => sql.withLock(key, fn),
    unbounded: () => (long ??= sql.unbounded() === sql ? self : instrumentSql(sql.unbounded(), observe)),
    close: () => sql.close(),
  };
  return self;
}
