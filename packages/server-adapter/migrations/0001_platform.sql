-- Platform tables of the Focal adapter: sites, events, catalog, profiles, audit log, models.
-- Other feature modules add their own files with higher numbers (see README, "Migrations").

CREATE TABLE sites (
  site_key text PRIMARY KEY,
  name text NOT NULL,
  allowed_origins jsonb NOT NULL DEFAULT '[]'::jsonb,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per accepted event. `id` is the client's UUIDv7 (the idempotency key): INSERT ... ON CONFLICT DO NOTHING
-- RETURNING makes duplicate detection atomic. `seq` grows with every insert so in-process views can tail new events.
CREATE TABLE events (
  seq bigint GENERATED ALWAYS AS IDENTITY,
  id uuid PRIMARY KEY,
  site_key text NOT NULL,
  type text NOT NULL,
  anonymous_id text NOT NULL,
  user_id text,
  session_id text NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  event_time timestamptz NOT NULL,
  payload jsonb NOT NULL
);
CREATE UNIQUE INDEX events_seq ON events (seq);
CREATE INDEX events_site_time ON events (site_key, event_time);
CREATE INDEX events_site_anonymous ON events (site_key, anonymous_id);
CREATE INDEX events_site_user ON events (site_key, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX events_site_type_time ON events (site_key, type, event_time);

CREATE TABLE products (
  site_key text NOT NULL,
  id text NOT NULL,
  data jsonb NOT NULL,
  in_stock boolean NOT NULL,
  price double precision NOT NULL,
  category text NOT NULL,
  brand text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_key, id)
);
CREATE INDEX products_site_category ON products (site_key, category);

-- `profile_key` is `a:<anonymousId>` or `u:<userId>`.
CREATE TABLE profiles (
  site_key text NOT NULL,
  profile_key text NOT NULL,
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_key, profile_key)
);

-- What happened, never the personal data it happened to.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  site_key text,
  actor text NOT NULL,
  action text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE models (
  version text PRIMARY KEY,
  manifest jsonb NOT NULL,
  onnx bytea,
  active boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
