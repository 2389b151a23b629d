-- Email snippets (issue 8; block 0300-0399): the link-signing secret when FOCAL_LINK_SECRET is not set, and the per-campaign
-- kill switch for signed links.

CREATE TABLE IF NOT EXISTS email_settings (
  key text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A campaign listed here is expired: its links answer 410 and record nothing.
CREATE TABLE IF NOT EXISTS email_campaign_kills (
  campaign text PRIMARY KEY,
  expired_at timestamptz NOT NULL DEFAULT now()
);
