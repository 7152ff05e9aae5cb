-- 0003: the event loop (事件闭环): category table (派单目录), holiday calendar, work orders (工单) with their
-- timeline, call-ins (吹哨) and maintained indicator roll-ups; notifications, webhooks, attachments.
-- Every index below serves one query of storage/sqlite/sqlite_order_repos.cpp (named in its comment).

-- 派单目录. Limits are stored as cal::FormatLimit text ("2wh", "5wd", "24h").
CREATE TABLE categories (
  code TEXT PRIMARY KEY,
  parent TEXT NOT NULL DEFAULT '',
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  default_urgency INTEGER NOT NULL DEFAULT 1,
  accept_limit TEXT NOT NULL,
  handle_normal TEXT NOT NULL,
  handle_urgent TEXT NOT NULL,
  handle_critical TEXT NOT NULL,
  handling_level TEXT NOT NULL,
  default_department TEXT NOT NULL DEFAULT '',
  micro INTEGER NOT NULL DEFAULT 0,
  attributes TEXT NOT NULL DEFAULT '[]',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

-- Holiday calendar overrides: day 'YYYY-MM-DD', type 'holiday' | 'workday' (cal::DayTypeName).
CREATE TABLE calendar_days (
  day TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- One row: bumped by every write to categories or calendar_days (triggers), so caches can tell they are stale.
CREATE TABLE catalog_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO catalog_version(id, version) VALUES (1, 1);
CREATE TRIGGER categories_bump_ins AFTER INSERT ON categories BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER categories_bump_upd AFTER UPDATE ON categories BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER categories_bump_del AFTER DELETE ON categories BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER calendar_bump_ins AFTER INSERT ON calendar_days BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER calendar_bump_upd AFTER UPDATE ON calendar_days BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER calendar_bump_del AFTER DELETE ON calendar_days BEGIN UPDATE catalog_version SET version = version + 1; END;

-- 工单: every field of order::Order. state/kind/urgency/warn are the enum values; coordinates are stored as
-- integers of 1e-7 degree (exact for inputs of up to 7 decimals, ~1 cm); the reporter's name and phone only
-- encrypted and masked. `deadline` = order::CurrentDeadline, NULL when 0 (so NULL for every order that is
-- not open or not yet timed): the open-order lists are partial indexes over it.
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  kind INTEGER NOT NULL,
  state INTEGER NOT NULL,
  category TEXT NOT NULL,
  urgency INTEGER NOT NULL,
  channel TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  lat_e7 INTEGER,
  lon_e7 INTEGER,
  place_code TEXT NOT NULL,
  reporter_user_id INTEGER NOT NULL DEFAULT 0,
  reporter_name_enc BLOB,
  reporter_phone_enc BLOB,
  reporter_name_masked TEXT NOT NULL DEFAULT '',
  reporter_phone_masked TEXT NOT NULL DEFAULT '',
  command_place TEXT NOT NULL DEFAULT '',
  assignee_dept INTEGER,
  assignee_place TEXT NOT NULL DEFAULT '',
  handler_user_id INTEGER,
  received_at INTEGER NOT NULL,
  accept_due INTEGER NOT NULL DEFAULT 0,
  responded_at INTEGER NOT NULL DEFAULT 0,
  accepted_at INTEGER NOT NULL DEFAULT 0,
  phase_start INTEGER NOT NULL DEFAULT 0,
  handle_due INTEGER NOT NULL DEFAULT 0,
  finished_at INTEGER NOT NULL DEFAULT 0,
  verified_at INTEGER NOT NULL DEFAULT 0,
  closed_at INTEGER NOT NULL DEFAULT 0,
  alarm_at INTEGER NOT NULL DEFAULT 0,
  warn INTEGER NOT NULL DEFAULT 0,
  accept_late INTEGER NOT NULL DEFAULT 0,
  handle_late INTEGER NOT NULL DEFAULT 0,
  ever_dispatched INTEGER NOT NULL DEFAULT 0,
  ever_finished INTEGER NOT NULL DEFAULT 0,
  ext_pending_days INTEGER NOT NULL DEFAULT 0,
  extensions INTEGER NOT NULL DEFAULT 0,
  return_count INTEGER NOT NULL DEFAULT 0,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  escalate_count INTEGER NOT NULL DEFAULT 0,
  supervise_count INTEGER NOT NULL DEFAULT 0,
  supervise_level INTEGER NOT NULL DEFAULT 0,
  rating INTEGER NOT NULL DEFAULT 0,
  tier TEXT NOT NULL DEFAULT '',
  merged_into INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL DEFAULT 0,
  deadline INTEGER,
  open311_token TEXT
);
-- List by scope, newest first or by closing time, for villages and grids (larger scopes walk the primary key
-- or orders_closed backwards). Covers the list filters, so a page is filtered and sorted on the index alone.
CREATE INDEX orders_place ON orders(place_code, id, state, warn, category, received_at, closed_at);
-- List by scope sorted by deadline: open orders only (the township's 待办 list).
CREATE INDEX orders_open_place ON orders(place_code, deadline, id) WHERE deadline IS NOT NULL;
-- The same for county-wide scopes: walked in deadline order, place_code read from the index.
CREATE INDEX orders_open_deadline ON orders(deadline, id, place_code) WHERE deadline IS NOT NULL;
-- List by department: newest first, and open by deadline.
CREATE INDEX orders_dept ON orders(assignee_dept, id) WHERE assignee_dept IS NOT NULL;
CREATE INDEX orders_dept_open ON orders(assignee_dept, deadline, id) WHERE deadline IS NOT NULL AND assignee_dept IS NOT NULL;
CREATE INDEX orders_dept_closed ON orders(assignee_dept, closed_at, id) WHERE state = 8 AND assignee_dept IS NOT NULL;
-- 我的上报 / 我的处置.
CREATE INDEX orders_reporter ON orders(reporter_user_id, id);
CREATE INDEX orders_handler ON orders(handler_user_id, id) WHERE handler_user_id IS NOT NULL;
-- Nearby (duplicate suggestion) and category-wide lists.
CREATE INDEX orders_category ON orders(category, received_at);
-- The public board: closed orders, newest closure first.
CREATE INDEX orders_closed ON orders(closed_at, id) WHERE state = 8;
-- The scheduler: the next time-limit colour change.
CREATE INDEX orders_alarm ON orders(alarm_at) WHERE alarm_at > 0;
-- Open311 service_request_id lookup by token.
CREATE UNIQUE INDEX orders_token ON orders(open311_token) WHERE open311_token IS NOT NULL;

-- Timeline (one row per action).
CREATE TABLE order_events (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  from_state INTEGER NOT NULL,
  to_state INTEGER NOT NULL,
  user_id INTEGER NOT NULL DEFAULT 0,
  user_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX order_events_order ON order_events(order_id, id);

-- 吹哨: departments called in to an order.
CREATE TABLE order_callins (
  order_id INTEGER NOT NULL,
  dept_id INTEGER NOT NULL,
  called_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  acked_at INTEGER NOT NULL DEFAULT 0,
  overdue_notified INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (order_id, dept_id)
) WITHOUT ROWID;
-- The department's list (orders it was called in to), in order id order.
CREATE INDEX order_callins_dept ON order_callins(dept_id, order_id);
-- The scheduler: 报到 overdue and not yet notified.
CREATE INDEX order_callins_due ON order_callins(due_at) WHERE acked_at = 0 AND overdue_notified = 0;

-- Maintained indicator roll-ups: one row per (subject, grain, period, kind, category) with one column per
-- order::Metric (named by order::MetricName). grain 0 = day (period = local day number), 1 = month
-- (period = year*12 + month-1). Every dashboard figure is a primary-key range scan.
CREATE TABLE order_rollup (
  subject TEXT NOT NULL,
  grain INTEGER NOT NULL,
  period INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  category TEXT NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  responded_in_time INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  merged INTEGER NOT NULL DEFAULT 0,
  dispatched INTEGER NOT NULL DEFAULT 0,
  returned INTEGER NOT NULL DEFAULT 0,
  due INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  on_time INTEGER NOT NULL DEFAULT 0,
  finished_ever INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  rated INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  basic_satisfied INTEGER NOT NULL DEFAULT 0,
  dissatisfied INTEGER NOT NULL DEFAULT 0,
  handle_seconds INTEGER NOT NULL DEFAULT 0,
  tier_grid INTEGER NOT NULL DEFAULT 0,
  tier_village INTEGER NOT NULL DEFAULT 0,
  tier_township INTEGER NOT NULL DEFAULT 0,
  tier_county INTEGER NOT NULL DEFAULT 0,
  tier_department INTEGER NOT NULL DEFAULT 0,
  open INTEGER NOT NULL DEFAULT 0,
  overdue_open INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (subject, grain, period, kind, category)
) WITHOUT ROWID;

-- In-app notifications (站内消息).
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  order_id INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  read_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id, id) WHERE read_at = 0;

-- Outgoing webhooks; the signing secret only encrypted.
CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  secret_enc BLOB,
  events TEXT NOT NULL DEFAULT '*',
  scope TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY,
  webhook_id INTEGER NOT NULL,
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'pending',
  last_status INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL DEFAULT 0,
  delivered_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_at) WHERE status = 'pending';

-- Attachment metadata (the bytes live in the blob store, by SHA-256) and which orders refer to them.
CREATE TABLE attachments (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mime TEXT NOT NULL,
  uploaded_by INTEGER NOT NULL DEFAULT 0,
  uploaded_at INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE attachment_refs (
  sha256 TEXT NOT NULL,
  order_id INTEGER NOT NULL,
  PRIMARY KEY (sha256, order_id)
) WITHOUT ROWID;

-- Notification recipients (UserRepo::UsersOfDepartment / UsersAt).
CREATE INDEX users_department ON users(department_id) WHERE department_id IS NOT NULL;
CREATE INDEX users_place_role ON users(place_code, role);
