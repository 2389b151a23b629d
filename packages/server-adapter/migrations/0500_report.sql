-- Report (issue 10, src/report): attribution checks one shopper's events between a click and an order for idle gaps,
-- a range scan on this index. Block 0500-0599 belongs to the report.
CREATE INDEX IF NOT EXISTS events_site_anonymous_time ON events (site_key, anonymous_id, event_time);
