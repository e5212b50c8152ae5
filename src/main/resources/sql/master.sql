-- name: upsertPlan
insert into plan (plan_code, municipality, plan_name, fy_from, fy_to, admin_department, admin_email,
                  achieved_threshold, mostly_threshold, grading, synced_at)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
on conflict (plan_code) do update set
    municipality = excluded.municipality, plan_name = excluded.plan_name, fy_from = excluded.fy_from,
    fy_to = excluded.fy_to, admin_department = excluded.admin_department, admin_email = excluded.admin_email,
    achieved_threshold = excluded.achieved_threshold, mostly_threshold = excluded.mostly_threshold,
    grading = excluded.grading, synced_at = now()

-- name: upsertDepartment
insert into department (department_name, former_names, emails, allowed_senders, notes)
values (?, ?, ?, ?, ?)
on conflict (department_name) do update set
    former_names = excluded.former_names, emails = excluded.emails,
    allowed_senders = excluded.allowed_senders, notes = excluded.notes

-- name: upsertNode
insert into plan_node (plan_code, node_code, level, parent_code, title, sort_order)
values (?, ?, ?, ?, ?, ?)
on conflict (plan_code, node_code) do update set
    level = excluded.level, parent_code = excluded.parent_code, title = excluded.title,
    sort_order = excluded.sort_order

-- name: deleteActions
delete from plan_action where plan_code = ?

-- name: insertAction
insert into plan_action (plan_code, initiative_code, action_no, action_text, departments) values (?, ?, ?, ?, ?)

-- name: insertActionYear
insert into plan_action_year (plan_code, initiative_code, action_no, fiscal_year, plan_text) values (?, ?, ?, ?, ?)

-- name: deactivateIndicators
update indicator set active = false where plan_code = ?

-- name: upsertIndicator
insert into indicator (plan_code, indicator_code, initiative_code, name, definition, unit, value_kind, direction,
                       cumulative, baseline_text, baseline_value, min_value, max_value, final_goal, notes,
                       sort_order, active)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true)
on conflict (plan_code, indicator_code) do update set
    initiative_code = excluded.initiative_code, name = excluded.name, definition = excluded.definition,
    unit = excluded.unit, value_kind = excluded.value_kind, direction = excluded.direction,
    cumulative = excluded.cumulative, baseline_text = excluded.baseline_text,
    baseline_value = excluded.baseline_value, min_value = excluded.min_value, max_value = excluded.max_value,
    final_goal = excluded.final_goal, notes = excluded.notes, sort_order = excluded.sort_order, active = true

-- name: deleteIndicatorDepartments
delete from indicator_department where plan_code = ?

-- name: insertIndicatorDepartment
insert into indicator_department (plan_code, indicator_code, department_name) values (?, ?, ?)

-- name: deleteTargets
delete from target where plan_code = ?

-- name: insertTarget
insert into target (plan_code, indicator_code, fiscal_year, target_text, target_value, target_kind)
values (?, ?, ?, ?, ?, ?)
