-- Retention of shopper_erasures (0002): a row is only needed until every adapter process has read it (seconds; an
-- index idle longer than half the retention is rebuilt from the store instead), and it holds the identifiers of
-- someone who asked to be forgotten, so rows older than `erasureRetentionDays` are deleted. How many were deleted per
-- site is kept, so a process loading later counts the same erasure epoch (cache keys) as one that saw every row.
CREATE TABLE IF NOT EXISTS shopper_erasure_counts (
  site_key text PRIMARY KEY,
  pruned bigint NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS shopper_erasures_erased_at ON shopper_erasures (erased_at);
