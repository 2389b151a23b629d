-- The store's identity: one random id, made when the store is created. With the database's own identity (PostgreSQL's
-- system identifier, the database and schema names) it names the store in keys shared with other stores: the Redis
-- answer cache's namespace, so adapters on different databases sharing one Redis never serve each other's answers.
-- A byte-for-byte copy of the store (a physical replica promoted, a copied data directory) keeps it: give such a copy
-- its own `cacheNamespace`.
CREATE TABLE IF NOT EXISTS store_identity (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO store_identity (id)
SELECT md5(random()::text || clock_timestamp()::text || pg_backend_pid()::text || random()::text)
WHERE NOT EXISTS (SELECT 1 FROM store_identity);
