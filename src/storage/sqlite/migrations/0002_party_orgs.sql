-- 党组织 tree (MISSION 5): 街道(乡镇)党(工)委 → 村(社区)党组织 → 网格党支部 → 楼栋党小组 → 党员中心户,
-- each linked to the place it covers.
CREATE TABLE party_orgs (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  parent_id INTEGER REFERENCES party_orgs(id),
  secretary_name TEXT NOT NULL DEFAULT '',
  members INTEGER NOT NULL DEFAULT 0,
  retired INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX party_orgs_place ON party_orgs(place_code, id);
CREATE INDEX party_orgs_parent ON party_orgs(parent_id);
