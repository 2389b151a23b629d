/** Helpers that turn database values into wire values the same way on PGlite and PostgreSQL. */

/** A timestamp column as an ISO-8601 UTC string. */
export function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

/** A jsonb column as a value (pg and PGlite both parse jsonb; a string is parsed defensively). */
export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
