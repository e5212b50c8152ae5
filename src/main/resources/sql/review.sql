-- The division's review of each 課's results per plan and year (V14). Only inserted and read; the current
-- state is derived here from the latest action and the 課's files holding results of the round (V14, V19).

-- Serialises the review of one 課 in one round between two admins, on one instance or two: the state
-- shown as "before" is the one the action replaced. Parameters: plan, year, department.
-- name: lock
select pg_advisory_xact_lock(hashtext('review:' || ? || '/' || ?::text || '/' || ?))

-- name: insert
-- acted_at is this statement's time, after the review's locks (the plan's load lock among them): a load of the
-- plan either committed before it or takes its rows in after it (results.sql takes those times likewise)
insert into review_action (plan_code, fiscal_year, department_name, state, comment, indicator_codes,
                           correction_due, actor, acted_at)
values (?, ?, ?, ?, ?, ?, ?, ?, statement_timestamp())
returning review_id, acted_at

-- Each department owning active indicators of the plan (or the one asked for) with what its state is derived
-- from, all from the round's own files (V19 submission_round, one row per file and round taken in): whether the
-- 課 has sent results of the plan and year at all, its latest review action, and whether a file of the 課
-- holding results of the round came after that action (a file of another year or plan is no answer). After a
-- 確認済み that is a file taken in after it: the figures confirmed changed, also by a held file accepted then.
-- After a 差し戻し it is a file the 課 also sent after it (received_at): a file sent before, held while the
-- round was closed and accepted after the 差し戻し, is taken in later but answers nothing (as the chase says).
-- A 確認済み also stands no more once another 課's file replaced a figure of an indicator the two share.
-- One pass over the round's files and actions for every 課, as the board lists them all.
-- Parameters: plan, department twice, plan, year, department twice, plan, year, department twice, year, plan,
-- department twice.
-- name: states
with owners as (
    select distinct d.department_name
      from indicator_department d
      join indicator i on i.plan_code = d.plan_code and i.indicator_code = d.indicator_code and i.active
     where d.plan_code = ? and (?::text is null or d.department_name = ?)
), taken as (
    -- a file sent before the 課 was renamed is the renamed 課's (departments.csv's former names)
    select coalesce(f.department_name, t.department_name) as department_name, max(t.taken_at) as last_taken_at,
           -- the latest time by which a file of the 課 was both received and taken in: a 差し戻し before it is answered
           max(least(t.taken_at, s.received_at)) as last_sent_at,
           -- the file taken in last (not the highest number: a held file accepted later has an older one), which
           -- the review forms carry, so that one accepted after the page was shown is not reviewed unseen
           (array_agg(t.submission_id order by t.taken_at desc, t.submission_id desc))[1] as last_file
      from submission_round t
      join submission s on s.submission_id = t.submission_id
      left join department_name_alias f on f.name = t.department_name
     where t.plan_code = ? and t.fiscal_year = ?
       and (?::text is null or coalesce(f.department_name, t.department_name) = ?)
     group by 1
), latest as (
    -- a review given before the 課 was renamed is the renamed 課's, as its files are
    select distinct on (coalesce(f.department_name, a.department_name))
           coalesce(f.department_name, a.department_name) as department_name, a.review_id, a.state, a.comment,
           a.indicator_codes, a.correction_due, a.actor, a.acted_at
      from review_action a
      left join department_name_alias f on f.name = a.department_name
     where a.plan_code = ? and a.fiscal_year = ?
       and (?::text is null or coalesce(f.department_name, a.department_name) = ?)
     order by coalesce(f.department_name, a.department_name), a.review_id desc
), replaced as (
    -- of an indicator the 課 shares with another 課, the latest version the other reported: after a 確認済み the
    -- figures confirmed are no longer all as confirmed, and the 課 has something to look at again (提出済み)
    select x.department_name, max(r.recorded_at) as last_replaced_at
      from indicator_department x
      join result r on r.plan_code = x.plan_code and r.indicator_code = x.indicator_code and r.fiscal_year = ?
     where x.plan_code = ? and (?::text is null or x.department_name = ?)
       and exists (select 1 from indicator_department y
                    where y.plan_code = x.plan_code and y.indicator_code = x.indicator_code
                      and y.department_name <> x.department_name)
       and not same_department(r.department_name, x.department_name)
     group by 1
)
select o.department_name, t.last_taken_at is not null as has_result, l.review_id, l.state, l.comment,
       l.indicator_codes, l.correction_due, l.actor, l.acted_at,
       coalesce(case when l.state = 'sent_back' then t.last_sent_at > l.acted_at
                     else t.last_taken_at > l.acted_at or p.last_replaced_at > l.acted_at end, false) as resubmitted,
       t.last_file
  from owners o
  left join taken t on t.department_name = o.department_name
  left join latest l on l.department_name = o.department_name
  left join replaced p on p.department_name = o.department_name

-- A 課's review actions, newest first, also those given under a former name. Parameters: plan, year,
-- department twice, limit.
-- name: history
select review_id, state, comment, indicator_codes, correction_due, actor, acted_at
  from review_action
 where plan_code = ? and fiscal_year = ?
   and (department_name = ?
        or department_name in (select f.name from department_name_alias f where f.department_name = ?))
 order by review_id desc
 limit ?

-- Indicators of a 課 the chase asks again because they were sent back (the same rule as chase.sql's
-- outstanding): named ones until the 課 sends a newer result of theirs, all owed ones of a 課 sent back as a
-- whole until the 課 sends results of the round again. Only a file the 課 sent after the 差し戻し answers it:
-- received after it (a file sent before, held and accepted later, is merged later but is no answer), and for a
-- named indicator a version of its result from the 課 itself (another owner's result of a shared indicator is
-- none), in its history, as another owner may have sent a newer one since. A review given, or a file sent,
-- before the 課 was renamed is the renamed 課's (departments.csv's former names). Parameters: department, plan,
-- year.
-- name: pendingIndicators
with asked as (
    select ?::text as department_name
), names as (
    select a.department_name, a.department_name || coalesce(d.former_names, '{}') as names
      from asked a
      left join department d on d.department_name = a.department_name
), latest as (
    select n.department_name, n.names, a.plan_code, a.fiscal_year, a.state, a.indicator_codes, a.acted_at
      from names n
      join review_action a on a.department_name = any(n.names)
     where a.plan_code = ? and a.fiscal_year = ?
     order by a.review_id desc
     limit 1
)
select x.indicator_code
  from latest l
  join indicator_department x on x.plan_code = l.plan_code and x.department_name = l.department_name
  join indicator i on i.plan_code = x.plan_code and i.indicator_code = x.indicator_code and i.active
  left join evaluation e on e.plan_code = x.plan_code and e.indicator_code = x.indicator_code
                        and e.fiscal_year = l.fiscal_year
  left join target t on t.plan_code = x.plan_code and t.indicator_code = x.indicator_code
                    and t.fiscal_year = l.fiscal_year
 where l.state = 'sent_back'
   and case when cardinality(l.indicator_codes) = 0
            then (coalesce(e.target_set, false) or t.target_kind = 'baseline')
                 and not exists (select 1 from submission_round s
                                   join submission m on m.submission_id = s.submission_id
                                  where s.plan_code = l.plan_code and s.fiscal_year = l.fiscal_year
                                    and s.department_name = any(l.names) and s.taken_at > l.acted_at
                                    and m.received_at > l.acted_at)
            else x.indicator_code = any(l.indicator_codes)
                 and not exists (select 1 from result r
                                   join submission m on m.submission_id = r.submission_id
                                  where r.plan_code = x.plan_code and r.indicator_code = x.indicator_code
                                    and r.fiscal_year = l.fiscal_year and r.department_name = any(l.names)
                                    and r.recorded_at > l.acted_at and m.received_at > l.acted_at)
       end
 order by i.sort_order
