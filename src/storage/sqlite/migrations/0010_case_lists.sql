-- 0010: lists of the kinds beside events (dispute cases; petitions next) over a township or more. Such cases
-- are a few in a hundred orders, so walking the shared sort indexes to fill a page of them reads most of the
-- county's orders (a township's cases newest first: 120 ms p50 on the full demo county). Each sort gets an
-- index of its own over those kinds only (OrderRepo::List, Access::kKindLarge).
CREATE INDEX orders_kind_newest ON orders(kind, id) WHERE kind <> 0;
CREATE INDEX orders_kind_deadline ON orders(kind, deadline, id) WHERE kind <> 0 AND deadline IS NOT NULL;
CREATE INDEX orders_kind_closed ON orders(kind, closed_at, id) WHERE kind <> 0 AND state = 8;
