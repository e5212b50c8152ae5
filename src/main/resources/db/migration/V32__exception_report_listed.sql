-- What each plan's exception report listed, written in the report's own transaction: a rejected file, and a
-- change of a closed round's target or grade (audit log), is in the first report of each plan that lists nothing
-- of it yet. Until now the report took what was recorded after its last report's created_at; both that and a
-- file's processed_at are the start of their transactions, so a file committed after a report's snapshot but
-- stamped before the report began fell between two reports and was never listed.
create table exception_report_rejected (
    plan_code     text not null,
    submission_id bigint not null references submission on delete cascade,
    listed_at     timestamptz not null default now(),
    primary key (plan_code, submission_id)
);

create table exception_report_change (
    plan_code text not null,
    audit_id  bigint not null,   -- audit_log is append-only, never deleted: no foreign key needed to keep this tidy
    listed_at timestamptz not null default now(),
    primary key (plan_code, audit_id)
);

-- The report's query reads a plan's closed-round changes by plan and entry, however long the audit log grows.
create index audit_log_closed_round_changes on audit_log (plan_code, audit_id)
    where action in ('closed_target_changed', 'closed_grade_changed');

-- What the reports before this version listed by the watermark counts as listed: each plan's last report
-- (its key is exception-report/<plan>/<date>) took everything recorded before it, so the first report after
-- the upgrade repeats none of it.
create temp table last_report on commit drop as
select split_part(dedup_key, '/', 2) as plan_code, max(created_at) as created_at
  from outbox_mail
 where kind = 'exception_report'
 group by 1;

insert into exception_report_rejected (plan_code, submission_id, listed_at)
select l.plan_code, s.submission_id, l.created_at
  from last_report l
  join submission s on s.status = 'rejected' and s.processed_at <= l.created_at;

insert into exception_report_change (plan_code, audit_id, listed_at)
select l.plan_code, a.audit_id, l.created_at
  from last_report l
  join audit_log a on a.plan_code = l.plan_code and a.recorded_at <= l.created_at
                  and a.action in ('closed_target_changed', 'closed_grade_changed');
