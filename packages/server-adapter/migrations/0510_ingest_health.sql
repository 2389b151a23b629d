-- Event pipeline health (issue 10; written by src/ingest/health.ts, read by src/report/pipeline.ts): what
-- POST /v1/events refused or found duplicated, and what SDKs reported as dead-lettered, counted per site, UTC day of
-- receipt, kind and reason. Never the payload: a reason is the contract's sentence without the offending value, a
-- field is the event's path with array positions written `*`.
-- kind: rejected (one event refused) | batch_rejected (a whole request refused) | duplicate | dead_lettered.
CREATE TABLE IF NOT EXISTS ingest_health (
  site_key text NOT NULL,
  day date NOT NULL,
  kind text NOT NULL,
  reason text NOT NULL DEFAULT '',
  field text NOT NULL DEFAULT '',
  n bigint NOT NULL,
  PRIMARY KEY (site_key, day, kind, reason, field)
);
