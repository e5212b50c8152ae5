-- name: summary
select goal_code, goal_title, set_count, achieved, mostly, not_achieved, not_submitted, mostly_rate
from goal_summary
where plan_code = ? and fiscal_year = ?
order by sort_order, goal_code

-- grade_level: the plan's level reached (S or A, both 達成), from the evaluation the view reads.
-- name: status
select s.indicator_code, s.indicator_name, s.departments, s.unit, s.target_text, s.target_value, s.target_kind,
       s.target_set, s.actual_value, s.actual_text, s.rate, s.rate_percent, s.grade, s.flags, e.grade_level
from indicator_status s
join evaluation e on e.plan_code = s.plan_code and e.indicator_code = s.indicator_code
                 and e.fiscal_year = s.fiscal_year
where s.plan_code = ? and s.fiscal_year = ?
order by s.sort_order

-- Everything the committee workbook and the templates show per indicator (current results).
-- name: details
select s.indicator_code, s.actual_value, s.actual_text, s.rate_percent, s.grade, s.flags, s.status_text,
       s.outcome_text, s.next_steps_text, s.self_assessment_text, e.grade_level
from indicator_status s
join evaluation e on e.plan_code = s.plan_code and e.indicator_code = s.indicator_code
                 and e.fiscal_year = s.fiscal_year
where s.plan_code = ? and s.fiscal_year = ?

-- A four-level plan's committee table counts each level (S and A apart, both 達成), per goal and in total
-- ('total'), over the indicators with a target. Parameters: plan, fiscal year.
-- name: levelCounts
select coalesce(s.goal_code, 'total'), e.grade_level, count(*)
from indicator_status s
join evaluation e on e.plan_code = s.plan_code and e.indicator_code = s.indicator_code
                 and e.fiscal_year = s.fiscal_year
where s.plan_code = ? and s.fiscal_year = ? and s.target_set and e.grade_level is not null
group by grouping sets ((s.goal_code, e.grade_level), (e.grade_level))

-- How the plan writes its grades, best first. Parameters: plan.
-- name: gradeLabels
select grade_labels from plan where plan_code = ?

-- How the plan writes its grades, best first, and what maps them onto 達成 / 概ね達成 / 未達成. Parameters: plan.
-- name: gradeWords
select grade_labels, grade_thresholds, achieved_threshold, mostly_threshold from plan where plan_code = ?

-- The plans in the database and the fiscal years they cover.
-- name: plans
select plan_code, fy_from, fy_to from plan order by plan_code
