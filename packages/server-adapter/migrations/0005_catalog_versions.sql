-- A change marker of each site's catalog: a counter bumped, in the writing transaction, by every statement that
-- inserts, updates or deletes the site's products (statement triggers, whoever writes). Adapter processes reload a
-- site's catalog when its counter differs from the one they loaded. It replaces max(products.updated_at): updated_at
-- is now(), the writing transaction's START, so an import that began before another and committed after it left the
-- maximum where it was and other processes never saw it. The counter's row stays locked until the writer commits, so
-- the next writer counts on from the committed value: every commit leaves a value no earlier commit had.
CREATE TABLE IF NOT EXISTS catalog_versions (
  site_key text PRIMARY KEY,
  version bigint NOT NULL
);
INSERT INTO catalog_versions (site_key, version) SELECT DISTINCT site_key, 1 FROM products ON CONFLICT (site_key) DO NOTHING;

CREATE OR REPLACE FUNCTION catalog_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE catalog_versions SET version = version + 1;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO catalog_versions AS v (site_key, version) SELECT DISTINCT site_key, 1 FROM catalog_rows_new
      ON CONFLICT (site_key) DO UPDATE SET version = v.version + 1;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO catalog_versions AS v (site_key, version)
      SELECT site_key, 1 FROM catalog_rows_new UNION SELECT site_key, 1 FROM catalog_rows_old
      ON CONFLICT (site_key) DO UPDATE SET version = v.version + 1;
  ELSE
    INSERT INTO catalog_versions AS v (site_key, version) SELECT DISTINCT site_key, 1 FROM catalog_rows_old
      ON CONFLICT (site_key) DO UPDATE SET version = v.version + 1;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS products_version_insert ON products;
CREATE TRIGGER products_version_insert AFTER INSERT ON products
  REFERENCING NEW TABLE AS catalog_rows_new FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
DROP TRIGGER IF EXISTS products_version_update ON products;
CREATE TRIGGER products_version_update AFTER UPDATE ON products
  REFERENCING OLD TABLE AS catalog_rows_old NEW TABLE AS catalog_rows_new FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
DROP TRIGGER IF EXISTS products_version_delete ON products;
CREATE TRIGGER products_version_delete AFTER DELETE ON products
  REFERENCING OLD TABLE AS catalog_rows_old FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
DROP TRIGGER IF EXISTS products_version_truncate ON products;
CREATE TRIGGER products_version_truncate AFTER TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
