-- The transaction that wrote each event, for exports that never skip an event (GET /v1/admin/events?after=).
-- `seq` is taken when a row is inserted, not when its transaction commits: a transaction holding seq 101 can commit
-- after one holding seq 102 was exported, and a consumer resuming after 102 never saw 101. The export now returns
-- only events whose transaction is older than every transaction still open (the snapshot's xmin: nothing older can
-- commit any more) and pages in (tx_id, seq) order, so an event committed late always sorts after what was exported.
-- Events stored before this migration read as transaction 0: older than any, in seq order as before. The constant
-- default keeps the ALTER from rewriting the table; new rows take the writing transaction's id (64-bit, never wraps).
ALTER TABLE events ADD COLUMN IF NOT EXISTS tx_id xid8 NOT NULL DEFAULT '0';
ALTER TABLE events ALTER COLUMN tx_id SET DEFAULT pg_current_xact_id();
CREATE INDEX IF NOT EXISTS events_tx_seq ON events (tx_id, seq);
