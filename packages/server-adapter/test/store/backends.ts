/**
 * The stores the contract suite runs on: PGlite always; PostgreSQL when DATABASE_URL is set (in a random schema,
 * dropped after). An unreachable DATABASE_URL fails the suite loudly.
 */
import { randomBytes } from 'node:crypto';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.js';

export interface Backend {
  name: string;
  open(options?: Partial<StoreOptions>): Promise<{ store: Store; options: StoreOptions; drop(): Promise<void> }>;
}

export const backends: Backend[] = [
  {
    name: 'pglite',
    async open(extra = {}) {
      const options = { ...extra };
      const store = await openStore(options);
      return { store, options, drop: () => store.close() };
    },
  },
  ...(process.env.DATABASE_URL
    ? [{
        name: 'postgres',
        async open(extra: Partial<StoreOptions> = {}) {
          const schema = `focal_test_${randomBytes(6).toString('hex')}`;
          const options = { databaseUrl: process.env.DATABASE_URL!, schema, ...extra };
          const store = await openStore(options);
          return {
            store, options,
            async drop() {
              await store.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
              await store.close();
            },
          };
        },
      }]
    : []),
];

/** Runs `test` on a fresh store of `backend`, and drops the store after it, whatever the test did. */
export async function withStore(backend: Backend, test: (store: Store) => Promise<void>): Promise<void> {
  const { store, drop } = await backend.open();
  try {
    await test(store);
  } finally {
    await drop();
  }
}
