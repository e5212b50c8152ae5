-- A final grade at any step of the plan's own scale (A|B|C|D: D 未達成、取組困難 as well as C 未達成、課題あり;
-- S|A|B|C: A as well as S). grade_override.final_grade keeps the canonical grade the committee's table counts;
-- final_level is the step chosen (1 = best, as evaluation.grade_level), null where it is the grade's first step
-- (A, B or C of A|B|C|D; every final grade of a plan of two or three levels), so that the rows set before read
-- exactly as before. 対象外 has no level.
alter table grade_override add column final_level smallint check (final_level between 1 and 4);
alter table grade_override add constraint grade_override_final_level_graded
    check (final_level is null or final_grade <> '対象外');

-- indicator_status as in V21, with the final grade's step appended (a view keeps its columns' order).
create or replace view indicator_status as
select i.plan_code,
       e.fiscal_year,
       g.node_code                         as goal_code,
       g.title                             as goal_title,
       i.initiative_code,
       n.title                             as initiative_title,
       i.indicator_code,
       i.name                              as indicator_name,
       i.unit,
       i.value_kind,
       i.direction,
       (select string_agg(d.department_name, '|' order by d.ordinal nulls last, d.department_name)
          from indicator_department d
         where d.plan_code = i.plan_code and d.indicator_code = i.indicator_code) as departments,
       t.target_text,
       t.target_value,
       t.target_kind,
       e.target_set,
       e.effective_target,
       r.actual_value,
       r.actual_text,
       r.approximate,
       e.rate,
       round(e.rate)                       as rate_percent,
       e.grade,
       array_to_string(e.flags, ';')       as flags,
       r.self_assessment_text,
       r.status_text,
       r.outcome_text,
       r.next_steps_text,
       r.version                           as result_version,
       r.submission_id,
       i.sort_order,
       o.final_grade,
       o.reason                            as override_reason,
       coalesce(o.final_grade, e.grade)    as counted_grade,
       o.final_level
from indicator i
join evaluation e on e.plan_code = i.plan_code and e.indicator_code = i.indicator_code
join plan_node n on n.plan_code = i.plan_code and n.node_code = i.initiative_code
join plan_node a on a.plan_code = n.plan_code and a.node_code = n.parent_code
join plan_node g on g.plan_code = a.plan_code and g.node_code = a.parent_code
left join target t on t.plan_code = i.plan_code and t.indicator_code = i.indicator_code
                  and t.fiscal_year = e.fiscal_year
left join result r on r.result_id = e.result_id
left join grade_override o on o.plan_code = e.plan_code and o.indicator_code = e.indicator_code
                          and o.fiscal_year = e.fiscal_year
where i.active;
