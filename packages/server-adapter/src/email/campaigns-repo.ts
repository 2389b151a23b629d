import type { Queryable } from '../store/sql-client.js';
import { iso } from '../store/rows.js';

/** The per-campaign kill switch of email links (`email_campaign_kills`). */
export function emailCampaignsRepo(db: Queryable) {
  return {
    /** Expires every link of a campaign, now and for good. @returns when it was expired (the first time). */
    async expire(campaign: string): Promise<{ campaign: string; expiredAt: string; already: boolean }> {
      const inserted = await db.query<{ expired_at: unknown }>(
        'INSERT INTO email_campaign_kills (campaign) VALUES ($1) ON CONFLICT (campaign) DO NOTHING RETURNING expired_at', [campaign]);
      if (inserted.rows[0]) return { campaign, expiredAt: iso(inserted.rows[0].expired_at), already: false };
      const existing = await db.query<{ expired_at: unknown }>('SELECT expired_at FROM email_campaign_kills WHERE campaign = $1', [campaign]);
      return { campaign, expiredAt: iso(existing.rows[0]!.expired_at), already: true };
    },
    /** When the campaign was expired, or `undefined` while it is live. */
    async expiredAt(campaign: string): Promise<string | undefined> {
      const result = await db.query<{ expired_at: unknown }>('SELECT expired_at FROM email_campaign_kills WHERE campaign = $1', [campaign]);
      return result.rows[0] ? iso(result.rows[0].expired_at) : undefined;
    },
  };
}
export type EmailCampaignsRepo = ReturnType<typeof emailCampaignsRepo>;
