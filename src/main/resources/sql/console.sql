-- Read model of the web console: one statement per page section, set-based.
-- Optional filters are written "(?::text is null or column = ?)": each call is planned with its values
-- (ConsoleQueries keeps these statements off server-side generic plans), so the unused branch folds
-- away and the indexes of V3__console_indexes.sql apply.

-- The status board comes from three statements: departmentCounts and the committee's table (goal_summary)
-- read the plan's evaluation and change only when it changes, so ConsoleQueries keeps them per plan and year
-- until evaluationVersion changes; departmentActivity (files and reminders) is read at every request.

-- The evaluation the plan-wide rows were computed from: a counter raised in the transaction of every change
-- of the plan's evaluation, whether a refresh of the whole plan or a load re-evaluating the keys it touched
-- (V8). No row: the plan has not been evaluated yet.
-- Parameters: plan.
-- name: evaluationVersion
select v.version::text as version
  from evaluation_version v
 where v.plan_code = ?

-- One row per department owning active indicators of the plan, in plan order (of its first indicator); 課
-- whose first indicator is the same in the organisation order (departments.csv, V21), then by name. "Owed", "missing" and
-- "incomplete" are the chase's definitions (chase.sql, outstanding): a target is set for the year; the
-- evaluation flags say what is still missing. Each count is taken twice: over all of the department's
-- indicators, and (once_*) over those it is the first owner of (by name, among the departments asked
-- for), so that adding up the latter counts an indicator shared by several departments once. The
-- ownership comes in primary-key order, so numbering the owners of an indicator needs no sort.
-- Parameters: plan, department (or null) twice, year.
-- name: departmentCounts
with owned as (
    select d.department_name, d.first_owner, i.sort_order,
           coalesce(e.target_set, false) as target_set, e.result_id, coalesce(e.flags, '{}') as flags
      from (select x.plan_code, x.indicator_code, x.department_name,
                   row_number() over (partition by x.indicator_code order by x.department_name) = 1 as first_owner
              from indicator_department x
             where x.plan_code = ?
               and (?::text is null or x.department_name = ?)) d
      join indicator i on i.plan_code = d.plan_code and i.indicator_code = d.indicator_code and i.active
      left join evaluation e on e.plan_code = d.plan_code and e.indicator_code = d.indicator_code
                            and e.fiscal_year = ?
)
select o.department_name,
       min(o.sort_order)                                                              as first_sort,
       count(*)                                                                       as indicators,
       count(*) filter (where o.target_set)                                           as owed,
       count(*) filter (where o.target_set and o.result_id is not null)               as accepted,
       count(*) filter (where o.target_set and 'missing' = any(o.flags))              as missing,
       count(*) filter (where o.target_set and not 'missing' = any(o.flags)
                          and o.flags && array['incomplete', 'assessment_missing'])   as incomplete,
       count(*) filter (where o.flags && array['out_of_range', 'implausible_change', 'cumulative_decrease',
                                               'fractional_count', 'assessment_contradiction']) as with_findings,
       count(*) filter (where o.first_owner)                                          as once_indicators,
       count(*) filter (where o.first_owner and o.target_set)                         as once_owed,
       count(*) filter (where o.first_owner and o.target_set and o.result_id is not null) as once_accepted,
       count(*) filter (where o.first_owner and o.target_set and 'missing' = any(o.flags)) as once_missing,
       count(*) filter (where o.first_owner and o.target_set and not 'missing' = any(o.flags)
                          and o.flags && array['incomplete', 'assessment_missing'])   as once_incomplete,
       count(*) filter (where o.first_owner and o.flags && array['out_of_range', 'implausible_change',
                               'cumulative_decrease', 'fractional_count', 'assessment_contradiction']) as once_with_findings
  from owned o
 left join department dp on dp.department_name = o.department_name
 group by o.department_name, dp.sort_order
 order by first_sort, dp.sort_order nulls last, o.department_name

-- For each department asked for, in the plan-year shown: the reminders of the round sent to it, its files of
-- the round rejected after its last accepted one of the round (all of them when none was accepted) and its
-- newest file of the round, whatever became of it. A reminder is the round's when it asked for the round
-- (reminder_round, V26); one queued before that table when it was sent on a day of the round's collection
-- period. An accepted file is the round's when it brought results of it (submission_round, V19); a rejected or
-- duplicate file says no plan or year, so it is the round's when received in the collection period: from the
-- round's opening to the opening of the plan's next round (open-ended when none). Without a round, only the
-- accepted files of the year count. Reminders and files under a former name (before departments.csv renamed the
-- 課) are the renamed 課's: a rename neither restarts its count nor hides its last file; a day counts once.
-- Parameters: departments (text[]), department (or null) twice, plan, year, period start and end as dates (or
-- null) twice each, plan, year, the same period as timestamps twice each.
-- name: departmentActivity
with asked as (
    select unnest(?::text[]) as department_name
),
names as (
    select a.department_name, a.department_name || coalesce(d.former_names, '{}') as names
      from asked a
      left join department d on d.department_name = a.department_name
),
known as (
    select n.department_name, k.name
      from names n
     cross join lateral unnest(n.names) as k(name)
     where ?::text is null or n.department_name = ?
),
reminded as (
    select k.department_name,
           count(distinct split_part(m.dedup_key, '/', 3))   as reminders,
           max(split_part(m.dedup_key, '/', 3)::date)       as last_reminder_on
      from outbox_mail m
      join known k on k.name = split_part(m.dedup_key, '/', 2)
     where m.kind = 'reminder' and m.status = 'sent'
       and (exists (select 1 from reminder_round rr
                     where rr.mail_id = m.mail_id and rr.plan_code = ? and rr.fiscal_year = ?)
            or (not exists (select 1 from reminder_round rr where rr.mail_id = m.mail_id)
                and ?::date is not null and split_part(m.dedup_key, '/', 3)::date >= ?
                and (?::date is null or split_part(m.dedup_key, '/', 3)::date < ?)))
     group by 1
),
files as (
    select n.department_name, s.submission_id, s.receipt_no, s.received_at, s.status
      from names n
      join submission s on s.department_name = any(n.names)
     where case when s.status = 'accepted'
                then exists (select 1 from submission_round t
                              where t.submission_id = s.submission_id and t.plan_code = ? and t.fiscal_year = ?)
                else ?::timestamptz is not null and s.received_at >= ?
                     and (?::timestamptz is null or s.received_at < ?) end
)
select n.department_name, coalesce(r.reminders, 0) as reminders, r.last_reminder_on,
       (select count(*) from files x
         where x.department_name = n.department_name and x.status = 'rejected'
           and x.received_at > coalesce((select max(y.received_at) from files y
                                          where y.department_name = n.department_name
                                            and y.status = 'accepted'), '-infinity')) as rejected_since_accepted,
       l.receipt_no, l.received_at, l.status
  from names n
  left join reminded r on r.department_name = n.department_name
  left join lateral (select f.receipt_no, f.received_at, f.status from files f
                      where f.department_name = n.department_name
                      order by f.received_at desc, f.submission_id desc limit 1) l on true

-- A department's indicators of the plan in a year (each with its 課 as the plan writes them, V21), as the
-- committee grades them (the evaluation's current
-- result, as in the view indicator_status), with the 課 that reported it by its current name (of a shared
-- indicator, maybe another owner), the texts and the file that brought the current value, and
-- the committee's final grade where set (V15: grade stays the computed one, counted_grade is the one counted;
-- V38: final_level its step where not its grade's first).
-- Parameters: year, plan, department.
-- name: departmentIndicators
select i.indicator_code, i.name, i.unit, i.value_kind, i.direction,
       array(select x.department_name from indicator_department x
              where x.plan_code = i.plan_code and x.indicator_code = i.indicator_code
              order by x.ordinal nulls last, x.department_name) as departments,
       t.target_text, t.target_value, t.target_kind, coalesce(e.target_set, false) as target_set, e.effective_target,
       r.actual_text, r.actual_value, r.approximate, e.rate, round(e.rate) as rate_percent, e.grade, e.grade_level,
       coalesce(e.flags, '{}') as flags, r.self_assessment, r.self_assessment_text,
       r.status_text, r.outcome_text, r.next_steps_text, r.version,
       coalesce(ra.department_name, r.department_name) as reported_by, -- by its current name
       s.submission_id, s.receipt_no, s.received_at, s.source_name, s.channel,
       (s.archived_path is not null
        and not exists (select 1 from folder_refusal u where u.submission_id = s.submission_id
                                                   and u.kind = 'unarchivable' and u.cleared_at is null)) as archived,
       o.final_grade, o.reason as override_reason, coalesce(o.final_grade, e.grade) as counted_grade,
       o.final_level
  from indicator_department d
  join indicator i on i.plan_code = d.plan_code and i.indicator_code = d.indicator_code and i.active
  left join evaluation e on e.plan_code = i.plan_code and e.indicator_code = i.indicator_code and e.fiscal_year = ?
  left join target t on t.plan_code = i.plan_code and t.indicator_code = i.indicator_code
                    and t.fiscal_year = e.fiscal_year
  left join result r on r.result_id = e.result_id
  left join department_name_alias ra on ra.name = r.department_name
  left join submission s on s.submission_id = r.submission_id
  left join grade_override o on o.plan_code = e.plan_code and o.indicator_code = e.indicator_code
                            and o.fiscal_year = e.fiscal_year
 where d.plan_code = ? and d.department_name = ?
 order by i.sort_order

-- The indicator's master data with its goal and initiative and the departments that own it, in the plan's
-- order of them (V21).
-- Parameters: plan, indicator.
-- name: indicator
select i.indicator_code, i.name, i.definition, i.unit, i.value_kind, i.direction, i.cumulative,
       i.baseline_text, i.baseline_value, i.final_goal, i.active,
       n.node_code as initiative_code, n.title as initiative_title, g.node_code as goal_code, g.title as goal_title,
       array(select x.department_name from indicator_department x
              where x.plan_code = i.plan_code and x.indicator_code = i.indicator_code
              order by x.ordinal nulls last, x.department_name) as departments,
       p.fy_from, p.fy_to
  from indicator i
  join plan p on p.plan_code = i.plan_code
  join plan_node n on n.plan_code = i.plan_code and n.node_code = i.initiative_code
  left join plan_node a on a.plan_code = n.plan_code and a.node_code = n.parent_code
  left join plan_node g on g.plan_code = a.plan_code and g.node_code = a.parent_code
 where i.plan_code = ? and i.indicator_code = ?

-- Every version of the indicator's value (one year, or every year with null) with where it came from.
-- The sender of a mailed file is the address its receipt went back to (the ingest path answers a mailed
-- file to its sender); a folder file's sender is its department's folder.
-- Parameters: plan, indicator, year (or null) twice.
-- archived: whether the archive has the file's original (not when it could not be archived, V35).
-- name: indicatorVersions
select r.fiscal_year, r.version, r.version = max(r.version) over (partition by r.fiscal_year) as current,
       r.actual_text, r.actual_value, r.approximate, r.self_assessment_text, r.status_text,
       r.department_name, r.sheet_name, r.row_no, r.column_ref, r.recorded_at,
       s.submission_id, s.receipt_no, s.source_name, s.channel, s.received_at,
       (s.archived_path is not null
        and not exists (select 1 from folder_refusal u where u.submission_id = s.submission_id
                                                   and u.kind = 'unarchivable' and u.cleared_at is null)) as archived,
       case when s.channel = 'mail'
            then (select o.recipients_to[1] from outbox_mail o
                   where o.submission_id = s.submission_id and o.kind = 'receipt'
                   order by o.mail_id limit 1)
            else s.department_name end as sender
  from result r
  join submission s on s.submission_id = r.submission_id
 where r.plan_code = ? and r.indicator_code = ?
   and (?::int is null or r.fiscal_year = ?)
 order by r.fiscal_year, r.version

-- Target and current actual of every fiscal year of the plan, for the chart, with the committee's final grade
-- where set (as in departmentIndicators).
-- Parameters: plan, indicator.
-- name: indicatorYears
select y.fiscal_year, t.target_text, t.target_value, t.target_kind, coalesce(e.target_set, false) as target_set,
       e.effective_target, r.actual_text, r.actual_value, e.rate, round(e.rate) as rate_percent, e.grade,
       e.grade_level, o.final_grade, o.reason as override_reason, coalesce(o.final_grade, e.grade) as counted_grade,
       o.final_level
  from indicator i
  join plan p on p.plan_code = i.plan_code
  cross join lateral generate_series(p.fy_from, p.fy_to) as y(fiscal_year)
  left join target t on t.plan_code = i.plan_code and t.indicator_code = i.indicator_code
                    and t.fiscal_year = y.fiscal_year
  left join evaluation e on e.plan_code = i.plan_code and e.indicator_code = i.indicator_code
                        and e.fiscal_year = y.fiscal_year
  left join result r on r.result_id = e.result_id
  left join grade_override o on o.plan_code = i.plan_code and o.indicator_code = i.indicator_code
                            and o.fiscal_year = y.fiscal_year
 where i.plan_code = ? and i.indicator_code = ?
 order by y.fiscal_year

-- Every file received and every mail that brought none (unknown sender, no usable attachment), newest
-- first, one page of them. Each branch stops at offset + limit rows along its own index on received_at,
-- so a page costs the same at 100,000 submissions as at 100.
-- A department's files include those it sent under a former name, before it was renamed (departments.csv).
-- Parameters: department (or null) three times, statuses (or null) twice, from (or null) twice, until (or
-- null) twice, offset + limit; the same for the mail branch; then offset and limit.
-- name: submissions
with page as (
    (select s.submission_id, s.receipt_no, s.source_name as file_name, s.channel, s.department_name,
            null::text as mail_sender, s.status, s.error_count, s.warning_count, s.row_count, s.received_at,
            null::text as subject, s.duplicate_of, null::text as message_key, s.archived_path
       from submission s
      where (?::text is null or s.department_name = ?
             or s.department_name in (select f.name from department_name_alias f where f.department_name = ?))
        and (?::text[] is null or s.status = any(?))
        and (?::timestamptz is null or s.received_at >= ?)
        and (?::timestamptz is null or s.received_at < ?)
      order by s.received_at desc, s.submission_id desc
      limit ?)
    union all
    (select null, null, array_to_string(m.attachment_names, ', '), 'mail', m.department_name,
            m.from_address, m.outcome, cardinality(m.problems), 0, 0, m.received_at,
            m.subject, null, m.message_key, null
       from mail_message m
      where m.outcome <> 'processed'
        and (?::text is null or m.department_name = ?
             or m.department_name in (select f.name from department_name_alias f where f.department_name = ?))
        and (?::text[] is null or m.outcome = any(?))
        and (?::timestamptz is null or m.received_at >= ?)
        and (?::timestamptz is null or m.received_at < ?)
      order by m.received_at desc, m.message_key desc
      limit ?)
    order by received_at desc, submission_id desc nulls last, message_key desc
    offset ? limit ?
)
select p.submission_id, p.receipt_no, p.file_name, p.channel, p.department_name,
       coalesce(p.mail_sender,
                case when p.channel = 'mail'
                     then (select o.recipients_to[1] from outbox_mail o
                            where o.submission_id = p.submission_id and o.kind = 'receipt'
                            order by o.mail_id limit 1)
                     else p.department_name end) as sender,
       p.status, p.error_count, p.warning_count, p.row_count, p.received_at, p.subject,
       d.receipt_no as duplicate_of_receipt_no, p.message_key,
       -- whether the archive has the original (not when it could not be archived, V35): for the page's lines only
       (p.archived_path is not null
        and not exists (select 1 from folder_refusal u where u.submission_id = p.submission_id
                                                   and u.kind = 'unarchivable' and u.cleared_at is null)) as archived
  from page p
  left join submission d on d.submission_id = p.duplicate_of
 order by p.received_at desc, p.submission_id desc nulls last, p.message_key desc

-- A submission's archived original and receipt, with the folders they may be in: the department's own
-- and its former names' (a file dropped in a renamed department's old folder is archived there).
-- Parameters: submission id.
-- name: submissionIdByReceipt
select submission_id from submission where receipt_no = ?

-- name: submissionFile
select s.submission_id, s.receipt_no, s.department_name, s.channel, s.source_name, s.status, s.received_at,
       s.archived_path, coalesce(d.former_names, '{}') as former_names, s.receipt_text
  from submission s
  left join department d on d.department_name = s.department_name
 where s.submission_id = ?
