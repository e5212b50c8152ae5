-- goal_summary, same columns and rows, written so that a filter on plan_code and fiscal_year reaches the
-- tables. V1 built the total row with GROUPING SETS, and PostgreSQL does not push a WHERE through grouping
-- sets: every `summary` (and the console's board) aggregated every plan and every year, then kept one
-- plan-year (measured: 0.9 s for a plan of 104,460 indicators, docs/benchmarks/console.md). Here each row
-- of indicator_status is counted twice in one plain GROUP BY, once under its goal and once under a null
-- goal that becomes the total; plan_code and fiscal_year are ordinary grouping columns, so the filter is
-- applied before the joins. The total's goal_title stays max(goal_title) over all goals, as in V1.
create or replace view goal_summary as
select s.plan_code,
       s.fiscal_year,
       coalesce(k.goal_code, 'total')                                   as goal_code,
       max(s.goal_title)                                                as goal_title,
       count(*) filter (where s.target_set)                             as set_count,
       count(*) filter (where s.target_set and s.grade = '達成')        as achieved,
       count(*) filter (where s.target_set and s.grade = '概ね達成')    as mostly,
       count(*) filter (where s.target_set and s.grade = '未達成')      as not_achieved,
       count(*) filter (where s.target_set and s.grade = '未提出')      as not_submitted,
       round(100.0 * count(*) filter (where s.target_set and s.grade in ('達成', '概ね達成'))
             / nullif(count(*) filter (where s.target_set), 0), 1)     as mostly_rate,
       case when k.goal_code is null then 2147483647 else min(g.sort_order) end as sort_order
from indicator_status s
cross join lateral (values (s.goal_code), (null::text)) as k(goal_code)
left join plan_node g on g.plan_code = s.plan_code and g.node_code = k.goal_code
group by s.plan_code, s.fiscal_year, k.goal_code;
