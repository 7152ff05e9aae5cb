-- 0001: the administrative tree and its maintained subtree counters (places_repo.cpp). Every row carries
-- its county (the first 6 digits of its code, zero-padded: CountyOf in pg_common.hpp), which leads its keys.
-- parent_code has no foreign key: a parent above the county level (province, prefecture) or in another
-- county after a move lies in another county.
CREATE TABLE places (
  county text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  level integer NOT NULL,
  parent_code text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL DEFAULT '',
  boundary text COLLATE "C" NOT NULL DEFAULT '',
  leader_person_id bigint,
  retired boolean NOT NULL DEFAULT false,
  version bigint NOT NULL DEFAULT 1,
  updated_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (county, code)
);
CREATE INDEX places_parent ON places(parent_code, code);
CREATE INDEX places_level ON places(level, code);

-- Subtree counters per place code (and '' for the whole database, county '000000'), maintained in the
-- same transaction as every base-data write.
CREATE TABLE place_counts (
  county text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  metric text COLLATE "C" NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (county, code, metric)
);
