import type { Queryable } from '../store/sql-client.js';
import { iso } from '../store/rows.js';

/** The per-site, per-campaign kill switch of email links (`email_campaign_kills`). */
export function emailCampaignsRepo(db: Queryable) {
  return {
    /** Expires every link of one site's campaign, now and for good. @returns when it was expired (the first time). */
    async expire(siteKey: string, campaign: string): Promise<{ siteKey: string; campaign: string; expiredAt: string; already: boolean }> {
      const inserted = await db.query<{ expired_at: unknown }>(
        'INSERT INTO email_campaign_kills (site_key, campaign) VALUES ($1, $2) ON CONFLICT (site_key, campaign) DO NOTHING RETURNING expired_at',
        [siteKey, campaign]);
      if (inserted.rows[0]) return { siteKey, campaign, expiredAt: iso(inserted.rows[0].expired_at), already: false };
      const existing = await db.query<{ expired_at: unknown }>(
        'SELECT expired_at FROM email_campaign_kills WHERE site_key = $1 AND campaign = $2', [siteKey, campaign]);
      return { siteKey, campaign, expiredAt: iso(existing.rows[0]!.expired_at), already: true };
    },
    /** When the site's campaign was expired, or `undefined` while it is live. */
    async expiredAt(siteKey: string, campaign: string): Promise<string | undefined> {
      const result = await db.query<{ expired_at: unknown }>(
        'SELECT expired_at FROM email_campaign_kills WHERE site_key = $1 AND campaign = $2', [siteKey, campaign]);
      return result.rows[0] ? iso(result.rows[0].expired_at) : undefined;
    },
  };
}
export type EmailCampaignsRepo = ReturnType<typeof emailCampaignsRepo>;
