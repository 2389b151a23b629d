import pg from 'pg';

/** Drops a test's PostgreSQL schema over a connection of its own (the test's adapter may be closed, or reach the server through a proxy that is down). */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
