import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlClient } from './sql-client.js';

/** Advisory-lock key that serialises migrations across processes ("focal" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x666f63616c;

/** A migration file: `NNNN_name.sql`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Finds `packages/server-adapter/migrations` from this module, whether it runs from `src/` (tests, tsx) or `dist/`.
 */
export function defaultMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'migrations')) && existsSync(join(dir, 'package.json'))) return join(dir, 'migrations');
    dir = dirname(dir);
  }
  throw new Error('cannot find the migrations/ folder of @focal/server-adapter');
}

/** Reads and orders the migration files of a folder; a badly named .sql file is an error, not silently skipped. */
export function readMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE.exec(file);
      if (!match) throw new Error(`migration file ${file} must be named NNNN_name.sql (4 digits, lower-case name)`);
      return { version: Number(match[1]), name: file, sql: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version || a.name.localeCompare(b.name));
  return migrations;
}

/**
 * Applies every migration not yet recorded in `focal_migrations`, in order, each in its own transaction.
 * Safe when several processes start at once: they queue on one advisory lock and the later ones find nothing to do.
 * @returns the names of the migrations applied now.
 */
export async function migrate(sql: SqlClient, dir = defaultMigrationsDir()): Promise<string[]> {
  const migrations = readMigrations(dir);
  return sql.withLock(MIGRATION_LOCK_KEY, async () => {
    await sql.exec(`CREATE TABLE IF NOT EXISTS focal_migrations (
      name text PRIMARY KEY,
      version integer NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await sql.query<{ name: string }>('SELECT name FROM focal_migrations')).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await sql.transaction(async (tx) => {
        await tx.exec(migration.sql);
        await tx.query('INSERT INTO focal_migrations (name, version) VALUES ($1, $2)', [migration.name, migration.version]);
      }).catch((error: Error) => {
        throw new Error(`migration ${migration.name} failed: ${error.message}`);
      });
      applied.push(migration.name);
    }
    return applied;
  });
}
