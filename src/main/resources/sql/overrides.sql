-- Final grades set by the administrative division (V15): one current row per indicator and year.

-- The key as graded now, locked against a concurrent override of the same key, with the plan's grade words and
-- what maps them onto 達成 / 概ね達成 / 未達成.
-- No row: the indicator has no evaluation for the year (not in the plan's years, or never evaluated).
-- Parameters: plan, indicator, year.
-- name: evaluationForUpdate
select e.target_set, e.grade, e.result_id, p.grade_labels, p.grade_thresholds, p.achieved_threshold,
       p.mostly_threshold, i.active
  from evaluation e
  join indicator i on i.plan_code = e.plan_code and i.indicator_code = e.indicator_code
  join plan p on p.plan_code = e.plan_code
 where e.plan_code = ? and e.indicator_code = ? and e.fiscal_year = ?
   for update of e

-- name: current
select final_grade, reason, computed_grade, result_id, set_by, set_at, final_level
  from grade_override
 where plan_code = ? and indicator_code = ? and fiscal_year = ?
   for update

-- Parameters: plan, indicator, year, final grade, reason, computed grade, result, set by, final level (V38: null
-- for the grade's first step).
-- name: upsert
insert into grade_override (plan_code, indicator_code, fiscal_year, final_grade, reason, computed_grade,
                            result_id, set_by, final_level, set_at)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, now())
on conflict (plan_code, indicator_code, fiscal_year) do update
   set final_grade = excluded.final_grade, reason = excluded.reason, computed_grade = excluded.computed_grade,
       result_id = excluded.result_id, set_by = excluded.set_by, final_level = excluded.final_level,
       set_at = excluded.set_at

-- name: delete
delete from grade_override where plan_code = ? and indicator_code = ? and fiscal_year = ?

-- Every override of one indicator, by year, for its console page. Parameters: plan, indicator.
-- name: ofIndicator
select o.fiscal_year, e.grade, o.final_grade, o.reason, o.set_by, o.set_at,
       o.result_id is distinct from e.result_id as newer_result, o.final_level, e.grade_level
  from grade_override o
  left join evaluation e on e.plan_code = o.plan_code and e.indicator_code = o.indicator_code
                        and e.fiscal_year = o.fiscal_year
 where o.plan_code = ? and o.indicator_code = ?
 order by o.fiscal_year

-- The console keeps a plan's board until its evaluation changes: a final grade changes what it counts.
-- name: bumpEvaluationVersion
insert into evaluation_version (plan_code, version) values (?, 1)
    on conflict (plan_code) do update set version = evaluation_version.version + 1
