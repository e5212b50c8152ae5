-- goal_summary, same columns and rows, written so that a filter on plan_code and fiscal_year reaches the
-- tables. V1 built the total row with GROUPING SETS, and PostgreSQL does not push a WHERE through grouping
-- sets: every `summary` (and the console's board) aggregated every plan and every year, then kept one
-- plan-year (docs/benchmarks/console.md). Here plain GROUP BYs do the work: per goal first, then each goal's
-- row counted twice, under its goal and under a null goal that becomes the total. plan_code and
-- fiscal_year are ordinary grouping columns at both levels, so the filter is applied before the joins, and
-- the indicators are aggregated once. The total's goal_title stays max(goal_title) over all goals, as in V1.
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
             max(s.goal_title)                                             as goal_title,
             count(*) filter (where s.target_set)                          as set_count,
             count(*) filter (where s.target_set and s.grade = '達成')     as achieved,
             count(*) filter (where s.target_set and s.grade = '概ね達成') as mostly,
             count(*) filter (where s.target_set and s.grade = '未達成')   as not_achieved,
             count(*) filter (where s.target_set and s.grade = '未提出')   as not_submitted,
             min(g.sort_order)                                             as sort_order
        from indicator_status s
        left join plan_node g on g.plan_code = s.plan_code and g.node_code = s.goal_code
       group by s.plan_code, s.fiscal_year, s.goal_code) p
cross join lateral (values (p.goal_code), (null::text)) as k(goal_code)
group by p.plan_code, p.fiscal_year, k.goal_code;
