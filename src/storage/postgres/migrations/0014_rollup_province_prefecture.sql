-- 0014: the province's and prefectures' figures. Roll-up subjects began at the county, so the indicators of a
-- province (2 digits) or prefecture (4) — the system administrator's dashboard, a province's ranking of its
-- counties — answered zero. order::Subjects now includes both. Their rows are kept per county (the county
-- of the orders they count, like a department's), so writers of different counties never share a row and a
-- distributed table keeps them on the county's shard; a province's figure is the sum over its counties'
-- rows, found through order_rollup_other, whose predicate now takes subjects shorter than 6 characters.
-- (l.n: the length of the code, 4 then 2.)
DROP INDEX order_rollup_other;
CREATE INDEX order_rollup_other ON order_rollup(subject, grain, period)
  WHERE (subject < '0' OR subject >= ':' OR length(subject) < 6);
INSERT INTO order_rollup(county, subject, grain, period, kind, category,
  received, responded_in_time, refused, merged, dispatched, returned, due, resolved, on_time, finished_ever,
  reopened, rated, satisfied, basic_satisfied, dissatisfied, handle_seconds, tier_grid, tier_village,
  tier_township, tier_county, tier_department, open, overdue_open)
SELECT r.county, substr(r.subject, 1, l.n), r.grain, r.period, r.kind, r.category,
  sum(r.received), sum(r.responded_in_time), sum(r.refused), sum(r.merged), sum(r.dispatched), sum(r.returned),
  sum(r.due), sum(r.resolved), sum(r.on_time), sum(r.finished_ever), sum(r.reopened), sum(r.rated),
  sum(r.satisfied),
  sum(r.basic_satisfied), sum(r.dissatisfied), sum(r.handle_seconds), sum(r.tier_grid), sum(r.tier_village),
  sum(r.tier_township), sum(r.tier_county), sum(r.tier_department), sum(r.open), sum(r.overdue_open)
FROM order_rollup r CROSS JOIN (VALUES (4), (2)) AS l(n)
WHERE r.subject ~ '^[0-9]{6}$'
GROUP BY l.n, r.county, substr(r.subject, 1, l.n), r.grain, r.period, r.kind, r.category;
