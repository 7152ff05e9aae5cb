-- 0015: 红色代办 (order kind errand). errand_runners: which runner (代办员, an account) covers which household,
-- in the household's community; errands: who of the household authorised the runner for the errand, and how;
-- errand_documents: the household's documents the runner took and when each was returned.
CREATE TABLE errand_runners (
  household_id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  runner_user_id INTEGER NOT NULL,
  assigned_by INTEGER NOT NULL,
  assigned_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX errand_runners_place ON errand_runners(place_code, household_id);
CREATE INDEX errand_runners_runner ON errand_runners(runner_user_id, household_id);
CREATE TABLE errands (
  order_id INTEGER PRIMARY KEY REFERENCES orders(id),
  household_id INTEGER NOT NULL,
  authoriser_person_id INTEGER NOT NULL,
  authorisation TEXT NOT NULL CHECK (authorisation IN ('in_person', 'phone', 'written')),
  created_at INTEGER NOT NULL
);
CREATE INDEX errands_household ON errands(household_id, order_id);
CREATE TABLE errand_documents (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES errands(order_id),
  name TEXT NOT NULL,
  copies INTEGER NOT NULL CHECK (copies BETWEEN 1 AND 99),
  received_at INTEGER NOT NULL,
  received_by INTEGER NOT NULL,
  returned_at INTEGER NOT NULL DEFAULT 0,
  returned_by INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX errand_documents_order ON errand_documents(order_id, id);
