-- 0013: 志愿服务活动 (core/activity.hpp) and their sign-ups. A sign-up's hours, once credited, are a
-- 时间银行 entry (entry_id, ledger_entries).
CREATE TABLE activities (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  capacity INTEGER NOT NULL,
  code TEXT NOT NULL,
  cancelled INTEGER NOT NULL DEFAULT 0,
  organizer INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX activities_place ON activities(place_code, ends_at);
CREATE TABLE activity_signups (
  activity_id INTEGER NOT NULL,
  person_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  signed_at INTEGER NOT NULL,
  checkin_at INTEGER NOT NULL DEFAULT 0,
  checkout_at INTEGER NOT NULL DEFAULT 0,
  lat_e7 INTEGER,
  lon_e7 INTEGER,
  minutes INTEGER NOT NULL DEFAULT 0,
  entry_id INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(activity_id, person_id)
) WITHOUT ROWID;
-- Where a person is checked in now (OpenCheckin).
CREATE INDEX activity_signups_present ON activity_signups(person_id) WHERE status = 'present';
