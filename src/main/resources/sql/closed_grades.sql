-- Grades of closed rounds (round_closure) that a revised plan moves (ClosedGradeChanges): the master sync keeps
-- them as they stood (closed_grade_before, V23), the whole re-evaluation that follows compares and records.
-- A grade is read in the plan's words as the other reports read it: its level's label, else as stored (未提出);
-- 達成率 as the committee reads it, a whole percent.

-- Before the plan row (its grade words) and the targets change. A row kept from an earlier sync whose
-- re-evaluation has not run yet stays: the evaluations are still those it read. Parameters: plan.
-- name: snapshot
insert into closed_grade_before (plan_code, indicator_code, fiscal_year, grade, grade_level, grade_word, rate_percent)
select e.plan_code, e.indicator_code, e.fiscal_year, e.grade, e.grade_level,
       coalesce(p.grade_labels[e.grade_level], e.grade), round(e.rate)
  from round_closure k
  join evaluation e on e.plan_code = k.plan_code and e.fiscal_year = k.fiscal_year
  join plan p on p.plan_code = k.plan_code
 where k.plan_code = ?
on conflict (plan_code, indicator_code, fiscal_year) do nothing

-- The targets of closed rounds the same sync recorded as changed (closed_target_changed): their grades move
-- for that reason, already recorded. A target added where no evaluation was gets a row of its own, no grade.
-- Parameters: plan, indicator codes, fiscal years (one per changed target).
-- name: markTargetChanges
insert into closed_grade_before (plan_code, indicator_code, fiscal_year, target_changed)
select ?, t.indicator_code, t.fiscal_year, true
  from unnest(?::text[], ?::int[]) as t(indicator_code, fiscal_year)
on conflict (plan_code, indicator_code, fiscal_year) do update set target_changed = true

-- After the whole re-evaluation, in its transaction: each evaluation of a year still closed whose grade (level
-- or words) or 達成率 is not what it was, including one that appeared or went (an indicator added to or removed
-- from the plan), unless its target change says it already. Written to the audit log in reverse, so that the
-- audit page (newest first) reads in plan order; the kept rows are removed. Parameters: plan (x5).
-- name: recordChanges
with before as (
    delete from closed_grade_before where plan_code = ?
    returning indicator_code, fiscal_year, grade_level, grade_word, rate_percent, target_changed
), closed as (
    select k.fiscal_year from round_closure k
     where k.plan_code = ? and k.fiscal_year in (select fiscal_year from before)
), was as (
    select b.* from before b join closed k on k.fiscal_year = b.fiscal_year
), now as (
    select e.indicator_code, e.fiscal_year, e.grade_level, coalesce(p.grade_labels[e.grade_level], e.grade) as grade_word,
           round(e.rate) as rate_percent
      from closed k
      join evaluation e on e.plan_code = ? and e.fiscal_year = k.fiscal_year
      join plan p on p.plan_code = e.plan_code
), changed as (
    select coalesce(n.indicator_code, w.indicator_code) as indicator_code,
           coalesce(n.fiscal_year, w.fiscal_year) as fiscal_year,
           w.grade_word as grade_before, w.rate_percent as rate_before,
           n.grade_word as grade_now, n.rate_percent as rate_now
      from was w full join now n on n.indicator_code = w.indicator_code and n.fiscal_year = w.fiscal_year
     where not coalesce(w.target_changed, false)
       and (w.grade_word, w.grade_level, w.rate_percent) is distinct from (n.grade_word, n.grade_level, n.rate_percent)
)
insert into audit_log (actor, action, plan_code, fiscal_year, indicator_code, before_state, after_state)
select 'system', 'closed_grade_changed', ?, c.fiscal_year, c.indicator_code,
       jsonb_build_object('computed_grade', c.grade_before, 'achievement_rate', c.rate_before),
       jsonb_build_object('computed_grade', c.grade_now, 'achievement_rate', c.rate_now)
  from changed c
  left join indicator i on i.plan_code = ? and i.indicator_code = c.indicator_code
 order by c.fiscal_year desc, i.sort_order desc nulls first, c.indicator_code desc
returning indicator_code, fiscal_year, before_state ->> 'computed_grade', before_state ->> 'achievement_rate',
          after_state ->> 'computed_grade', after_state ->> 'achievement_rate'
