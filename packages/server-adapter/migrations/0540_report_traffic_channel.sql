-- Traffic per channel (src/report/tables-sql.ts): a click through an email link (rec_click with channel email, made
-- by the adapter's /r/ redirect) is kept apart from web clicks, so the report's CTR divides web clicks by web
-- impressions (emails have no impressions) instead of counting email clicks over web impressions.
-- Rows written before this migration say web; the report layout changed with it (TABLES_LAYOUT v3), so the next
-- refresh of every site rebuilds its tables from the events before reading them. Only this table is locked, briefly.

ALTER TABLE report_traffic_daily ADD COLUMN IF NOT EXISTS channel text NOT NULL DEFAULT 'web';
ALTER TABLE report_traffic_daily DROP CONSTRAINT IF EXISTS report_traffic_daily_pkey;
ALTER TABLE report_traffic_daily ADD PRIMARY KEY (site_key, day, kind, placement, strategy, variant, model_version, page_type, channel);
