-- 0018: the petition kind of the order engine (信访); SQLite's 0011. Orders gain the leader in charge
-- (领导包案) and the facts a petition is registered with: 重复信访 (the earlier petition), 越级, and 上级交办
-- (who assigned it, with its document number, and the date they want the result by).
ALTER TABLE orders ADD COLUMN leader_user_id bigint,
  ADD COLUMN repeat_of bigint,
  ADD COLUMN skip_level boolean NOT NULL DEFAULT false,
  ADD COLUMN superior text COLLATE "C" NOT NULL DEFAULT '',
  ADD COLUMN superior_due bigint NOT NULL DEFAULT 0;
CREATE INDEX orders_leader ON orders(leader_user_id, id) WHERE leader_user_id IS NOT NULL;

-- The roll-ups' columns for the petition figures (order::Metric: 重复信访, 越级, 领导包案).
ALTER TABLE order_rollup ADD COLUMN repeated bigint NOT NULL DEFAULT 0,
  ADD COLUMN skip_level bigint NOT NULL DEFAULT 0,
  ADD COLUMN led bigint NOT NULL DEFAULT 0;
