import type { Queryable } from './sql-client.js';
import { iso, json } from './rows.js';

/** A storefront that sends events: its publishable key, the origins its pages run on and its settings. */
export interface Site {
  siteKey: string;
  name: string;
  /** Exact origins (`https://shop.example`) allowed to call the adapter from a browser. */
  allowedOrigins: string[];
  settings: Record<string, unknown>;
  createdAt?: string;
}

function toSite(row: Record<string, unknown>): Site {
  return {
    siteKey: String(row.site_key),
    name: String(row.name),
    allowedOrigins: json<string[]>(row.allowed_origins),
    settings: json<Record<string, unknown>>(row.settings),
    createdAt: iso(row.created_at),
  };
}

/** The sites table. */
export function sitesRepo(db: Queryable) {
  return {
    async get(siteKey: string): Promise<Site | undefined> {
      if (siteKey.includes('\u0000')) return undefined; // no stored key has one (PostgreSQL cannot even be asked)
      const result = await db.query('SELECT * FROM sites WHERE site_key = $1', [siteKey]);
      return result.rows[0] ? toSite(result.rows[0]) : undefined;
    },
    async list(): Promise<Site[]> {
      return (await db.query('SELECT * FROM sites ORDER BY site_key')).rows.map(toSite);
    },
    /** Creates the site or replaces its name, origins and settings. */
    async upsert(site: Omit<Site, 'createdAt'>): Promise<Site> {
      const result = await db.query(
        `INSERT INTO sites (site_key, name, allowed_origins, settings) VALUES ($1, $2, $3::jsonb, $4::jsonb)
         ON CONFLICT (site_key) DO UPDATE SET name = EXCLUDED.name, allowed_origins = EXCLUDED.allowed_origins,
           settings = EXCLUDED.settings
         RETURNING *`,
        [site.siteKey, site.name, JSON.stringify(site.allowedOrigins), JSON.stringify(site.settings)],
      );
      return toSite(result.rows[0]!);
    },
    async delete(siteKey: string): Promise<boolean> {
      return (await db.query('DELETE FROM sites WHERE site_key = $1 RETURNING site_key', [siteKey])).rows.length > 0;
    },
  };
}
export type SitesRepo = ReturnType<typeof sitesRepo>;
