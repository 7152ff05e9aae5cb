-- 0014: the province's and prefectures' figures. Roll-up subjects began at the county, so the indicators of a
-- province (2 digits) or prefecture (4) — the system administrator's dashboard, a province's ranking of its
-- counties — answered zero. order::Subjects now includes both. Their rows are kept per county (the county
-- of the orders they count, like a department's), so writers of different counties never share a row and a
-- distributed table keeps them on the county's shard; a province's figure is the sum over its counties'
-- rows, found through order_rollup_other, whose predicate now takes subjects shorter than 6 characters.
DROP INDEX order_rollup_other;
CREATE INDEX order_rollup_other ON order_rollup(subject, grain, period)
  WHERE (subject < '0' OR subject >= ':' OR length(subject) < 6);
INSERT INTO order_rollup(county, subject, grain, period, kind, category,
  received, responded_in_time, refused, merged, dispatched, returned, due, resolved, on_time, finished_ever,
  reopened, rated, satisfied, basic_satisfied, dissatisfied, handle_seconds, tier_grid, tier_village,
  tier_township, tier_county, tier_department, open, overdue_open)
SELECT county, substr(subject, 1, 4), grain, period, kind, category,
  sum(received), sum(responded_in_time), sum(refused), sum(merged), sum(dispatched), sum(returned), sum(due),
  sum(resolved), sum(on_time), sum(finished_ever), sum(reopened), sum(rated), sum(satisfied),
  sum(basic_satisfied), sum(dissatisfied), sum(handle_seconds), sum(tier_grid), sum(tier_village),
  sum(tier_township), sum(tier_county), sum(tier_department), sum(open), sum(overdue_open)
FROM order_rollup WHERE subject ~ '^[0-9]{6}$'
GROUP BY county, substr(subject, 1, 4), grain, period, kind, category;
INSERT INTO order_rollup(county, subject, grain, period, kind, category,
  received, responded_in_time, refused, merged, dispatched, returned, due, resolved, on_time, finished_ever,
  reopened, rated, satisfied, basic_satisfied, dissatisfied, handle_seconds, tier_grid, tier_village,
  tier_township, tier_county, tier_department, open, overdue_open)
SELECT county, substr(subject, 1, 2), grain, period, kind, category,
  sum(received), sum(responded_in_time), sum(refused), sum(merged), sum(dispatched), sum(returned), sum(due),
  sum(resolved), sum(on_time), sum(finished_ever), sum(reopened), sum(rated), sum(satisfied),
  sum(basic_satisfied), sum(dissatisfied), sum(handle_seconds), sum(tier_grid), sum(tier_village),
  sum(tier_township), sum(tier_county), sum(tier_department), sum(open), sum(overdue_open)
FROM order_rollup WHERE subject ~ '^[0-9]{6}$'
GROUP BY county, substr(subject, 1, 2), grain, period, kind, category;
