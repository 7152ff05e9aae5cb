-- 0017: 红黑榜 (docs/rolls.md). roll_criteria: each community's published items, red and black, each citing
-- its 村规民约 article (an edit retires the row and inserts its successor with the same seq); roll_entries:
-- the nominations with the two committees' review, the notice (公示) and the listing; roll_objections: those
-- raised during a notice; roll_publications: a community's monthly publication, one per month.
CREATE TABLE roll_criteria (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('red', 'black')),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  title TEXT NOT NULL,
  article TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  created_at INTEGER NOT NULL,
  created_by INTEGER NOT NULL,
  retired_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX roll_criteria_place ON roll_criteria(place_code, side, seq, id);
-- One active item per number: two nominations of the same number at once cannot both take MAX(seq) + 1.
CREATE UNIQUE INDEX roll_criteria_active_seq ON roll_criteria(place_code, side, seq) WHERE status = 'active';
CREATE TABLE roll_entries (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  period INTEGER NOT NULL CHECK (period >= 190001 AND period % 100 BETWEEN 1 AND 12),
  side TEXT NOT NULL CHECK (side IN ('red', 'black')),
  subject TEXT NOT NULL CHECK (subject IN ('person', 'household')),
  person_id INTEGER NOT NULL REFERENCES people(id),
  household_id INTEGER NOT NULL DEFAULT 0,
  criteria TEXT NOT NULL CHECK (criteria <> ''),
  evidence TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL
    CHECK (status IN ('nominated', 'rejected', 'notice', 'withdrawn', 'listed', 'removed', 'revoked')),
  nominated_by INTEGER NOT NULL,
  nominated_at INTEGER NOT NULL,
  party_approve INTEGER NOT NULL DEFAULT -1 CHECK (party_approve IN (-1, 0, 1)),
  party_opinion TEXT NOT NULL DEFAULT '',
  party_met_on TEXT NOT NULL DEFAULT '',
  party_by INTEGER NOT NULL DEFAULT 0,
  party_at INTEGER NOT NULL DEFAULT 0,
  village_approve INTEGER NOT NULL DEFAULT -1 CHECK (village_approve IN (-1, 0, 1)),
  village_opinion TEXT NOT NULL DEFAULT '',
  village_met_on TEXT NOT NULL DEFAULT '',
  village_by INTEGER NOT NULL DEFAULT 0,
  village_at INTEGER NOT NULL DEFAULT 0,
  notice_from INTEGER NOT NULL DEFAULT 0,
  notice_until INTEGER NOT NULL DEFAULT 0,
  listed_at INTEGER NOT NULL DEFAULT 0,
  listed_until INTEGER NOT NULL DEFAULT 0,
  publication_id INTEGER NOT NULL DEFAULT 0,
  ledger_entry_id INTEGER NOT NULL DEFAULT 0,
  closed_reason TEXT NOT NULL DEFAULT '',
  closed_by INTEGER NOT NULL DEFAULT 0,
  closed_at INTEGER NOT NULL DEFAULT 0,
  appeal_status TEXT NOT NULL DEFAULT '' CHECK (appeal_status IN ('', 'open', 'upheld', 'dismissed')),
  appeal_reason TEXT NOT NULL DEFAULT '',
  appeal_by INTEGER NOT NULL DEFAULT 0,
  appeal_at INTEGER NOT NULL DEFAULT 0,
  appeal_note TEXT NOT NULL DEFAULT '',
  appeal_decided_by INTEGER NOT NULL DEFAULT 0,
  appeal_decided_at INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  -- A listing (and what ends one) only after the whole notice.
  CHECK (status NOT IN ('listed', 'removed', 'revoked') OR (notice_until > 0 AND listed_at >= notice_until))
);
CREATE INDEX roll_entries_place ON roll_entries(place_code, id);
CREATE INDEX roll_entries_person ON roll_entries(person_id, id);
CREATE INDEX roll_entries_household ON roll_entries(household_id, id) WHERE household_id > 0;
CREATE INDEX roll_entries_publication ON roll_entries(publication_id, side) WHERE publication_id > 0;
-- One open or listed entry per person, side and month.
CREATE UNIQUE INDEX roll_entries_open ON roll_entries(person_id, side, period)
  WHERE status IN ('nominated', 'notice', 'listed');
CREATE TABLE roll_objections (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES roll_entries(id),
  reason TEXT NOT NULL,
  raised_by INTEGER NOT NULL,
  raised_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
  note TEXT NOT NULL DEFAULT '',
  decided_by INTEGER NOT NULL DEFAULT 0,
  decided_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX roll_objections_entry ON roll_objections(entry_id, id);
CREATE INDEX roll_objections_by ON roll_objections(raised_by, id);
CREATE TABLE roll_publications (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  period INTEGER NOT NULL CHECK (period >= 190001 AND period % 100 BETWEEN 1 AND 12),
  published_at INTEGER NOT NULL,
  published_by INTEGER NOT NULL,
  UNIQUE (place_code, period)
);
CREATE INDEX roll_publications_period ON roll_publications(period, place_code);
