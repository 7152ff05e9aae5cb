-- 0017: lists of the kinds beside events (dispute cases; petitions next) over a township or more; SQLite's 0010.
-- Each sort gets an index over those kinds only (OrderRepo::List, Access::kKind).
CREATE INDEX orders_kind_newest ON orders(kind, id) WHERE kind <> 0;
CREATE INDEX orders_kind_deadline ON orders(kind, deadline, id) WHERE kind <> 0 AND deadline IS NOT NULL;
CREATE INDEX orders_kind_closed ON orders(kind, closed_at, id) WHERE kind <> 0 AND state = 8;
