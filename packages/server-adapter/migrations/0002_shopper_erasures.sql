-- Erasures (GDPR Art. 17, DELETE /v1/profiles/me): whose events were deleted, written in the erasure's transaction,
-- so every adapter process sharing the database drops what it keeps about them in memory (the recommendation
-- index's per-shopper state) on its next sync. Identifiers only: the erased data itself is gone.
CREATE TABLE IF NOT EXISTS shopper_erasures (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_key text NOT NULL,
  user_id text,
  anonymous_ids text[] NOT NULL,
  erased_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS shopper_erasures_site ON shopper_erasures (site_key, seq);
