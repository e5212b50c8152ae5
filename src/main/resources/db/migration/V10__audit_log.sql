-- What people did through the collector: every review action, grade override, closing and reopening of a
-- round, sign-in and change of a console user, with who, when, what, and the state before and after.
-- Kept for good: the application only ever inserts, and the triggers below refuse any change or removal,
-- whoever asks, so that the log can be shown to an auditor as it was written.
create table audit_log (
    audit_id        bigserial primary key,
    recorded_at     timestamptz not null default now(),
    actor           text not null,              -- a console login, or 'system' for what the collector noticed
    actor_role      text,                       -- admin / viewer / department at the time
    action          text not null,
    plan_code       text,
    fiscal_year     int,
    department_name text,
    indicator_code  text,
    before_state    jsonb,
    after_state     jsonb,
    remote_address  text
);

create index audit_log_recent on audit_log (recorded_at desc, audit_id desc);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % refused', tg_op;
end $$;

create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only();

-- The console users as last recorded in the audit log, so that a change of config/users.csv (by the users
-- command or by hand, while the service ran or not) is recorded once, by whichever instance sees it first.
-- Only a fingerprint of the password hash is kept: enough to see that the password changed.
create table console_user_state (
    login                text primary key,
    display_name         text not null,
    role                 text not null,
    department_name      text,
    password_fingerprint text not null
);
