-- name: summary
select goal_code, goal_title, set_count, achieved, mostly, not_achieved, not_submitted, mostly_rate
from goal_summary
where plan_code = ? and fiscal_year = ?
order by sort_order, goal_code

-- grade: as computed; final_grade and override_reason: the committee's, where set (V15); grade_level: the
-- plan's level of the computed grade (S or A, both 達成), from the evaluation the view reads; final_level: the
-- final grade's step where it is not the grade's first (V38: D of A|B|C|D).
-- name: status
select s.indicator_code, s.indicator_name, s.departments, s.unit, s.target_text, s.target_value, s.target_kind,
       s.target_set, s.actual_value, s.actual_text, s.rate, s.rate_percent, s.grade, s.flags, s.final_grade,
       s.override_reason, e.grade_level, s.final_level
from indicator_status s
join evaluation e on e.plan_code = s.plan_code and e.indicator_code = s.indicator_code
                 and e.fiscal_year = s.fiscal_year
where s.plan_code = ? and s.fiscal_year = ?
order by s.sort_order

-- Everything the committee workbook shows per indicator (current results), in plan order. Parameters: plan,
-- year; all initiatives?, the initiatives; any grade?, the grades that count (the final one where set; rows
-- without one come too: the caller may show them as 未設定).
-- name: details
select s.indicator_code, s.actual_value, s.actual_text, s.rate_percent, s.grade, s.flags, s.status_text,
       s.outcome_text, s.next_steps_text, s.self_assessment_text, s.final_grade, s.override_reason, e.grade_level,
       s.final_level
from indicator_status s
join evaluation e on e.plan_code = s.plan_code and e.indicator_code = s.indicator_code
                 and e.fiscal_year = s.fiscal_year
where s.plan_code = ? and s.fiscal_year = ?
  and (? or s.initiative_code = any(?))
  and (? or s.counted_grade = any(?) or s.counted_grade is null)
order by s.sort_order, s.indicator_code

-- A four-level plan's committee table counts each level (S and A apart, both 達成), per goal and in total
-- ('total'), over the indicators with a target, as the committee settled them: where a final grade is set
-- (V15) the level is the step chosen (V38: D of A|B|C|D), or null where it is its grade's first, and final_grade
-- says which grade (対象外 is not counted). Parameters: plan, year.
-- name: levelCounts
select coalesce(goal_code, 'total'), level, final_grade, count(*)
from (select s.goal_code, case when s.final_grade is null then e.grade_level else s.final_level end as level,
             s.final_grade
        from indicator_status s
        join evaluation e on e.plan_code = s.plan_code and e.indicator_code = s.indicator_code
                         and e.fiscal_year = s.fiscal_year
       where s.plan_code = ? and s.fiscal_year = ? and s.target_set
         and s.counted_grade is distinct from '対象外'
         and (s.final_grade is not null or e.grade_level is not null)) x
group by grouping sets ((goal_code, level, final_grade), (level, final_grade))

-- How the plan writes its grades, best first. Parameters: plan.
-- name: gradeLabels
select grade_labels from plan where plan_code = ?

-- How the plan writes its grades, best first, and what maps them onto 達成 / 概ね達成 / 未達成. Parameters: plan.
-- name: gradeWords
select grade_labels, grade_thresholds, achieved_threshold, mostly_threshold from plan where plan_code = ?

-- The plans in the database and the fiscal years they cover.
-- name: plans
select plan_code, fy_from, fy_to from plan order by plan_code

-- The final grades of a plan-year (V15) in plan order, for the notes under the tables. From grade_override
-- (a few rows) rather than the view, which would grade the whole plan-year to find them. Parameters: plan, year.
-- name: overrides
select o.indicator_code, i.name, e.grade, o.final_grade, o.reason, e.grade_level, o.final_level
from grade_override o
join indicator i on i.plan_code = o.plan_code and i.indicator_code = o.indicator_code and i.active
join evaluation e on e.plan_code = o.plan_code and e.indicator_code = o.indicator_code
                 and e.fiscal_year = o.fiscal_year
where o.plan_code = ? and o.fiscal_year = ?
order by i.sort_order
