-- The city's organisation order of its 課: the row order of config/departments.csv, which the division keeps.
-- Lists of 課 shown to people follow it, not the code points of the names (DX推進課 before 危機管理課 before
-- 職員課 means nothing to anyone).
--  * department.sort_order: the department's place in departments.csv (1 = first row); null for a department
--    the file no longer lists (kept: results name it), which sorts last, by name.
--  * indicator_department.ordinal: the department's place in the indicator's responsible_departments, as the
--    plan writes them (the plan's own order of an indicator's 課, also what the committee workbook prints).
alter table department add column sort_order int;
alter table indicator_department add column ordinal int;

-- Both are filled by the master data sync (MasterDataSync), which writes a scope only when its stored hash
-- differs from the files': forget the hashes, so that the next start fills them. The content is unchanged, so
-- the sync rewrites these columns and nothing else, and no plan is evaluated again (evaluation_basis holds
-- the plan's content hash, not this table).
delete from master_data_hash;

-- indicator_status as in V15, its departments in the plan's order of them.
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
       coalesce(o.final_grade, e.grade)    as counted_grade
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
