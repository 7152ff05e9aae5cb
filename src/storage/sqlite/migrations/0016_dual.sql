-- 0016: 双报到. dual_units: units registered with a community (报到单位) and what they pledge; dual_members:
-- in-service party members registered with their residential community (one active registration per person),
-- placed in a grid; dual_posts and dual_claims: the community's posts (岗位) and who holds them; dual_logs: hours
-- a member served, confirmed by the community into the 时间银行.
CREATE TABLE dual_units (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('organ', 'institution', 'enterprise', 'other')),
  party_org TEXT NOT NULL DEFAULT '',
  liaison_name TEXT NOT NULL DEFAULT '',
  office_phone TEXT NOT NULL DEFAULT '',
  resources TEXT NOT NULL DEFAULT '',
  pledge TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  registered_at INTEGER NOT NULL,
  registered_by INTEGER NOT NULL,
  withdrawn_at INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dual_units_place ON dual_units(place_code, id);
CREATE UNIQUE INDEX dual_units_active_name ON dual_units(place_code, name) WHERE status = 'active';
CREATE TABLE dual_members (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  grid_code TEXT NOT NULL DEFAULT '',
  person_id INTEGER NOT NULL REFERENCES people(id),
  user_id INTEGER NOT NULL DEFAULT 0,
  unit_id INTEGER NOT NULL DEFAULT 0,
  employer_name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'left')),
  registered_at INTEGER NOT NULL,
  registered_by INTEGER NOT NULL,
  left_at INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dual_members_place ON dual_members(place_code, id);
CREATE INDEX dual_members_person ON dual_members(person_id, id);
CREATE INDEX dual_members_unit ON dual_members(unit_id) WHERE status = 'active';
CREATE UNIQUE INDEX dual_members_active_person ON dual_members(person_id) WHERE status = 'active';
CREATE TABLE dual_posts (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  grid_code TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  slots INTEGER NOT NULL CHECK (slots BETWEEN 1 AND 200),
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  created_at INTEGER NOT NULL,
  created_by INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dual_posts_place ON dual_posts(place_code, id);
CREATE TABLE dual_claims (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES dual_posts(id),
  member_id INTEGER NOT NULL REFERENCES dual_members(id),
  claimed_at INTEGER NOT NULL,
  released_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dual_claims_post ON dual_claims(post_id, id);
CREATE INDEX dual_claims_member ON dual_claims(member_id, id);
CREATE UNIQUE INDEX dual_claims_held ON dual_claims(post_id, member_id) WHERE released_at = 0;
CREATE TABLE dual_logs (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES dual_members(id),
  place_code TEXT NOT NULL,
  post_id INTEGER NOT NULL DEFAULT 0,
  served_on TEXT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 30 AND 1440 AND minutes % 30 = 0),
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
  reason TEXT NOT NULL DEFAULT '',
  decided_by INTEGER NOT NULL DEFAULT 0,
  decided_at INTEGER NOT NULL DEFAULT 0,
  entry_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dual_logs_place ON dual_logs(place_code, status, id);
CREATE INDEX dual_logs_member ON dual_logs(member_id, id);
