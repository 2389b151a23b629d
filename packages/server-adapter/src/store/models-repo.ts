import type { ModelManifest } from '@focal/sdk-core/contracts';
import type { Queryable } from './sql-client.js';
import { json } from './rows.js';

/** A stored reranker model version. */
export interface StoredModel {
  version: string;
  manifest: ModelManifest;
  active: boolean;
}

/** The models table: each trained reranker version, its manifest, optionally its ONNX bytes, and which is active. */
export function modelsRepo(db: Queryable & { transaction?: unknown }) {
  return {
    async put(manifest: ModelManifest, onnx?: Uint8Array): Promise<void> {
      await db.query(
        `INSERT INTO models (version, manifest, onnx) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (version) DO UPDATE SET manifest = EXCLUDED.manifest, onnx = coalesce(EXCLUDED.onnx, models.onnx)`,
        [manifest.version, JSON.stringify(manifest), onnx ?? null],
      );
    },
    /** Makes one version the active one (and no other). */
    async activate(version: string): Promise<boolean> {
      const result = await db.query(
        'UPDATE models SET active = (version = $1) WHERE active OR version = $1 RETURNING version, active', [version]);
      return result.rows.some((r) => r.version === version);
    },
    async active(): Promise<StoredModel | undefined> {
      const result = await db.query('SELECT version, manifest, active FROM models WHERE active LIMIT 1');
      const row = result.rows[0];
      return row ? { version: String(row.version), manifest: json<ModelManifest>(row.manifest), active: true } : undefined;
    },
    async onnx(version: string): Promise<Uint8Array | undefined> {
      const result = await db.query<{ onnx: Uint8Array | null }>('SELECT onnx FROM models WHERE version = $1', [version]);
      return result.rows[0]?.onnx ?? undefined;
    },
    async list(): Promise<StoredModel[]> {
      const result = await db.query('SELECT version, manifest, active FROM models ORDER BY created_at');
      return result.rows.map((r) => ({ version: String(r.version), manifest: json<ModelManifest>(r.manifest), active: Boolean(r.active) }));
    },
  };
}
export type ModelsRepo = ReturnType<typeof modelsRepo>;
