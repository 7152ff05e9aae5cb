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

-- 当事人 of a dispute case: name, citizen ID and phone sealed (encrypted; blind indexes with the keys of
-- people's, so a party is found by the same number in 一张表 and across cases; masked forms for display).
CREATE TABLE dispute_parties (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL,
  role TEXT NOT NULL,
  person_id INTEGER,
  name_enc BLOB NOT NULL,
  name_masked TEXT NOT NULL,
  cid_enc BLOB,
  cid_hash BLOB,
  cid_masked TEXT NOT NULL DEFAULT '',
  phone_enc BLOB,
  phone_hash BLOB,
  phone_masked TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX dispute_parties_order ON dispute_parties(order_id, id);
-- A person's history across cases (PartiesByIndex).
CREATE INDEX dispute_parties_cid ON dispute_parties(cid_hash, id) WHERE cid_hash IS NOT NULL;
CREATE INDEX dispute_parties_phone ON dispute_parties(phone_hash, id) WHERE phone_hash IS NOT NULL;

-- 调解协议书 of a case (one per case); signed_by a JSON array of party ids.
CREATE TABLE dispute_agreements (
  order_id INTEGER PRIMARY KEY,
  facts TEXT NOT NULL,
  responsibility TEXT NOT NULL DEFAULT '',
  terms TEXT NOT NULL,
  performance_manner TEXT NOT NULL,
  performance_location TEXT NOT NULL DEFAULT '',
  performance_due TEXT NOT NULL,
  signed_by TEXT NOT NULL DEFAULT '[]',
  mediator TEXT NOT NULL,
  signed_at INTEGER NOT NULL DEFAULT 0,
  recorded_by INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL
);
