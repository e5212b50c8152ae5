-- The current version of one result (the newest), or no row: how the merge, the evaluation's read of the
-- touched keys and the closed-round checks find what is stored, written five times before. A plain SQL
-- function over one SELECT, not strict, so PostgreSQL inlines it into each statement as the subquery it
-- replaces: one backward probe of the (plan, indicator, year, version) key, the same plan as written out.
create function current_result(p_plan text, p_indicator text, p_year int)
returns setof result language sql stable parallel safe as $$
    select *
      from result r
     where r.plan_code = p_plan and r.indicator_code = p_indicator and r.fiscal_year = p_year
     order by r.version desc
     limit 1
$$;
