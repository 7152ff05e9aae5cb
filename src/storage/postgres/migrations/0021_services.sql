-- 0021: 服务工单 and 微心愿, as SQLite's 0014: orders.service_minutes and each community's 服务清单
-- (service_menu), led by `county` (CountyOf(place_code)).
ALTER TABLE orders ADD COLUMN service_minutes bigint NOT NULL DEFAULT 0;
CREATE TABLE service_menu (
  county text COLLATE "C" NOT NULL,
  place_code text COLLATE "C" NOT NULL,
  category text COLLATE "C" NOT NULL,
  provider text COLLATE "C" NOT NULL CHECK (provider IN ('any', 'party')),
  promise_hours bigint NOT NULL CHECK (promise_hours BETWEEN 1 AND 720),
  active boolean NOT NULL DEFAULT true,
  note text COLLATE "C" NOT NULL DEFAULT '',
  version bigint NOT NULL DEFAULT 1,
  updated_by bigint NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (county, place_code, category)
);
CREATE INDEX service_menu_lookup ON service_menu(place_code, category);
