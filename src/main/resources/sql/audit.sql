-- The audit log (V10): inserted, read, never changed.

-- name: insert
insert into audit_log (actor, actor_role, action, plan_code, fiscal_year, department_name, indicator_code,
                       before_state, after_state, remote_address)
values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)

-- Newest first, a page at a time. Parameters: limit, offset.
-- name: page
select audit_id, recorded_at, actor, actor_role, action, plan_code, fiscal_year, department_name,
       indicator_code, before_state::text as before_state, after_state::text as after_state, remote_address
  from audit_log
 order by recorded_at desc, audit_id desc
 limit ? offset ?

-- name: count
select count(*) from audit_log

-- Serialises the comparison of users.csv with the last recorded users between instances.
-- name: lockUserState
select pg_advisory_xact_lock(hashtext('console-user-state'))

-- name: userStates
select login, display_name, role, department_name, password_fingerprint from console_user_state

-- name: upsertUserState
insert into console_user_state (login, display_name, role, department_name, password_fingerprint)
values (?, ?, ?, ?, ?)
on conflict (login) do update
   set display_name = excluded.display_name, role = excluded.role,
       department_name = excluded.department_name, password_fingerprint = excluded.password_fingerprint

-- name: deleteUserState
delete from console_user_state where login = ?
