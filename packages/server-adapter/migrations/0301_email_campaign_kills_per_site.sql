-- The campaign kill switch is per site: expiring "newsletter" for one site must not expire every other site's
-- "newsletter". A kill made before this migration applied to every site, so it is kept for every site known now
-- (which site it was meant for is not recorded); campaigns of sites created later are live.

ALTER TABLE email_campaign_kills DROP CONSTRAINT email_campaign_kills_pkey;
ALTER TABLE email_campaign_kills ADD COLUMN site_key text;
INSERT INTO email_campaign_kills (site_key, campaign, expired_at)
  SELECT s.site_key, k.campaign, k.expired_at FROM email_campaign_kills k CROSS JOIN sites s WHERE k.site_key IS NULL;
DELETE FROM email_campaign_kills WHERE site_key IS NULL;
ALTER TABLE email_campaign_kills ALTER COLUMN site_key SET NOT NULL;
ALTER TABLE email_campaign_kills ADD PRIMARY KEY (site_key, campaign);
