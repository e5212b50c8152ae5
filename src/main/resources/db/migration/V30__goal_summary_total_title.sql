-- goal_summary as in V15, its total row titled 合計 as the committee's table titles it: it carried one goal's
-- title (the greatest of them), which a BI tool reading the view showed beside the plan's totals.
create or replace view goal_summary as
select p.plan_code,
       p.fiscal_year,
       coalesce(k.goal_code, 'total')                                             as goal_code,
       case when k.goal_code is null then '合計' else max(p.goal_title) end        as goal_title,
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
