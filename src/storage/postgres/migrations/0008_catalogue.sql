-- 0008: the dispatch catalogue (派单目录) and the holiday calendar: reference tables (registry kind
-- kReference, replicated to every node when sharded), so no county column. Same tables, columns and
-- meaning as SQLite's 0003; limits are stored as cal::FormatLimit text ("2wh", "5wd", "24h").
CREATE TABLE categories (
  code text COLLATE "C" PRIMARY KEY,
  parent text COLLATE "C" NOT NULL DEFAULT '',
  name_zh text COLLATE "C" NOT NULL,
  name_en text COLLATE "C" NOT NULL DEFAULT '',
  default_urgency integer NOT NULL DEFAULT 1,
  accept_limit text COLLATE "C" NOT NULL,
  handle_normal text COLLATE "C" NOT NULL,
  handle_urgent text COLLATE "C" NOT NULL,
  handle_critical text COLLATE "C" NOT NULL,
  handling_level text COLLATE "C" NOT NULL,
  default_department text COLLATE "C" NOT NULL DEFAULT '',
  micro boolean NOT NULL DEFAULT false,
  attributes text COLLATE "C" NOT NULL DEFAULT '[]',
  active boolean NOT NULL DEFAULT true,
  version bigint NOT NULL DEFAULT 1
);

-- Holiday calendar overrides: day 'YYYY-MM-DD', type 'holiday' | 'workday' (cal::DayTypeName).
CREATE TABLE calendar_days (
  day text COLLATE "C" PRIMARY KEY,
  type text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL DEFAULT ''
);

-- One row: bumped by every row written to categories or calendar_days (the triggers below, one bump per row
-- as SQLite's row triggers do), so caches can tell they are stale.
CREATE TABLE catalog_version (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO catalog_version(id, version) VALUES (1, 1);

CREATE FUNCTION catalog_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER categories_bump AFTER INSERT OR UPDATE OR DELETE ON categories
  FOR EACH ROW EXECUTE FUNCTION catalog_version_bump();
CREATE TRIGGER calendar_bump AFTER INSERT OR UPDATE OR DELETE ON calendar_days
  FOR EACH ROW EXECUTE FUNCTION catalog_version_bump();
