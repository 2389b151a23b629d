-- Email clicks of anonymous visitors (src/report/tables-sql.ts). A link of an email sent to an anonymous id is stored
-- as a rec_click (channel email) under that anonymous id and no user id (src/email/click.ts); orders after it are
-- attributed by the anonymous id, as a signed-in customer's are by the user id. The attribution table says which of
-- the two an email pair was matched by, so a refresh replaces exactly the pairs of the shoppers and users it
-- recomputes: click_user_id is the click's user id, NULL for a click without one (an email pair of such a click is
-- one anonymous id's, any other email pair one user's).
-- Rows written before this migration have it NULL; the report layout changed with it (TABLES_LAYOUT v2), so the
-- next refresh of every site rebuilds its tables from the events before reading them.

ALTER TABLE report_attribution ADD COLUMN IF NOT EXISTS click_user_id text;
CREATE INDEX IF NOT EXISTS report_attribution_email_anonymous ON report_attribution (site_key, anonymous_id)
  WHERE is_email AND click_user_id IS NULL;
