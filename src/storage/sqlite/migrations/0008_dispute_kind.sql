-- 0008: the dispute kind of the order engine (矛盾纠纷, core/order.hpp Kind::kDispute). Orders gain the fields
-- of a dispute case — risk level (风险研判), mediation outcome, the route after mediation (司法确认 / 诉讼 /
-- 仲裁 / 行政处理) with that channel's case number, 回访 count, and the order it came from or became (an event
-- of a dispute category ↔ its case) — and the roll-ups one column per new figure (order::Metric). The list
-- index carries the kind so a list of one kind stays covered by it.
ALTER TABLE orders ADD COLUMN risk INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN outcome INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN route TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN route_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN followups INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN linked_order INTEGER;
DROP INDEX orders_place;
CREATE INDEX orders_place ON orders(place_code, id, state, warn, category, received_at, closed_at, kind);

ALTER TABLE order_rollup ADD COLUMN settled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_rollup ADD COLUMN partly_settled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_rollup ADD COLUMN mediation_failed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_rollup ADD COLUMN transferred INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_rollup ADD COLUMN litigated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_rollup ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_rollup ADD COLUMN followed_up INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_rollup ADD COLUMN high_risk INTEGER NOT NULL DEFAULT 0;
