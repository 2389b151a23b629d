import type { SqlClient } from '../store/sql-client.js';
import type { Neighbour } from '../strategies/index.js';

/** Whether pgvector can serve the `similar` strategy's kNN, and why (for the start-up log). */
export interface VectorSupport {
  available: boolean;
  reason: string;
}

/**
 * Detects pgvector at start: never on embedded PGlite; on PostgreSQL when the `vector` extension is installed, or
 * available and this role may `CREATE EXTENSION` it. Anything else means the in-process kNN is used.
 */
export async function detectPgvector(sql: SqlClient): Promise<VectorSupport> {
  if (sql.kind !== 'postgres') return { available: false, reason: 'embedded PGlite: using the in-process kNN' };
  try {
    const installed = await sql.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'");
    if (installed.rows.length) return { available: true, reason: 'pgvector extension installed' };
    const offered = await sql.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
    if (!offered.rows.length) return { available: false, reason: 'pgvector is not installed on this PostgreSQL: using the in-process kNN' };
    await sql.query('CREATE EXTENSION IF NOT EXISTS vector');
    return { available: true, reason: 'pgvector extension created' };
  } catch (error) {
    return { available: false, reason: `pgvector unusable (${(error as Error).message}): using the in-process kNN` };
  }
}

/** Product embeddings kept in PostgreSQL and searched with pgvector's cosine distance (`<=>`). */
export interface PgvectorSearch {
  /** Replaces a site's vectors when its catalog version changed (no-op otherwise). */
  sync(siteKey: string, catalogVersion: string, vectors: Iterable<[string, Float32Array]>): Promise<void>;
  /** The `k` nearest products of each id. */
  neighbours(siteKey: string, ids: string[], k: number): Promise<Map<string, Neighbour[]>>;
}

/** Creates the table (`focal_product_vectors`) and the search. Call only when {@link detectPgvector} said yes. */
export async function createPgvectorSearch(sql: SqlClient): Promise<PgvectorSearch> {
  await sql.exec(`CREATE TABLE IF NOT EXISTS focal_product_vectors (
    site_key text NOT NULL, id text NOT NULL, catalog_version text NOT NULL, embedding vector NOT NULL,
    PRIMARY KEY (site_key, id))`);
  const synced = new Map<string, string>();
  return {
    async sync(siteKey, catalogVersion, vectors) {
      if (synced.get(siteKey) === catalogVersion) return;
      const rows = [...vectors].map(([id, v]) => ({ id, embedding: `[${Array.from(v).join(',')}]` }));
      await sql.transaction(async (tx) => {
        await tx.query('DELETE FROM focal_product_vectors WHERE site_key = $1', [siteKey]);
        for (let i = 0; i < rows.length; i += 500) {
          await tx.query(
            `INSERT INTO focal_product_vectors (site_key, id, catalog_version, embedding)
             SELECT $1, x.id, $2, x.embedding::vector FROM jsonb_to_recordset($3::jsonb) AS x(id text, embedding text)`,
            [siteKey, catalogVersion, JSON.stringify(rows.slice(i, i + 500))],
          );
        }
      });
      synced.set(siteKey, catalogVersion);
    },
    async neighbours(siteKey, ids, k) {
      const result = await sql.query<{ source: string; id: string; similarity: number }>(
        `SELECT q.id AS source, n.id, 1 - (n.embedding <=> q.embedding) AS similarity
         FROM focal_product_vectors q
         CROSS JOIN LATERAL (SELECT id, embedding FROM focal_product_vectors c
           WHERE c.site_key = q.site_key AND c.id <> q.id ORDER BY c.embedding <=> q.embedding LIMIT $3) n
         WHERE q.site_key = $1 AND q.id = ANY($2::text[])`,
        [siteKey, ids, k],
      );
      const out = new Map<string, Neighbour[]>();
      for (const row of result.rows) {
        let list = out.get(row.source);
        if (!list) out.set(row.source, (list = []));
        list.push({ productId: row.id, similarity: Number(row.similarity) });
      }
      for (const list of out.values()) list.sort((a, b) => b.similarity - a.similarity);
      return out;
    },
  };
}
