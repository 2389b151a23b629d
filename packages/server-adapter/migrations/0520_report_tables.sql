-- Report tables (issue 10, src/report/refresh.ts): small per-day aggregates and per-order-line attribution candidates
-- kept up to date from the events, so a report reads them instead of scanning the history. They hold nothing the
-- events do not: an erasure of the events (GDPR) is followed by the tables at the next report.
--
-- How they stay exact:
-- * every INSERT into events queues the new rows' seq in report_queue (same transaction, so a queued seq is always a
--   committed event); a report first applies the queue (src/report/refresh.ts) under a per-site lock, in one
--   REPEATABLE READ transaction, and deletes exactly the queue rows it applied;
-- * every DELETE (or UPDATE) of events records the days, shoppers and users it touched in report_dirty; the next
--   report recomputes those days and shoppers from the events;
-- * report_state says a site's tables were built (and with which layout); without it the next report rebuilds them.

CREATE TABLE IF NOT EXISTS report_queue (
  site_key text NOT NULL,
  seq bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS report_queue_site ON report_queue (site_key, seq);

CREATE TABLE IF NOT EXISTS report_dirty (
  site_key text NOT NULL,
  day date NOT NULL,
  anonymous_id text NOT NULL,
  user_id text
);
CREATE INDEX IF NOT EXISTS report_dirty_site ON report_dirty (site_key);

CREATE TABLE IF NOT EXISTS report_state (
  site_key text PRIMARY KEY,
  layout text NOT NULL,
  refreshed_at timestamptz NOT NULL
);

-- Viewable impressions and clicks per UTC day and dimensions (TRAFFIC_SQL over whole days).
CREATE TABLE IF NOT EXISTS report_traffic_daily (
  site_key text NOT NULL,
  day date NOT NULL,
  kind text NOT NULL,
  placement text NOT NULL,
  strategy text NOT NULL,
  variant text NOT NULL,
  model_version text NOT NULL,
  page_type text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (site_key, day, kind, placement, strategy, variant, model_version, page_type)
);

-- Stored events per UTC day and type, and those that arrived over an hour late (PIPELINE_SQL over whole days).
CREATE TABLE IF NOT EXISTS report_events_daily (
  site_key text NOT NULL,
  day date NOT NULL,
  type text NOT NULL,
  n bigint NOT NULL,
  late bigint NOT NULL,
  PRIMARY KEY (site_key, day, type)
);

-- One row per purchase event: its revenue field and the total of its lines (ORDERS_SQL, exposure outcomes).
CREATE TABLE IF NOT EXISTS report_orders (
  site_key text NOT NULL,
  event_id uuid PRIMARY KEY,
  seq bigint NOT NULL,
  anonymous_id text NOT NULL,
  event_time timestamptz NOT NULL,
  revenue double precision,
  line_total double precision NOT NULL
);
CREATE INDEX IF NOT EXISTS report_orders_site_time ON report_orders (site_key, event_time);
CREATE INDEX IF NOT EXISTS report_orders_site_anonymous ON report_orders (site_key, anonymous_id, event_time);

-- First variant-tagged viewable impression per UTC day, placement, variant and visitor (EXPOSURE_SQL).
CREATE TABLE IF NOT EXISTS report_exposure_daily (
  site_key text NOT NULL,
  day date NOT NULL,
  placement text NOT NULL,
  variant text NOT NULL,
  anonymous_id text NOT NULL,
  first_t timestamptz NOT NULL,
  PRIMARY KEY (site_key, day, placement, variant, anonymous_id)
);

-- Every (order line or add-to-cart, earlier click on the same product) pair that some attribution setting could
-- accept: web pairs of one anonymous id with the widest gap between the shopper's events from click to order (kept
-- when at most the longest allowed idle gap), email pairs of one user at most the longest email window apart.
CREATE TABLE IF NOT EXISTS report_attribution (
  site_key text NOT NULL,
  kind text NOT NULL,
  event_id uuid NOT NULL,
  order_id text,
  line_no integer NOT NULL,
  product_id text NOT NULL,
  amount double precision,
  conv_t timestamptz NOT NULL,
  anonymous_id text NOT NULL,
  user_id text,
  click_id uuid NOT NULL,
  click_t timestamptz NOT NULL,
  placement text,
  strategy text NOT NULL,
  variant text NOT NULL,
  model_version text NOT NULL,
  page_type text NOT NULL,
  is_email boolean NOT NULL,
  widest interval NOT NULL
);
CREATE INDEX IF NOT EXISTS report_attribution_site_time ON report_attribution (site_key, conv_t);
CREATE INDEX IF NOT EXISTS report_attribution_web ON report_attribution (site_key, anonymous_id) WHERE NOT is_email;
CREATE INDEX IF NOT EXISTS report_attribution_email ON report_attribution (site_key, user_id) WHERE is_email;

CREATE OR REPLACE FUNCTION report_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_queue (site_key, seq) SELECT site_key, seq FROM report_added;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION report_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (site_key, day, anonymous_id, user_id)
    SELECT DISTINCT site_key, (event_time AT TIME ZONE 'UTC')::date, anonymous_id, user_id FROM report_removed;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION report_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (site_key, day, anonymous_id, user_id)
    SELECT DISTINCT site_key, (event_time AT TIME ZONE 'UTC')::date, anonymous_id, user_id FROM report_removed
    UNION SELECT DISTINCT site_key, (event_time AT TIME ZONE 'UTC')::date, anonymous_id, user_id FROM report_added;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS events_report_enqueue ON events;
CREATE TRIGGER events_report_enqueue AFTER INSERT ON events
  REFERENCING NEW TABLE AS report_added FOR EACH STATEMENT EXECUTE FUNCTION report_enqueue();
DROP TRIGGER IF EXISTS events_report_forget ON events;
CREATE TRIGGER events_report_forget AFTER DELETE ON events
  REFERENCING OLD TABLE AS report_removed FOR EACH STATEMENT EXECUTE FUNCTION report_forget();
DROP TRIGGER IF EXISTS events_report_change ON events;
CREATE TRIGGER events_report_change AFTER UPDATE ON events
  REFERENCING OLD TABLE AS report_removed NEW TABLE AS report_added FOR EACH STATEMENT EXECUTE FUNCTION report_change();
