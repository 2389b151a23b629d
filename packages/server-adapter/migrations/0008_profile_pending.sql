-- Events stored whose effect on their shopper's profile is not applied yet. The row is written by the statement that
-- stores the event (so an event stored is always either applied or pending, whatever fails after the insert commits)
-- and deleted by the transaction that applies the event to the profile (so an event is applied once: a profile never
-- counts an event twice, nor misses one when the store failed, the process died or the answer was lost and the event
-- came back as a duplicate). Only the holder of a profile row's lock deletes that profile's rows (the profile first,
-- then its pending rows: no deadlock). No high-water mark on `seq`: an event whose transaction commits late (seq order
-- is not commit order) cannot be skipped. Erasing an event erases its row (ON DELETE CASCADE).
CREATE TABLE IF NOT EXISTS profile_pending (
  id uuid PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
  site_key text NOT NULL,
  profile_key text NOT NULL,
  queued_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS profile_pending_key ON profile_pending (site_key, profile_key);
CREATE INDEX IF NOT EXISTS profile_pending_queued ON profile_pending (queued_at);
