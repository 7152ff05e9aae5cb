-- 0006: a department code is unique per county, as on PostgreSQL (migration 0006_departments there): every
-- county has its own "gongan", and a database holding several counties (a province's demo, a merger of two
-- county systems) needs one per county. SQLite cannot drop a column's UNIQUE constraint, so the table is
-- rebuilt with the same columns and ids (no table refers to it by a foreign key).
CREATE TABLE departments_0006 (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  place_code TEXT NOT NULL,
  retired INTEGER NOT NULL DEFAULT 0
);
INSERT INTO departments_0006(id, code, name, place_code, retired)
  SELECT id, code, name, place_code, retired FROM departments;
DROP TABLE departments;
ALTER TABLE departments_0006 RENAME TO departments;
CREATE UNIQUE INDEX departments_county_code ON departments(substr(place_code, 1, 6), code);
