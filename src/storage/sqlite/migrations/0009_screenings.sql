-- 0009: 矛盾纠纷排查 records (core/screening.hpp): one per place (a grid or a township) and period of its
-- cycle; periods are local days (days since 1970-01-01, China time), both inclusive. `late` is set when the
-- record was made after the period's last day.
CREATE TABLE screenings (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  period_first INTEGER NOT NULL,
  period_last INTEGER NOT NULL,
  cycle TEXT NOT NULL,
  found INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  late INTEGER NOT NULL DEFAULT 0,
  UNIQUE(place_code, period_first)
);
-- The board: one period's records under a scope (ScreeningRepo::Tally, List).
CREATE INDEX screenings_period ON screenings(period_first, place_code);
