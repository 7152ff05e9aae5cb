-- 0015: the dispute kind of the order engine (矛盾纠纷); SQLite's 0008. Orders gain the fields of a dispute
-- case (risk, outcome, route and its case number, 回访 count, the linked order) and the roll-ups one column
-- per new figure (order::Metric). The list index carries the kind so a list of one kind stays covered by it.
ALTER TABLE orders ADD COLUMN risk integer NOT NULL DEFAULT 0,
  ADD COLUMN outcome integer NOT NULL DEFAULT 0,
  ADD COLUMN route text COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN route_ref text COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN followups integer NOT NULL DEFAULT 0,
  ADD COLUMN linked_order bigint;
DROP INDEX orders_place;
CREATE INDEX orders_place ON orders(place_code, id, state, warn, category, received_at, closed_at, kind);

ALTER TABLE order_rollup ADD COLUMN settled bigint NOT NULL DEFAULT 0,
  ADD COLUMN partly_settled bigint NOT NULL DEFAULT 0,
  ADD COLUMN mediation_failed bigint NOT NULL DEFAULT 0,
  ADD COLUMN transferred bigint NOT NULL DEFAULT 0,
  ADD COLUMN litigated bigint NOT NULL DEFAULT 0,
  ADD COLUMN confirmed bigint NOT NULL DEFAULT 0,
  ADD COLUMN followed_up bigint NOT NULL DEFAULT 0,
  ADD COLUMN high_risk bigint NOT NULL DEFAULT 0;
