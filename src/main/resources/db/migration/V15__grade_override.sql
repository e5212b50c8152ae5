-- Final grades (issue 12 part 2): the committee may settle a grade differently from the numbers (FY2024's
-- report counts a milestone as 達成 although the detail sheet prints 概ね達成). The evaluation keeps the
-- computed grade and is recomputed as before; an override sits beside it, one current row per indicator and
-- year, until an administrator removes it. Removal deletes the row: the audit log keeps before and after.
-- 対象外 takes the indicator out of 設定項目 for that year.
create table grade_override (
    plan_code      text not null,
    indicator_code text not null,
    fiscal_year    int  not null,
    final_grade    text not null check (final_grade in ('達成', '概ね達成', '未達成', '対象外')),
    reason         text not null check (btrim(reason) <> ''),
    computed_grade text,              -- the evaluation's grade when the override was set
    result_id      bigint,            -- the result graded then: a newer one means the numbers moved since
    set_by         text not null,
    set_at         timestamptz not null default now(),
    primary key (plan_code, indicator_code, fiscal_year),
    foreign key (plan_code, indicator_code) references indicator
);

-- indicator_status as in V1, with the override appended (a view keeps its columns' order: new ones go last):
-- grade stays the computed one; final_grade and override_reason are the committee's; counted_grade is the
-- one the committee's table counts.
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
       (select string_agg(d.department_name, '|' order by d.department_name)
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

-- goal_summary as in V4, counting the grade that counts; 対象外 is not a 設定項目.
create or replace view goal_summary as
select p.plan_code,
       p.fiscal_year,
       coalesce(k.goal_code, 'total')                                             as goal_code,
       max(p.goal_title)                                                          as goal_title,
       sum(p.set_count)::bigint                                                   as set_count,
       sum(p.achieved)::bigint                                                    as achieved,
       sum(p.mostly)::bigint                                                      as mostly,
       sum(p.not_achieved)::bigint                                                as not_achieved,
       sum(p.not_submitted)::bigint                                               as not_submitted,
       round(100.0 * sum(p.achieved + p.mostly) / nullif(sum(p.set_count), 0), 1) as mostly_rate,
       case when k.goal_code is null then 2147483647 else min(p.sort_order) end   as sort_order
from (select s.plan_code, s.fiscal_year, s.goal_code,
             max(s.goal_title)                                                     as goal_title,
             count(*) filter (where s.target_set and s.counted_grade is distinct from '対象外') as set_count,
             count(*) filter (where s.target_set and s.counted_grade = '達成')     as achieved,
             count(*) filter (where s.target_set and s.counted_grade = '概ね達成') as mostly,
             count(*) filter (where s.target_set and s.counted_grade = '未達成')   as not_achieved,
             count(*) filter (where s.target_set and s.counted_grade = '未提出')   as not_submitted,
             min(g.sort_order)                                                     as sort_order
        from indicator_status s
        left join plan_node g on g.plan_code = s.plan_code and g.node_code = s.goal_code
       group by s.plan_code, s.fiscal_year, s.goal_code) p
cross join lateral (values (p.goal_code), (null::text)) as k(goal_code)
group by p.plan_code, p.fiscal_year, k.goal_code;
