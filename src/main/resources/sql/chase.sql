-- What the overnight run chases and reports.

-- Expected results (a target is set for the year) that are missing or incomplete, per responsible department.
-- A baseline year (現状値の把握) sets no target but its value is still asked for, as the base of next year's
-- relative target; never its self-assessment (the evaluation raises no assessment_missing there).
-- Also what the division sent back (V14, the 課's latest review action being a 差し戻し): named indicators
-- until the 課 sends a newer result of theirs, every owed indicator of a 課 sent back as a whole until the 課
-- sends results of the round again (V19; sql/review.sql, pendingIndicators, says the same for one 課). Only a
-- file the 課 sent after the 差し戻し answers it: received after it (one sent before, held while the round was
-- closed and accepted later, is merged later but is no answer), and for a named indicator a version of its
-- result from the 課 itself, in its history (another owner's result of a shared indicator is none, and another
-- owner's newer one does not undo the 課's answer).
-- A closed round (締切, V16 round_closure) is a record, no longer a chase: with the last parameter true it
-- yields nothing for it (reminders, their copy to the division, the 差し戻し's correction reminders); the
-- exception report and the committee's workbook pass false and list what it still lacks. Reopening the round
-- deletes its row, and the next run chases it again.
-- Listed 課 after 課 in the organisation order (departments.csv, V21; a 課 it no longer lists last, by name),
-- each one's items in plan order: reminders are queued, and the reports list them, in this order.
-- A review given, or a file sent, before the 課 was renamed (departments.csv's former names) is the renamed
-- 課's: its 差し戻し is chased under the new name, and a file under either name answers it.
-- Parameters: plan, year, plan, year, whether to leave out a closed round.
-- name: outstanding
with latest as (
    select distinct on (coalesce(f.department_name, a.department_name)) a.plan_code, a.fiscal_year,
           coalesce(f.department_name, a.department_name) as department_name, a.state, a.indicator_codes, a.acted_at
      from review_action a
      left join department_name_alias f on f.name = a.department_name
     where a.plan_code = ? and a.fiscal_year = ?
     order by coalesce(f.department_name, a.department_name), a.review_id desc
), sent_back as materialized ( -- each 課's names read once, not in every indicator's look-up below
    select l.department_name, l.indicator_codes, l.acted_at,
           array(select f.name from department_name_alias f where f.department_name = l.department_name)
               || l.department_name as names
      from latest l
     where l.state = 'sent_back'
       and (cardinality(l.indicator_codes) > 0
            or not exists (select 1 from submission_round s
                             join submission m on m.submission_id = s.submission_id
                            where s.plan_code = l.plan_code and s.fiscal_year = l.fiscal_year
                              and (s.department_name = l.department_name
                                   or s.department_name in (select f.name from department_name_alias f
                                                             where f.department_name = l.department_name))
                              and s.taken_at > l.acted_at and m.received_at > l.acted_at))
)
select d.department_name, i.indicator_code, i.name, t.target_text, i.unit, e.flags,
       r.actual_value is null as no_actual, coalesce(btrim(r.status_text), '') = '' as no_status,
       r.result_id is null as no_result, b.department_name is not null as sent_back
  from evaluation e
  join indicator i on i.plan_code = e.plan_code and i.indicator_code = e.indicator_code
  join indicator_department d on d.plan_code = e.plan_code and d.indicator_code = e.indicator_code
  left join department dp on dp.department_name = d.department_name
  left join target t on t.plan_code = e.plan_code and t.indicator_code = e.indicator_code
                    and t.fiscal_year = e.fiscal_year
  left join result r on r.result_id = e.result_id
  left join sent_back b on b.department_name = d.department_name
        and case when cardinality(b.indicator_codes) = 0 then e.target_set or t.target_kind = 'baseline'
                 else e.indicator_code = any(b.indicator_codes)
                      and not exists (select 1 from result a
                                        join submission m on m.submission_id = a.submission_id
                                       where a.plan_code = e.plan_code and a.indicator_code = e.indicator_code
                                         and a.fiscal_year = e.fiscal_year and a.department_name = any(b.names)
                                         and a.recorded_at > b.acted_at and m.received_at > b.acted_at) end
  left join round_closure k on k.plan_code = e.plan_code and k.fiscal_year = e.fiscal_year
 where e.plan_code = ? and e.fiscal_year = ? and i.active
   and (k.plan_code is null or not ?)
   and ((e.target_set or t.target_kind = 'baseline') and e.flags && array['missing', 'incomplete', 'assessment_missing']
        or b.department_name is not null)
 order by dp.sort_order nulls last, d.department_name, i.sort_order

-- Values to check, with the message the department was given when it was loaded; an indicator's 課 as the
-- plan writes them (V21 ordinal).
-- name: valueIssues
select d.departments, i.indicator_code, i.name, e.fiscal_year, r.actual_text, f.code,
       (select m.message from finding m
         where m.plan_code = e.plan_code and m.indicator_code = e.indicator_code
           and m.fiscal_year = e.fiscal_year and m.code = f.code
         order by m.finding_id desc limit 1) as message
  from evaluation e
  cross join lateral unnest(e.flags) as f(code)
  join indicator i on i.plan_code = e.plan_code and i.indicator_code = e.indicator_code
  left join result r on r.result_id = e.result_id
  left join lateral (select string_agg(x.department_name, '・' order by x.ordinal nulls last, x.department_name) as departments
                       from indicator_department x
                      where x.plan_code = e.plan_code and x.indicator_code = e.indicator_code) d on true
 where e.plan_code = ? and (? = 0 or e.fiscal_year = ?) and i.active
   and f.code in ('out_of_range', 'implausible_change', 'cumulative_decrease', 'fractional_count',
                  'assessment_contradiction')
 order by e.fiscal_year, i.sort_order, f.code

-- Targets of closed rounds the plan's revision changed (recorded by the master sync at a start) that no report
-- of the plan listed yet (V32 exception_report_change): each is in the next report once, whenever the sync
-- committed; the audit log keeps them for good. The grade now is the one the evaluation after that start gave
-- (in the plan's words); before is the one recorded at the change.
-- name: closedTargetChangesToReport
select d.departments, a.indicator_code, i.name, a.fiscal_year, a.before_state ->> 'target',
       a.after_state ->> 'target', a.before_state ->> 'target_value', a.after_state ->> 'target_value',
       a.before_state ->> 'computed_grade', coalesce(p.grade_labels[e.grade_level], e.grade), a.recorded_at,
       a.audit_id
  from audit_log a
  left join indicator i on i.plan_code = a.plan_code and i.indicator_code = a.indicator_code
  left join evaluation e on e.plan_code = a.plan_code and e.indicator_code = a.indicator_code
                        and e.fiscal_year = a.fiscal_year
  left join plan p on p.plan_code = a.plan_code
  left join lateral (select string_agg(x.department_name, '・' order by x.ordinal nulls last, x.department_name) as departments
                       from indicator_department x
                      where x.plan_code = a.plan_code and x.indicator_code = a.indicator_code) d on true
 where a.action = 'closed_target_changed' and a.plan_code = ?
   and not exists (select 1 from exception_report_change x where x.plan_code = a.plan_code and x.audit_id = a.audit_id)
 order by a.fiscal_year, i.sort_order, a.audit_id

-- Grades of closed rounds a revised plan (otherwise than by their target) or new evaluation rules moved, as the
-- whole re-evaluation recorded them, that no report of the plan listed yet: each is in the next report once.
-- name: closedGradeChangesToReport
select d.departments, a.indicator_code, i.name, a.fiscal_year, a.before_state ->> 'computed_grade',
       a.after_state ->> 'computed_grade', a.before_state ->> 'achievement_rate',
       a.after_state ->> 'achievement_rate', a.recorded_at, a.audit_id
  from audit_log a
  left join indicator i on i.plan_code = a.plan_code and i.indicator_code = a.indicator_code
  left join lateral (select string_agg(x.department_name, '・' order by x.ordinal nulls last, x.department_name) as departments
                       from indicator_department x
                      where x.plan_code = a.plan_code and x.indicator_code = a.indicator_code) d on true
 where a.action = 'closed_grade_changed' and a.plan_code = ?
   and not exists (select 1 from exception_report_change x where x.plan_code = a.plan_code and x.audit_id = a.audit_id)
 order by a.fiscal_year, i.sort_order, a.audit_id

-- Rejected files no report of this plan listed yet (V32 exception_report_rejected, written with each report:
-- a file committed after a report's snapshot is in the next one, whatever its processed_at), of a 課 of the plan
-- (one of its indicators' or one its actions.csv names: 保育課, only in an action, is the plan's too), of a 課 no
-- plan names (or no known 課), which every plan's report shows as it shows such a 課's folder refusals, or of no
-- department. A 課 is matched under every name the alias view holds for it (a name it had before
-- departments.csv renamed it too).
-- Parameters: plan, the plan's 課 (text[]), every plan's 課 (text[]).
-- name: rejectedToReport
select s.receipt_no, s.received_at, s.channel, s.department_name, s.source_name,
       array(select coalesce(fi.sheet_name || ' ', '') || coalesce(fi.row_no || '行目 ', '')
                    || coalesce(fi.column_ref || '列 ', '') || fi.message
               from finding fi where fi.submission_id = s.submission_id and fi.severity = 'ERROR'
              order by fi.finding_id) as reasons,
       s.submission_id
  from submission s
 where s.status = 'rejected'
   and not exists (select 1 from exception_report_rejected x
                    where x.plan_code = ? and x.submission_id = s.submission_id)
   and (s.department_name is null
        or s.department_name in (select f.name from department_name_alias f where f.department_name = any(?::text[]))
        or not exists (select 1 from department_name_alias f
                        where f.name = s.department_name and f.department_name = any(?::text[])))
 order by s.submission_id

-- Every name the database holds for these 課 (department_name_alias): the current name, the former names as
-- departments.csv writes them, and the spellings history was stored under that MasterDataSync matched to them
-- by Department.nameKey (ＤＸ推進課 for DX推進課).
-- name: namesOf
select a.department_name, a.name from department_name_alias a where a.department_name = any(?)

-- What a plan's report listed, recorded in the report's own transaction (V32), so that each is listed once.
-- Parameters: plan, ids (bigint[]).
-- name: recordRejectedListed
insert into exception_report_rejected (plan_code, submission_id)
select ?, unnest(?::bigint[])
    on conflict do nothing

-- name: recordChangesListed
insert into exception_report_change (plan_code, audit_id)
select ?, unnest(?::bigint[])
    on conflict do nothing

-- Which plans' reports listed these mails, undelivered outbox mails and refused folder items (V33).
-- Parameters: message keys, outbox mail ids, refusal ids.
-- name: itemsListed
select 'mail', message_key, plan_code from exception_report_mail where message_key = any(?::text[])
union all
select 'outbox', mail_id::text, plan_code from exception_report_outbox where mail_id = any(?::bigint[])
union all
select 'refusal', refusal_id::text, plan_code from exception_report_refusal where refusal_id = any(?::bigint[])

-- name: recordMailListed
insert into exception_report_mail (plan_code, message_key)
select ?, unnest(?::text[])
    on conflict do nothing

-- name: recordOutboxListed
insert into exception_report_outbox (plan_code, mail_id)
select ?, unnest(?::bigint[])
    on conflict do nothing

-- name: recordRefusalsListed
insert into exception_report_refusal (plan_code, refusal_id)
select ?, unnest(?::bigint[])
    on conflict do nothing

-- name: lockReport
select pg_advisory_xact_lock(hashtext('report:' || ?))

-- name: startRun
insert into overnight_run (as_of, instance) values (?, ?) returning run_id

-- name: finishRun
update overnight_run set finished_at = now(), reminders = ?, reports = ?, outcome = ? where run_id = ?

-- A failed run keeps finished_at empty (it did not finish) and says why in outcome.
-- name: failRun
update overnight_run set outcome = ? where run_id = ? and finished_at is null

-- The rounds a reminder just queued asks for (V26), found by its key.
-- Parameters: plan codes (text[]), fiscal years (int[]), the reminder's key.
-- name: recordReminderRounds
insert into reminder_round (mail_id, plan_code, fiscal_year)
select m.mail_id, r.plan_code, r.fiscal_year
  from outbox_mail m
 cross join unnest(?::text[], ?::int[]) as r(plan_code, fiscal_year)
 where m.dedup_key = ?
    on conflict do nothing
