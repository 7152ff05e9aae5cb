-- 0011: the petition kind of the order engine (信访, core/order.hpp Kind::kPetition). Orders gain the leader
-- in charge (领导包案, any kind may have one) and the facts a petition is registered with: the earlier petition
-- of the same petitioner and matter (重复信访), the level skipped (越级), and 上级交办 — who assigned it from
-- above with its document number, and the date they want the result by. A leader's "my cases" is read by
-- the leader index.
ALTER TABLE orders ADD COLUMN leader_user_id INTEGER;
ALTER TABLE orders ADD COLUMN repeat_of INTEGER;
ALTER TABLE orders ADD COLUMN skip_level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN superior TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN superior_due INTEGER NOT NULL DEFAULT 0;
CREATE INDEX orders_leader ON orders(leader_user_id, id) WHERE leader_user_id IS NOT NULL;

-- The roll-ups' columns for the petition figures (order::Metric: 重复信访, 越级, 领导包案).
ALTER TABLE order_rollup ADD COLUMN repeated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_rollup ADD COLUMN skip_level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_rollup ADD COLUMN led INTEGER NOT NULL DEFAULT 0;
