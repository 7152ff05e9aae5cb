-- 0018: 减负 (docs/duties.md). duty_lists: each version of a county's 准入清单, 小微权力清单 and 为民服务事项
-- 清单 (one draft per county and kind at a time; publishing supersedes the version before); duty_items: a
-- version's items (copied into the next draft, so an item id names its version); duty_tasks: the citation
-- of each department task (an order of kind task); duty_refusals: the tasks the platform refused;
-- inspections: 督导检查备案 with the county's cap (inspection_caps).
CREATE TABLE duty_lists (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('admission', 'micro_power', 'service')),
  list_version INTEGER NOT NULL CHECK (list_version >= 1),
  title TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'superseded')),
  created_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  published_by INTEGER NOT NULL DEFAULT 0,
  published_at INTEGER NOT NULL DEFAULT 0,
  superseded_at INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (place_code, kind, list_version),
  CHECK (status = 'draft' OR published_at > 0)
);
CREATE UNIQUE INDEX duty_lists_one_draft ON duty_lists(place_code, kind) WHERE status = 'draft';
CREATE UNIQUE INDEX duty_lists_one_current ON duty_lists(place_code, kind) WHERE status = 'published';
CREATE TABLE duty_items (
  id INTEGER PRIMARY KEY,
  list_id INTEGER NOT NULL REFERENCES duty_lists(id),
  place_code TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  section TEXT NOT NULL CHECK (section IN ('duty', 'assist', 'cancelled', 'power', 'service')),
  grp TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL CHECK (title <> ''),
  basis TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  alternative TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  withdrawn_reason TEXT NOT NULL DEFAULT '',
  withdrawn_by INTEGER NOT NULL DEFAULT 0,
  withdrawn_at INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (list_id, seq)
);
CREATE TABLE duty_tasks (
  order_id INTEGER PRIMARY KEY REFERENCES orders(id),
  place_code TEXT NOT NULL,
  dept_id INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES duty_items(id),
  list_id INTEGER NOT NULL,
  list_version INTEGER NOT NULL,
  section TEXT NOT NULL CHECK (section IN ('duty', 'assist')),
  type TEXT NOT NULL CHECK (type IN ('work', 'form', 'certificate')),
  period INTEGER NOT NULL CHECK (period >= 190001 AND period % 100 BETWEEN 1 AND 12),
  created_at INTEGER NOT NULL
);
CREATE INDEX duty_tasks_place ON duty_tasks(place_code, period);
CREATE INDEX duty_tasks_dept ON duty_tasks(dept_id, order_id);
CREATE TABLE duty_refusals (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  dept_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  item_id INTEGER NOT NULL DEFAULT 0,
  list_version INTEGER NOT NULL DEFAULT 0,
  type TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  code TEXT NOT NULL CHECK (code <> ''),
  reason TEXT NOT NULL,
  period INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX duty_refusals_place ON duty_refusals(place_code, period);
CREATE TABLE inspections (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  dept_id INTEGER NOT NULL,
  planned_on TEXT NOT NULL,
  period_key TEXT NOT NULL,
  subject TEXT NOT NULL CHECK (subject <> ''),
  purpose TEXT NOT NULL DEFAULT '',
  item_id INTEGER NOT NULL DEFAULT 0,
  over_cap INTEGER NOT NULL DEFAULT 0 CHECK (over_cap IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('filed', 'pending', 'approved', 'refused', 'held', 'cancelled')),
  filed_by INTEGER NOT NULL,
  filed_at INTEGER NOT NULL,
  decided_by INTEGER NOT NULL DEFAULT 0,
  decided_at INTEGER NOT NULL DEFAULT 0,
  decision_note TEXT NOT NULL DEFAULT '',
  closed_by INTEGER NOT NULL DEFAULT 0,
  closed_at INTEGER NOT NULL DEFAULT 0,
  findings TEXT NOT NULL DEFAULT '',
  period INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  -- Beyond the cap an inspection waits for the county (pending) and is held only once approved.
  CHECK (over_cap = 0 OR status <> 'filed')
);
CREATE INDEX inspections_place ON inspections(place_code, period_key, status);
CREATE INDEX inspections_dept ON inspections(dept_id, planned_on);
CREATE TABLE inspection_caps (
  place_code TEXT PRIMARY KEY,
  cap INTEGER NOT NULL CHECK (cap >= 0),
  period TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
  updated_by INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
