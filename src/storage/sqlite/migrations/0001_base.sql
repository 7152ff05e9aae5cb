-- 0001: places, base data (一张表), users, sessions, audit trail, maintained counters.
CREATE TABLE places (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level INTEGER NOT NULL,
  parent_code TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  boundary TEXT NOT NULL DEFAULT '',
  leader_person_id INTEGER,
  retired INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX places_parent ON places(parent_code, code);
CREATE INDEX places_level ON places(level, code);

CREATE TABLE buildings (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  floors INTEGER NOT NULL DEFAULT 0,
  leader_person_id INTEGER,
  retired INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX buildings_place ON buildings(place_code, id);

CREATE TABLE households (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  building_id INTEGER,
  address TEXT NOT NULL DEFAULT '',
  household_no TEXT NOT NULL DEFAULT '',
  residence_type TEXT NOT NULL DEFAULT '',
  member_count INTEGER NOT NULL DEFAULT 0,
  retired INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX households_place ON households(place_code, id);
CREATE UNIQUE INDEX households_no ON households(household_no) WHERE household_no <> '';

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  household_id INTEGER,
  name TEXT NOT NULL,
  sex TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  ethnicity TEXT NOT NULL DEFAULT '',
  political_status TEXT NOT NULL DEFAULT '',
  residence_type TEXT NOT NULL DEFAULT '',
  relation TEXT NOT NULL DEFAULT '',
  cid_enc BLOB NOT NULL,
  cid_hash BLOB NOT NULL,
  cid_masked TEXT NOT NULL,
  phone_enc BLOB,
  phone_hash BLOB,
  phone_masked TEXT NOT NULL DEFAULT '',
  retired INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX people_cid ON people(cid_hash);
CREATE INDEX people_place ON people(place_code, id);
CREATE INDEX people_name ON people(name, place_code, id);
CREATE INDEX people_household ON people(household_id) WHERE household_id IS NOT NULL;

CREATE TABLE person_tags (
  person_id INTEGER NOT NULL,
  tag TEXT NOT NULL,
  place_code TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '{}',
  since TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (person_id, tag)
) WITHOUT ROWID;
CREATE INDEX person_tags_scope ON person_tags(tag, place_code, person_id);

CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  credit_code TEXT NOT NULL DEFAULT '',
  employees INTEGER NOT NULL DEFAULT 0,
  party_members INTEGER NOT NULL DEFAULT 0,
  three_haves INTEGER NOT NULL DEFAULT 0,
  party_org_type TEXT NOT NULL DEFAULT '',
  instructor_name TEXT NOT NULL DEFAULT '',
  retired INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX organizations_place ON organizations(place_code, id);
CREATE UNIQUE INDEX organizations_credit ON organizations(credit_code) WHERE credit_code <> '';

-- Subtree counters per place code (and '' for the whole database), maintained in the same transaction
-- as every base-data write.
CREATE TABLE place_counts (
  code TEXT NOT NULL,
  metric TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (code, metric)
) WITHOUT ROWID;

CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  place_code TEXT NOT NULL,
  retired INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  place_code TEXT NOT NULL,
  department_id INTEGER,
  person_id INTEGER,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX users_place ON users(place_code, id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

-- Append-only, hash-chained (service writes one row per write and per unmasked read).
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  place_code TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_place ON audit(place_code, seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
