-- Master data from config/, synchronised set-based (MasterDataSync): the changed scope's rows are copied into
-- temporary stage tables, then merged by the statements below. Every merge writes only rows that differ, so
-- a plan whose one target changed rewrites that target's row and nothing else.

-- name: lock
select pg_advisory_xact_lock(hashtext('master-data-sync'))

-- name: storedHashes
select scope, content_hash, file_fingerprint from master_data_hash

-- name: saveHash
insert into master_data_hash (scope, content_hash, file_fingerprint, synced_at)
values (?, ?, ?, now())
on conflict (scope) do update set
    content_hash = excluded.content_hash, file_fingerprint = excluded.file_fingerprint, synced_at = now()
where (master_data_hash.content_hash, master_data_hash.file_fingerprint)
      is distinct from (excluded.content_hash, excluded.file_fingerprint)

-- Created once per transaction, emptied before each further plan.
-- name: createStageTables
create temp table if not exists stage_department (
    department_name text, former_names text[], emails text[], allowed_senders text[], notes text, sort_order int
) on commit drop;
create temp table if not exists stage_plan_node (
    node_code text, level text, parent_code text, title text, sort_order int
) on commit drop;
create temp table if not exists stage_plan_action (
    initiative_code text, action_no int, action_text text, departments text[]
) on commit drop;
create temp table if not exists stage_plan_action_year (
    initiative_code text, action_no int, fiscal_year int, plan_text text
) on commit drop;
create temp table if not exists stage_indicator (
    indicator_code text, initiative_code text, name text, definition text, unit text, value_kind text,
    direction text, cumulative boolean, baseline_text text, baseline_value numeric, min_value numeric,
    max_value numeric, final_goal text, notes text, sort_order int
) on commit drop;
create temp table if not exists stage_indicator_department (
    indicator_code text, department_name text, ordinal int
) on commit drop;
create temp table if not exists stage_target (
    indicator_code text, fiscal_year int, target_text text, target_value numeric, target_kind text
) on commit drop;

-- name: truncateStageTables
truncate stage_department, stage_plan_node, stage_plan_action, stage_plan_action_year, stage_indicator,
         stage_indicator_department, stage_target

-- Temporary tables have no statistics of their own: without them the merges below may plan nested loops.
-- name: analyzeStageTables
analyze stage_plan_node, stage_plan_action, stage_plan_action_year, stage_indicator, stage_indicator_department,
        stage_target

-- Every name the database knows a 課 by: history keeps the name a 課 had when it was recorded.
-- name: departmentNames
select department_name from department order by department_name

-- sort_order: the row's place in departments.csv, the organisation order lists of 課 follow (V21).
-- name: mergeDepartments
insert into department (department_name, former_names, emails, allowed_senders, notes, sort_order)
select department_name, former_names, emails, allowed_senders, notes, sort_order from stage_department
on conflict (department_name) do update set
    former_names = excluded.former_names, emails = excluded.emails,
    allowed_senders = excluded.allowed_senders, notes = excluded.notes, sort_order = excluded.sort_order
where (department.former_names, department.emails, department.allowed_senders, department.notes,
       department.sort_order)
      is distinct from (excluded.former_names, excluded.emails, excluded.allowed_senders, excluded.notes,
                        excluded.sort_order)

-- A department no longer in departments.csv stays (results name it) without a place: it is listed last.
-- name: unorderDepartmentsGone
update department d set sort_order = null
 where d.sort_order is not null
   and not exists (select 1 from stage_department s where s.department_name = d.department_name)

-- name: upsertPlan
insert into plan (plan_code, municipality, plan_name, fy_from, fy_to, admin_department, admin_email,
                  achieved_threshold, mostly_threshold, grading, grade_labels, grade_thresholds, synced_at)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
on conflict (plan_code) do update set
    municipality = excluded.municipality, plan_name = excluded.plan_name, fy_from = excluded.fy_from,
    fy_to = excluded.fy_to, admin_department = excluded.admin_department, admin_email = excluded.admin_email,
    achieved_threshold = excluded.achieved_threshold, mostly_threshold = excluded.mostly_threshold,
    grading = excluded.grading, grade_labels = excluded.grade_labels,
    grade_thresholds = excluded.grade_thresholds, synced_at = now()

-- Parameters of every statement below: plan.
-- Nodes removed from structure.csv stay (indicators of old results may refer to them), as before.
-- name: mergeNodes
insert into plan_node (plan_code, node_code, level, parent_code, title, sort_order)
select ?, node_code, level, parent_code, title, sort_order from stage_plan_node
on conflict (plan_code, node_code) do update set
    level = excluded.level, parent_code = excluded.parent_code, title = excluded.title, sort_order = excluded.sort_order
where (plan_node.level, plan_node.parent_code, plan_node.title, plan_node.sort_order)
      is distinct from (excluded.level, excluded.parent_code, excluded.title, excluded.sort_order)

-- name: deleteActionYearsGone
delete from plan_action_year y
 where y.plan_code = ?
   and not exists (select 1 from stage_plan_action_year s
                    where s.initiative_code = y.initiative_code and s.action_no = y.action_no
                      and s.fiscal_year = y.fiscal_year)

-- name: deleteActionsGone
delete from plan_action a
 where a.plan_code = ?
   and not exists (select 1 from stage_plan_action s
                    where s.initiative_code = a.initiative_code and s.action_no = a.action_no)

-- name: mergeActions
insert into plan_action (plan_code, initiative_code, action_no, action_text, departments)
select ?, initiative_code, action_no, action_text, departments from stage_plan_action
on conflict (plan_code, initiative_code, action_no) do update set
    action_text = excluded.action_text, departments = excluded.departments
where (plan_action.action_text, plan_action.departments) is distinct from (excluded.action_text, excluded.departments)

-- name: mergeActionYears
insert into plan_action_year (plan_code, initiative_code, action_no, fiscal_year, plan_text)
select ?, initiative_code, action_no, fiscal_year, plan_text from stage_plan_action_year
on conflict (plan_code, initiative_code, action_no, fiscal_year) do update set plan_text = excluded.plan_text
where plan_action_year.plan_text is distinct from excluded.plan_text

-- An indicator removed from indicators.csv is kept, inactive: results refer to it.
-- name: deactivateIndicatorsGone
update indicator i set active = false
 where i.plan_code = ? and i.active
   and not exists (select 1 from stage_indicator s where s.indicator_code = i.indicator_code)

-- name: mergeIndicators
insert into indicator (plan_code, indicator_code, initiative_code, name, definition, unit, value_kind, direction,
                       cumulative, baseline_text, baseline_value, min_value, max_value, final_goal, notes,
                       sort_order, active)
select ?, indicator_code, initiative_code, name, definition, unit, value_kind, direction, cumulative, baseline_text,
       baseline_value, min_value, max_value, final_goal, notes, sort_order, true
  from stage_indicator
on conflict (plan_code, indicator_code) do update set
    initiative_code = excluded.initiative_code, name = excluded.name, definition = excluded.definition,
    unit = excluded.unit, value_kind = excluded.value_kind, direction = excluded.direction,
    cumulative = excluded.cumulative, baseline_text = excluded.baseline_text,
    baseline_value = excluded.baseline_value, min_value = excluded.min_value, max_value = excluded.max_value,
    final_goal = excluded.final_goal, notes = excluded.notes, sort_order = excluded.sort_order, active = true
where (indicator.initiative_code, indicator.name, indicator.definition, indicator.unit, indicator.value_kind,
       indicator.direction, indicator.cumulative, indicator.baseline_text, indicator.baseline_value,
       indicator.min_value, indicator.max_value, indicator.final_goal, indicator.notes, indicator.sort_order,
       indicator.active)
      is distinct from
      (excluded.initiative_code, excluded.name, excluded.definition, excluded.unit, excluded.value_kind,
       excluded.direction, excluded.cumulative, excluded.baseline_text, excluded.baseline_value,
       excluded.min_value, excluded.max_value, excluded.final_goal, excluded.notes, excluded.sort_order,
       excluded.active)

-- name: deleteIndicatorDepartmentsGone
delete from indicator_department d
 where d.plan_code = ?
   and not exists (select 1 from stage_indicator_department s
                    where s.indicator_code = d.indicator_code and s.department_name = d.department_name)

-- ordinal: the department's place in the indicator's responsible_departments, as the plan writes them (V21).
-- name: insertIndicatorDepartments
insert into indicator_department (plan_code, indicator_code, department_name, ordinal)
select ?, indicator_code, department_name, ordinal from stage_indicator_department
on conflict (plan_code, indicator_code, department_name) do update set ordinal = excluded.ordinal
where indicator_department.ordinal is distinct from excluded.ordinal

-- name: deleteTargetsGone
delete from target t
 where t.plan_code = ?
   and not exists (select 1 from stage_target s
                    where s.indicator_code = t.indicator_code and s.fiscal_year = t.fiscal_year)

-- name: mergeTargets
insert into target (plan_code, indicator_code, fiscal_year, target_text, target_value, target_kind)
select ?, indicator_code, fiscal_year, target_text, target_value, target_kind from stage_target
on conflict (plan_code, indicator_code, fiscal_year) do update set
    target_text = excluded.target_text, target_value = excluded.target_value, target_kind = excluded.target_kind
where (target.target_text, target.target_value, target.target_kind)
      is distinct from (excluded.target_text, excluded.target_value, excluded.target_kind)

-- Before the targets are merged: every target of a closed round (round_closure) that the new plan changes, adds
-- or removes is written to the audit log, with the grade as it stood (in the plan's words), so that a revised plan does
-- not silently change the figures already reported to the committee. A 「－」 year (kind none) is no target.
-- The number is shown only where the text alone would not show the change.
-- name: auditClosedTargetChanges
with closed as (
    select fiscal_year from round_closure where plan_code = ?
), old as (
    select t.indicator_code, t.fiscal_year, t.target_text, t.target_value, t.target_kind
      from target t join closed k on k.fiscal_year = t.fiscal_year
     where t.plan_code = ? and t.target_kind <> 'none'
), new as (
    select s.indicator_code, s.fiscal_year, s.target_text, s.target_value, s.target_kind
      from stage_target s join closed k on k.fiscal_year = s.fiscal_year
     where s.target_kind <> 'none'
), changed as (
    select coalesce(n.indicator_code, o.indicator_code) as indicator_code,
           coalesce(n.fiscal_year, o.fiscal_year) as fiscal_year,
           o.indicator_code is not null as had, o.target_text as old_text, o.target_value as old_value,
           n.indicator_code is not null as has, n.target_text as new_text, n.target_value as new_value,
           o.target_text is not distinct from n.target_text as same_text
      from old o full join new n on n.indicator_code = o.indicator_code and n.fiscal_year = o.fiscal_year
     where (o.target_text, o.target_value, o.target_kind) is distinct from (n.target_text, n.target_value, n.target_kind)
)
insert into audit_log (actor, action, plan_code, fiscal_year, indicator_code, before_state, after_state)
select 'system', 'closed_target_changed', ?, c.fiscal_year, c.indicator_code,
       jsonb_build_object('target', case when c.had then coalesce(c.old_text, c.old_value::text) end)
           || case when c.had and c.same_text then jsonb_build_object('target_value', c.old_value) else '{}' end
           || jsonb_build_object('computed_grade', coalesce(p.grade_labels[e.grade_level], e.grade)),
       jsonb_build_object('target', case when c.has then coalesce(c.new_text, c.new_value::text) end)
           || case when c.has and c.same_text then jsonb_build_object('target_value', c.new_value) else '{}' end
  from changed c
  left join evaluation e on e.plan_code = ? and e.indicator_code = c.indicator_code and e.fiscal_year = c.fiscal_year
  left join stage_indicator i on i.indicator_code = c.indicator_code
  left join plan p on p.plan_code = e.plan_code
 -- the audit page lists newest first: inserted in reverse so that it reads in plan order
 order by c.fiscal_year desc, i.sort_order desc nulls first, c.indicator_code desc
returning indicator_code, fiscal_year, before_state ->> 'target', after_state ->> 'target'
