-- Closed rounds (締切) and the changes held while a round is closed (V16).

-- The closed rounds whose figures the staged rows would change (a row differing from the current version,
-- by result_content_same, as the merge compares them), or a result not there yet, with how many rows each.
-- name: closedRoundsChanged
select s.plan_code, s.fiscal_year, count(*) as changes
  from staged_result s
  join round_closure k on k.plan_code = s.plan_code and k.fiscal_year = s.fiscal_year
  left join lateral current_result(s.plan_code, s.indicator_code, s.fiscal_year) c on true
 where c.version is null
    or not result_content_same(s.actual_value, s.actual_text, s.status_text, s.outcome_text,
                               s.next_steps_text, s.self_assessment, s.self_assessment_level,
                               c.actual_value, c.actual_text, c.status_text, c.outcome_text,
                               c.next_steps_text, c.self_assessment, c.self_assessment_level)
 group by s.plan_code, s.fiscal_year
 order by s.plan_code, s.fiscal_year

-- name: insertPendingChange
insert into pending_change (submission_id) values (?)

-- The staged rows of a held file, kept for the decision. Parameter: submission.
-- name: keepStagedAsPending
insert into pending_result (submission_id, ord, plan_code, indicator_code, fiscal_year, actual_value, actual_text,
                            approximate, status_text, outcome_text, next_steps_text, self_assessment,
                            self_assessment_text, sheet_name, row_no, column_ref, code_column, code_text,
                            self_assessment_level, status_column, assessment_column, omitted)
select ?, ord, plan_code, indicator_code, fiscal_year, actual_value, actual_text, approximate, status_text,
       outcome_text, next_steps_text, self_assessment, self_assessment_text, sheet_name, row_no, column_ref,
       code_column, code_text, self_assessment_level, status_column, assessment_column, omitted
  from staged_result

-- A held file's rows back into a staging table (createStagedResults), to be merged as the file would have
-- been. Parameter: submission.
-- name: stagePending
insert into staged_result (ord, plan_code, indicator_code, fiscal_year, actual_value, actual_text, approximate,
                           status_text, outcome_text, next_steps_text, self_assessment, self_assessment_text,
                           sheet_name, row_no, column_ref, code_column, code_text, self_assessment_level,
                           status_column, assessment_column, omitted)
select ord, plan_code, indicator_code, fiscal_year, actual_value, actual_text, approximate, status_text,
       outcome_text, next_steps_text, self_assessment, self_assessment_text, sheet_name, row_no, column_ref,
       code_column, code_text, self_assessment_level, status_column, assessment_column, omitted
  from pending_result
 where submission_id = ?

-- The decision, taken once: whoever's update finds the change still pending decides it; a second click, here
-- or on another instance, waits for the first to commit and then finds nothing to update.
-- Parameters: state, decided_by, reason, submission.
-- name: claimPending
update pending_change
   set state = ?, decided_by = ?, decided_at = now(), reason = ?
 where submission_id = ? and state = 'pending'

-- name: pendingState
select pc.state, pc.decided_by, pc.decided_at, s.receipt_no
  from pending_change pc join submission s using (submission_id)
 where pc.submission_id = ?

-- What the decision needs of the held file. Parameter: submission.
-- name: heldSubmission
select s.submission_id, s.receipt_no, s.channel, s.source_name, s.department_name, s.sha256, s.received_at,
       s.row_count,
       (select m.recipients_to from outbox_mail m
         where m.submission_id = s.submission_id and m.kind = 'receipt'
         order by m.mail_id limit 1) as receipt_recipients
  from submission s
 where s.submission_id = ?

-- name: findHeld
select submission_id, receipt_no, source_name, received_at, archived_path, department_name
  from submission where sha256 = ? and status = 'held'
 order by submission_id limit 1

-- name: settleSubmission
update submission set status = ?, duplicate_of = ? where submission_id = ?

-- Plans of a held file's rows, in code order (the order load locks are taken in).
-- name: pendingPlans
select distinct plan_code from pending_result where submission_id = ? order by plan_code

-- Closed rounds the held file touches (for its notice and the audit log).
-- name: pendingRounds
select distinct plan_code, fiscal_year from pending_result where submission_id = ? order by 1, 2

-- name: closeRound
insert into round_closure (plan_code, fiscal_year, closed_by) values (?, ?, ?)
    on conflict (plan_code, fiscal_year) do nothing

-- name: reopenRound
delete from round_closure where plan_code = ? and fiscal_year = ? returning closed_at, closed_by

-- Every closed round (a few a year). The rounds still open take templates of their year.
-- name: closedRounds
select plan_code, fiscal_year from round_closure

-- name: closure
select closed_at, closed_by from round_closure where plan_code = ? and fiscal_year = ?

-- Held files touching a round, oldest first, with their state. Parameters: plan, year, states (text[]).
-- name: pendingOfRound
select s.submission_id, s.receipt_no, s.department_name, s.source_name, s.channel, s.received_at,
       pc.state, pc.decided_by, pc.decided_at, pc.reason
  from pending_change pc
  join submission s using (submission_id)
 where exists (select 1 from pending_result p
                where p.submission_id = pc.submission_id and p.plan_code = ? and p.fiscal_year = ?)
   and pc.state = any(?)
 order by s.received_at, s.submission_id

-- One page of the held files of a round already decided (accepted or declined), the latest decision first;
-- total counts them all. Parameters: plan, year, offset, limit.
-- name: decidedOfRound
select s.submission_id, s.receipt_no, s.department_name, s.source_name, s.channel, s.received_at,
       pc.state, pc.decided_by, pc.decided_at, pc.reason, count(*) over () as total
  from pending_change pc
  join submission s using (submission_id)
 where exists (select 1 from pending_result p
                where p.submission_id = pc.submission_id and p.plan_code = ? and p.fiscal_year = ?)
   and pc.state in ('accepted', 'declined')
 order by pc.decided_at desc, pc.submission_id desc
 offset ? limit ?

-- What held files would change: each row differing from the current version (current → new), in file order,
-- with the file the current value came from and whether it was received after the held file (taken later when
-- received at the same moment): accepting would put an older value back over a newer one. Of a shared
-- indicator whose current value another 課 reported, that 課 by its current name (current_reported_by; null
-- where it is the held file's 課, under its current or a former name).
-- total counts them all, also those past the limit. Parameters: submissions (bigint[]), how many rows at most.
-- name: pendingDifferences
select p.submission_id, p.plan_code, p.indicator_code, i.name as indicator_name, p.fiscal_year,
       c.actual_text as current_text, p.actual_text as new_text, c.status_text as current_status,
       p.status_text as new_status, c.version is null as is_new, cs.receipt_no as current_receipt_no,
       coalesce((cs.received_at, cs.submission_id) > (s.received_at, s.submission_id), false) as current_later,
       case when c.department_name <> s.department_name and not same_department(c.department_name, s.department_name)
            then coalesce(ca.department_name, c.department_name) end as current_reported_by,
       count(*) over () as total
  from pending_result p
  join submission s on s.submission_id = p.submission_id
  join indicator i on i.plan_code = p.plan_code and i.indicator_code = p.indicator_code
  left join lateral current_result(p.plan_code, p.indicator_code, p.fiscal_year) c on true
  left join submission cs on cs.submission_id = c.submission_id
  left join department_name_alias ca on ca.name = c.department_name
 where p.submission_id = any(?)
   and (c.version is null
    or not result_content_same(p.actual_value, p.actual_text, p.status_text, p.outcome_text,
                               p.next_steps_text, p.self_assessment, p.self_assessment_level,
                               c.actual_value, c.actual_text, c.status_text, c.outcome_text,
                               c.next_steps_text, c.self_assessment, c.self_assessment_level))
 order by p.submission_id, p.ord
 limit ?

-- The results a held file has rows for, as a page shows them: the sum of their current versions (how many
-- versions they have in all). A file loaded or a held file accepted since adds a version to one of them, and a
-- version is never taken away, so a page's sum differing from today's says they changed after it was shown.
-- A file with no rows is not returned (0). Parameter: submissions (bigint[]).
-- name: heldResultVersions
select k.submission_id, coalesce(sum(c.version), 0) as versions
  from (select distinct submission_id, plan_code, indicator_code, fiscal_year
          from pending_result where submission_id = any(?)) k
  left join lateral current_result(k.plan_code, k.indicator_code, k.fiscal_year) c on true
 group by k.submission_id

-- The newest of the results a held file has rows for, with the file it came from and, when that was a held file,
-- who accepted it: what changed them after a page was shown. Parameter: submission.
-- name: newestHeldKeyResult
select r.recorded_at, s.receipt_no, s.department_name, pc.decided_by, pc.decided_at
  from (select distinct plan_code, indicator_code, fiscal_year from pending_result where submission_id = ?) k
  join lateral current_result(k.plan_code, k.indicator_code, k.fiscal_year) r on true
  join submission s on s.submission_id = r.submission_id
  left join pending_change pc on pc.submission_id = r.submission_id and pc.state = 'accepted'
 order by r.recorded_at desc, r.result_id desc
 limit 1

-- Per held file and other 課, its rows whose current value that 課 reported (a shared indicator) and differs from
-- the held one: accepting replaces that 課's report. The 課 by current name, with how many rows and the first five
-- indicator codes, in the order of the file's first such row. Parameter: submissions (bigint[]).
-- name: otherReportsReplaced
select p.submission_id, coalesce(ca.department_name, c.department_name) as reported_by, count(*) as rows,
       (array_agg(p.indicator_code order by p.ord))[1:5] as indicators
  from pending_result p
  join submission s on s.submission_id = p.submission_id
  join lateral current_result(p.plan_code, p.indicator_code, p.fiscal_year) c on true
  left join department_name_alias ca on ca.name = c.department_name
 where p.submission_id = any(?)
   and c.department_name <> s.department_name
   and not same_department(c.department_name, s.department_name)
   and not result_content_same(p.actual_value, p.actual_text, p.status_text, p.outcome_text,
                               p.next_steps_text, p.self_assessment, p.self_assessment_level,
                               c.actual_value, c.actual_text, c.status_text, c.outcome_text,
                               c.next_steps_text, c.self_assessment, c.self_assessment_level)
 group by p.submission_id, coalesce(ca.department_name, c.department_name)
 order by p.submission_id, min(p.ord)

-- Per held file, its rows whose current value came from a file received after it (as pendingDifferences says)
-- and differs from the held one: how many, from how many files, and the first five of those files.
-- Parameter: submissions (bigint[]).
-- name: laterResults
select p.submission_id, count(*) as rows, count(distinct cs.submission_id) as files,
       (array_agg(distinct cs.receipt_no order by cs.receipt_no))[1:5] as receipts
  from pending_result p
  join submission s on s.submission_id = p.submission_id
  join lateral current_result(p.plan_code, p.indicator_code, p.fiscal_year) c on true
  join submission cs on cs.submission_id = c.submission_id
 where p.submission_id = any(?)
   and (cs.received_at, cs.submission_id) > (s.received_at, s.submission_id)
   and not result_content_same(p.actual_value, p.actual_text, p.status_text, p.outcome_text,
                               p.next_steps_text, p.self_assessment, p.self_assessment_level,
                               c.actual_value, c.actual_text, c.status_text, c.outcome_text,
                               c.next_steps_text, c.self_assessment, c.self_assessment_level)
 group by p.submission_id
