-- The newest version of each result (as the view result_current, which predates self_assessment_level).
-- name: currentResults
select distinct on (plan_code, indicator_code, fiscal_year)
       result_id, plan_code, indicator_code, fiscal_year, version, actual_value, actual_text, approximate,
       status_text, outcome_text, next_steps_text, self_assessment, self_assessment_text, department_name,
       submission_id, sheet_name, row_no, column_ref, self_assessment_level
from result where plan_code = ?
order by plan_code, indicator_code, fiscal_year, version desc

-- name: deleteEvaluations
delete from evaluation where plan_code = ?

-- name: insertEvaluation
insert into evaluation (plan_code, indicator_code, fiscal_year, target_set, effective_target, result_id, rate,
                        grade, flags, grade_level)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- The rows of the file being loaded, streamed in by COPY as they are read and checked (ResultStaging).
-- ord is the row's place in the file; code_* name its 指標コード cell, where a repeated row is reported.
-- Dropped when the load's transaction ends, whether it commits or not.
-- name: createStagedResults
create temp table staged_result (
    ord                  int  not null,
    plan_code            text not null,
    indicator_code       text not null,
    fiscal_year          int  not null,
    actual_value         numeric,
    actual_text          text,
    approximate          boolean not null,
    status_text          text,
    outcome_text         text,
    next_steps_text      text,
    self_assessment      text,
    self_assessment_text text,
    sheet_name           text,
    row_no               int,
    column_ref           text,
    code_column          text,
    code_text            text,
    self_assessment_level smallint,
    status_column        text,
    assessment_column    text,
    shared               boolean not null default false, -- of an indicator more than one 課 reports
    omitted              smallint not null default 0     -- optional entries the row's table has no column for
) on commit drop

-- The load's sorts (its rows in file order, for the merge and the evaluation) and hashes hold a large file's
-- rows: with the default 4 MB they spill to disk. Until the load's transaction ends.
-- name: loadWorkMem
set local work_mem = '64MB'

-- name: analyzeStagedResults
analyze staged_result

-- Rows repeating the indicator and year of an earlier row, in file order, each with the first such row and
-- whether it says the same (as ResultRow.sameContentAs: 20 and 20.0 are the same value).
-- name: repeatedStagedRows
select l.ord, l.sheet_name, l.row_no, l.code_column, l.code_text, f.sheet_name as first_sheet,
       f.row_no as first_row,
       result_content_same(l.actual_value, l.actual_text, l.status_text, l.outcome_text,
                           l.next_steps_text, l.self_assessment, l.self_assessment_level,
                           f.actual_value, f.actual_text, f.status_text, f.outcome_text,
                           f.next_steps_text, f.self_assessment, f.self_assessment_level) as same_content
  from (select plan_code, indicator_code, fiscal_year, min(ord) as first_ord
          from staged_result
         group by plan_code, indicator_code, fiscal_year
        having count(*) > 1) k
  join staged_result f on f.ord = k.first_ord
  join staged_result l on l.plan_code = k.plan_code and l.indicator_code = k.indicator_code
                      and l.fiscal_year = k.fiscal_year and l.ord > k.first_ord
 order by l.ord

-- Keeps the first row of each indicator and year: the one that is loaded (the repeats were reported).
-- name: dropRepeatedStagedRows
delete from staged_result l
 using (select plan_code, indicator_code, fiscal_year, min(ord) as first_ord
          from staged_result
         group by plan_code, indicator_code, fiscal_year
        having count(*) > 1) k
 where l.plan_code = k.plan_code and l.indicator_code = k.indicator_code and l.fiscal_year = k.fiscal_year
   and l.ord > k.first_ord

-- Rows of a shared indicator whose current result another 課 reported, that leave blank an entry of that report
-- its grade and completeness come from (実績値, 取組状況, 自己評価): the 課's template showed the line blank
-- (templates.sql), so it could not see what the row would erase. A row giving those is a report of its own and
-- replaces the other's whole; a line left wholly blank is not staged. In file order, with the entries left blank.
-- Parameters: the 課 (its current name; its former names count as its own), how many rows at most.
-- name: partialRowsOverAnotherReport
select s.sheet_name, s.row_no, s.code_column, s.code_text, c.department_name as reported_by,
       s.actual_text is null and c.actual_text is not null as actual_left,
       s.status_text is null and c.status_text is not null as status_left,
       s.self_assessment_text is null and c.self_assessment_text is not null as assessment_left
  from staged_result s
  join lateral current_result(s.plan_code, s.indicator_code, s.fiscal_year) c on true
 where s.shared
   and not exists (select 1 from department_name_alias a where a.name = c.department_name and a.department_name = ?)
   and ((s.actual_text is null and c.actual_text is not null)
        or (s.status_text is null and c.status_text is not null)
        or (s.self_assessment_text is null and c.self_assessment_text is not null))
 order by s.ord
 limit ?

-- A row whose table has no column for an optional entry (成果と課題 1, 今後の取組 2, 自己評価 4: ResultRow.omitted)
-- keeps what the 課 itself reported there: a file of 指標コード, 実績値 and 取組状況 corrects those, and does not
-- erase the rest. Not taken from another 課's report of a shared indicator (a row is a report of its own, see
-- partialRowsOverAnotherReport). Under the plans' load locks. Parameter: the 課 (a current or former name).
-- name: keepOmittedEntries
update staged_result s
   set (outcome_text, next_steps_text, self_assessment, self_assessment_text, self_assessment_level) =
       (select case when s.omitted & 1 <> 0 then c.outcome_text else s.outcome_text end,
               case when s.omitted & 2 <> 0 then c.next_steps_text else s.next_steps_text end,
               case when s.omitted & 4 <> 0 then c.self_assessment else s.self_assessment end,
               case when s.omitted & 4 <> 0 then c.self_assessment_text else s.self_assessment_text end,
               case when s.omitted & 4 <> 0 then c.self_assessment_level else s.self_assessment_level end
          from current_result(s.plan_code, s.indicator_code, s.fiscal_year) c)
 where s.omitted <> 0
   and exists (select 1 from current_result(s.plan_code, s.indicator_code, s.fiscal_year) c
                where same_department(c.department_name, ?))

-- name: stagedPlans
select distinct plan_code from staged_result order by plan_code

-- One statement for the whole file: a new version (the current one + 1) of each staged row whose content
-- differs from the current version (as ResultRow.sameContentAs), nothing where it is the same. Returns how
-- many versions were added and, from the previous versions read in the same snapshot, the first ? rows whose
-- shown value or self-assessment changed (「旧 → 新」 in the receipt) with their total; one row even when nothing
-- changed. A self-assessment counts as changed when its grade or level did, not its wording (A:目標を達成 → A).
-- A version following another 課's report (a shared indicator) names that 課 (reported_by), and replaced /
-- replaced_of count all such versions, also those whose value stayed, and name their 課.
-- Parameters: department, submission, how many changed values to list.
-- name: mergeStagedResults
with inserted as (
    insert into result (plan_code, indicator_code, fiscal_year, version, actual_value, actual_text, approximate,
                        status_text, outcome_text, next_steps_text, self_assessment, self_assessment_text,
                        department_name, submission_id, sheet_name, row_no, column_ref, self_assessment_level,
                        recorded_at)
    select s.plan_code, s.indicator_code, s.fiscal_year, coalesce(c.version, 0) + 1, s.actual_value,
           s.actual_text, s.approximate, s.status_text, s.outcome_text, s.next_steps_text, s.self_assessment,
           s.self_assessment_text, ?, ?, s.sheet_name, s.row_no, s.column_ref, s.self_assessment_level,
           statement_timestamp() -- after the plan's load lock, not when the file began to be read (review.sql)
      from staged_result s
      left join lateral current_result(s.plan_code, s.indicator_code, s.fiscal_year) c on true
     where c.version is null
        or not result_content_same(s.actual_value, s.actual_text, s.status_text, s.outcome_text,
                                   s.next_steps_text, s.self_assessment, s.self_assessment_level,
                                   c.actual_value, c.actual_text, c.status_text, c.outcome_text,
                                   c.next_steps_text, c.self_assessment, c.self_assessment_level)
     order by s.ord
    returning result_id, plan_code, indicator_code, fiscal_year, version, actual_text, actual_value,
              self_assessment, self_assessment_level, self_assessment_text, department_name
),
-- each new version with the one it follows; of a shared indicator whose previous version another 課 reported,
-- that 課 by its current name (reported_by; null where it was this 課's own, under its current or a former name)
previous as (
    select i.result_id, i.plan_code, i.indicator_code, i.fiscal_year, i.actual_text, i.actual_value,
           i.self_assessment, i.self_assessment_level, i.self_assessment_text,
           p.actual_text as old_text, p.self_assessment as old_grade, p.self_assessment_level as old_level,
           p.self_assessment_text as old_assessment_text,
           case when p.department_name <> i.department_name and not same_department(p.department_name, i.department_name)
                then coalesce((select a.department_name from department_name_alias a where a.name = p.department_name),
                              p.department_name) end as reported_by
      from inserted i
      join result p on p.plan_code = i.plan_code and p.indicator_code = i.indicator_code
                   and p.fiscal_year = i.fiscal_year and p.version = i.version - 1
     where i.version > 1 -- a first version changed no value
),
updated as (
    select result_id, plan_code, indicator_code, fiscal_year, old_text, actual_text as new_text,
           actual_value as new_value,
           case when (old_grade, old_level) is distinct from (self_assessment, self_assessment_level)
                then coalesce(old_assessment_text, '－') end as old_assessment,
           case when (old_grade, old_level) is distinct from (self_assessment, self_assessment_level)
                then coalesce(self_assessment_text, '－') end as new_assessment,
           reported_by
      from previous
     where coalesce(old_text, '－') <> coalesce(actual_text, '－')
        or (old_grade, old_level) is distinct from (self_assessment, self_assessment_level)
)
select n.added, n.replaced, n.replaced_of, u.plan_code, u.indicator_code, u.fiscal_year, u.old_text, u.new_text,
       u.new_value, u.old_assessment, u.new_assessment, u.reported_by, u.updated
  from (select (select count(*) from inserted) as added,
               (select count(*) from previous where reported_by is not null) as replaced,
               array(select reported_by from previous where reported_by is not null
                      group by reported_by order by min(result_id)) as replaced_of) n
  left join lateral (select *, count(*) over () as updated from updated order by result_id limit ?) u on true
 order by u.result_id

-- After a merge that replaced another 課's report of a shared indicator (mergeStagedResults, replaced > 0): the
-- versions the file added there, each with the one it replaced and that 課 by its current name, by 課 and in file
-- order; total counts that 課's, also those past the limit. Parameters: submission, how many rows per 課 at most.
-- name: replacedReports
select reported_by, plan_code, indicator_code, indicator_name, fiscal_year, old_text, new_text, old_assessment,
       new_assessment, total
  from (select coalesce(a.department_name, p.department_name) as reported_by, s.ord, c.plan_code, c.indicator_code,
               i.name as indicator_name, c.fiscal_year, p.actual_text as old_text, c.actual_text as new_text,
               p.self_assessment_text as old_assessment, c.self_assessment_text as new_assessment,
               row_number() over w as n, count(*) over (partition by coalesce(a.department_name, p.department_name)) as total
          from staged_result s
          join lateral current_result(s.plan_code, s.indicator_code, s.fiscal_year) c on true
          join result p on p.plan_code = c.plan_code and p.indicator_code = c.indicator_code
                       and p.fiscal_year = c.fiscal_year and p.version = c.version - 1
          join indicator i on i.plan_code = c.plan_code and i.indicator_code = c.indicator_code
          left join department_name_alias a on a.name = p.department_name
         where c.submission_id = ?
           and p.department_name <> c.department_name
           and not exists (select 1 from department_name_alias x
                             join department_name_alias y on y.department_name = x.department_name
                            where x.name = p.department_name and y.name = c.department_name)
        window w as (partition by coalesce(a.department_name, p.department_name) order by s.ord)) r
 where n <= ?
 order by reported_by, ord

-- The rounds the merged file held results of, for the review (V19): every staged row counts, also one that
-- said what was stored. Parameters: submission, department.
-- name: recordStagedRounds
insert into submission_round (submission_id, plan_code, fiscal_year, department_name, taken_at)
select ?::bigint, s.plan_code, s.fiscal_year, ?::text, statement_timestamp() -- under the load lock, as recorded_at
  from staged_result s
 group by s.plan_code, s.fiscal_year

-- The keys a load touched, with what their evaluation needs: each staged row's indicator and year (with the
-- cells its flags are shown at: the actual's, the 取組状況's, the self-assessment's) and the next year of the same indicator (whose relative target and plausibility
-- checks use this year's actual); for each, its current result and the previous year's actual. In file order.
-- name: touchedResults
with touched as (
    select s.ord, s.plan_code, s.indicator_code, s.fiscal_year, s.sheet_name, s.row_no, s.column_ref,
           s.actual_text as cell_text, s.status_column, s.assessment_column
      from staged_result s
    union all
    select s.ord, s.plan_code, s.indicator_code, s.fiscal_year + 1, null, null, null, null, null, null
      from staged_result s
     where not exists (select 1 from staged_result n
                        where n.plan_code = s.plan_code and n.indicator_code = s.indicator_code
                          and n.fiscal_year = s.fiscal_year + 1)
       -- only where next year depends on this one: its target is relative to this year's actual, or its
       -- result is checked against this year's (plausibility); otherwise its evaluation cannot change
       and (exists (select 1 from target t
                     where t.plan_code = s.plan_code and t.indicator_code = s.indicator_code
                       and t.fiscal_year = s.fiscal_year + 1
                       and t.target_kind in ('relative_increase', 'relative_decrease'))
            or exists (select 1 from result r
                        where r.plan_code = s.plan_code and r.indicator_code = s.indicator_code
                          and r.fiscal_year = s.fiscal_year + 1))
)
select t.plan_code, t.indicator_code, t.fiscal_year, t.sheet_name, t.row_no, t.column_ref, t.cell_text,
       t.status_column, t.assessment_column,
       c.result_id, c.actual_value, c.actual_text, c.approximate, c.status_text, c.self_assessment,
       c.self_assessment_text, c.self_assessment_level, p.actual_value as previous_actual_value, p.result_id as previous_result_id
  from touched t
  left join lateral current_result(t.plan_code, t.indicator_code, t.fiscal_year) c on true
  left join lateral current_result(t.plan_code, t.indicator_code, t.fiscal_year - 1) p on true
 order by t.ord, t.fiscal_year

-- Evaluations of the touched keys, streamed in by COPY and written with one upsert (EvaluationStaging).
-- name: createStagedEvaluations
create temp table staged_evaluation (
    plan_code        text not null,
    indicator_code   text not null,
    fiscal_year      int  not null,
    target_set       boolean not null,
    effective_target numeric,
    result_id        bigint,
    rate             numeric,
    grade            text,
    flags            text[] not null,
    grade_level      smallint
) on commit drop

-- Rows whose evaluation is the same are left alone: the count says whether the plan's evaluation changed.
-- name: upsertStagedEvaluations
insert into evaluation as e (plan_code, indicator_code, fiscal_year, target_set, effective_target, result_id,
                             rate, grade, flags, grade_level)
select plan_code, indicator_code, fiscal_year, target_set, effective_target, result_id, rate, grade, flags,
       grade_level
  from staged_evaluation
    on conflict (plan_code, indicator_code, fiscal_year) do update
   set target_set = excluded.target_set, effective_target = excluded.effective_target,
       result_id = excluded.result_id, rate = excluded.rate, grade = excluded.grade, flags = excluded.flags,
       grade_level = excluded.grade_level, evaluated_at = now()
 where (e.target_set, e.effective_target, e.result_id, e.rate, e.grade, e.flags, e.grade_level)
       is distinct from (excluded.target_set, excluded.effective_target, excluded.result_id, excluded.rate,
                         excluded.grade, excluded.flags, excluded.grade_level)

-- Plans whose evaluation has been computed whole at least once (by a refresh): only those can be kept up
-- to date key by key.
-- name: evaluatedPlans
select plan_code from evaluation_version where plan_code = any(?)

-- Every change of a plan's evaluation, in its transaction: the console keeps the plan's board until this
-- changes (console.sql, evaluationVersion).
-- name: bumpEvaluationVersion
insert into evaluation_version (plan_code, version) values (?, 1)
    on conflict (plan_code) do update set version = evaluation_version.version + 1

-- The collector's own tables, all of them (PlannerStatistics): the reports join what loads wrote with the
-- master data a start may just have written, and statistics of only some of them mislead the planner more
-- than none. Only those in its schema it owns: others on a shared server are not its to analyse.
-- name: ownTables
select format('%I.%I', schemaname, tablename) from pg_tables
 where schemaname = current_schema() and tableowner = current_user
 order by tablename
