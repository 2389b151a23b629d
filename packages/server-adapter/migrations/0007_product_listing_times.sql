-- When each product first appeared in its site's catalog (`listed_at`) and when it last came back in stock
-- (`restocked_at`), recorded by the store: the reranker's `ageDays` feature counts from them. Each adapter process used
-- to count from when IT loaded the catalog and from the restocks IT happened to see, so after every restart a product
-- without events looked brand new, and `train` (which counted from the start of the event log) taught the model other
-- ages than the ones served. Now every process, a restarted one, and `train` read the same two times.
-- Rows stored before this migration never recorded their first appearance: they count from the earliest moment the
-- store can vouch for them, their last import or the site's first event, whichever is older (the start of the event
-- log is what `train` counted from before). New rows take the inserting transaction's time; an import never moves it.
ALTER TABLE products ADD COLUMN IF NOT EXISTS listed_at timestamptz;
ALTER TABLE products ADD COLUMN IF NOT EXISTS restocked_at timestamptz;
UPDATE products p SET listed_at = least(p.updated_at, (SELECT min(e.event_time) FROM events e WHERE e.site_key = p.site_key))
  WHERE p.listed_at IS NULL;
ALTER TABLE products ALTER COLUMN listed_at SET DEFAULT now();
ALTER TABLE products ALTER COLUMN listed_at SET NOT NULL;
