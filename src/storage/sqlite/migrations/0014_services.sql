-- 0014: 服务工单 and 微心愿 (order kinds service and wish): the hours a provider served, recorded at 办结 and
-- deposited into the 时间银行 when the order closes; and each community's 服务清单 (service_menu: its own
-- settings for the menu items of category class 14 — who may serve, the promised hours, offered or not).
ALTER TABLE orders ADD COLUMN service_minutes INTEGER NOT NULL DEFAULT 0;
CREATE TABLE service_menu (
  place_code TEXT NOT NULL,
  category TEXT NOT NULL,
  provider TEXT NOT NULL CHECK (provider IN ('any', 'party')),
  promise_hours INTEGER NOT NULL CHECK (promise_hours BETWEEN 1 AND 720),
  active INTEGER NOT NULL DEFAULT 1,
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  updated_by INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (place_code, category)
) WITHOUT ROWID;
