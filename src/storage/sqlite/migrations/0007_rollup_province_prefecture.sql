-- 0007: the province's and prefectures' figures. Roll-up subjects began at the county, so the indicators of a
-- province (2 digits) or prefecture (4) — the system administrator's dashboard, a province's ranking of its
-- counties — answered zero. order::Subjects now includes both; their rows are the sums of their counties'.
INSERT INTO order_rollup(subject, grain, period, kind, category,
  received, responded_in_time, refused, merged, dispatched, returned, due, resolved, on_time, finished_ever,
  reopened, rated, satisfied, basic_satisfied, dissatisfied, handle_seconds, tier_grid, tier_village,
  tier_township, tier_county, tier_department, open, overdue_open)
SELECT substr(subject, 1, 4), grain, period, kind, category,
  sum(received), sum(responded_in_time), sum(refused), sum(merged), sum(dispatched), sum(returned), sum(due),
  sum(resolved), sum(on_time), sum(finished_ever), sum(reopened), sum(rated), sum(satisfied),
  sum(basic_satisfied), sum(dissatisfied), sum(handle_seconds), sum(tier_grid), sum(tier_village),
  sum(tier_township), sum(tier_county), sum(tier_department), sum(open), sum(overdue_open)
FROM order_rollup WHERE subject GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'
GROUP BY substr(subject, 1, 4), grain, period, kind, category;
INSERT INTO order_rollup(subject, grain, period, kind, category,
  received, responded_in_time, refused, merged, dispatched, returned, due, resolved, on_time, finished_ever,
  reopened, rated, satisfied, basic_satisfied, dissatisfied, handle_seconds, tier_grid, tier_village,
  tier_township, tier_county, tier_department, open, overdue_open)
SELECT substr(subject, 1, 2), grain, period, kind, category,
  sum(received), sum(responded_in_time), sum(refused), sum(merged), sum(dispatched), sum(returned), sum(due),
  sum(resolved), sum(on_time), sum(finished_ever), sum(reopened), sum(rated), sum(satisfied),
  sum(basic_satisfied), sum(dissatisfied), sum(handle_seconds), sum(tier_grid), sum(tier_village),
  sum(tier_township), sum(tier_county), sum(tier_department), sum(open), sum(overdue_open)
FROM order_rollup WHERE subject GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'
GROUP BY substr(subject, 1, 2), grain, period, kind, category;
