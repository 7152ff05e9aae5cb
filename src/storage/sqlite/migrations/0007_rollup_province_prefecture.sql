-- 0007: the province's and prefectures' figures. Roll-up subjects began at the county, so the indicators of a
-- province (2 digits) or prefecture (4) — the system administrator's dashboard, a province's ranking of its
-- counties — answered zero. order::Subjects now includes both; their rows are the sums of their counties'
-- (l.n: the length of the code, 4 then 2).
INSERT INTO order_rollup(subject, grain, period, kind, category,
  received, responded_in_time, refused, merged, dispatched, returned, due, resolved, on_time, finished_ever,
  reopened, rated, satisfied, basic_satisfied, dissatisfied, handle_seconds, tier_grid, tier_village,
  tier_township, tier_county, tier_department, open, overdue_open)
SELECT substr(r.subject, 1, l.n), r.grain, r.period, r.kind, r.category,
  sum(r.received), sum(r.responded_in_time), sum(r.refused), sum(r.merged), sum(r.dispatched), sum(r.returned),
  sum(r.due), sum(r.resolved), sum(r.on_time), sum(r.finished_ever), sum(r.reopened), sum(r.rated),
  sum(r.satisfied),
  sum(r.basic_satisfied), sum(r.dissatisfied), sum(r.handle_seconds), sum(r.tier_grid), sum(r.tier_village),
  sum(r.tier_township), sum(r.tier_county), sum(r.tier_department), sum(r.open), sum(r.overdue_open)
FROM order_rollup r, (SELECT 4 AS n UNION ALL SELECT 2) l
WHERE r.subject GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'
GROUP BY l.n, substr(r.subject, 1, l.n), r.grain, r.period, r.kind, r.category;
