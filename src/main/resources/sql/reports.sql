-- name: summary
select goal_code, goal_title, set_count, achieved, mostly, not_achieved, not_submitted, mostly_rate
from goal_summary
where plan_code = ? and fiscal_year = ?
order by sort_order, goal_code

-- grade: as computed; final_grade and override_reason: the committee's, where set (V15).
-- name: status
select indicator_code, indicator_name, departments, unit, target_text, target_value, target_kind, target_set,
       actual_value, actual_text, rate, rate_percent, grade, flags, final_grade, override_reason
from indicator_status
where plan_code = ? and fiscal_year = ?
order by sort_order

-- Everything the committee workbook and the templates show per indicator (current results).
-- name: details
select s.indicator_code, s.actual_value, s.actual_text, s.rate_percent, s.grade, s.flags, s.status_text,
       s.outcome_text, s.next_steps_text, s.self_assessment_text, s.final_grade, s.override_reason
from indicator_status s
where s.plan_code = ? and s.fiscal_year = ?

-- How the plan writes its grades, best first. Parameters: plan.
-- name: gradeLabels
select grade_labels from plan where plan_code = ?

-- The plans in the database and the fiscal years they cover.
-- name: plans
select plan_code, fy_from, fy_to from plan order by plan_code

-- The final grades of a plan-year (V15) in plan order, for the notes under the tables. From grade_override
-- (a few rows) rather than the view, which would grade the whole plan-year to find them. Parameters: plan, year.
-- name: overrides
select o.indicator_code, i.name, e.grade, o.final_grade, o.reason
from grade_override o
join indicator i on i.plan_code = o.plan_code and i.indicator_code = o.indicator_code and i.active
join evaluation e on e.plan_code = o.plan_code and e.indicator_code = o.indicator_code
                 and e.fiscal_year = o.fiscal_year
where o.plan_code = ? and o.fiscal_year = ?
order by i.sort_order
