-- The administrative division's review of each 課's results per plan and fiscal year (round): every action
-- is a row (確認済み, or 差し戻し with its comment, the indicators concerned and the correction deadline), kept
-- for good like the audit log. The current state is derived, never stored twice: the latest action, unless
-- the 課 sent an accepted file after it (then 提出済み again); without an action, 提出済み when the 課 has a
-- result of the year, else 未提出 (sql/review.sql). Deriving it leaves the ingest path untouched and keeps two
-- collector instances on one database in agreement, as nothing is remembered outside the database.
create table review_action (
    review_id       bigserial primary key,
    plan_code       text not null,
    fiscal_year     int  not null,
    department_name text not null references department,
    state           text not null check (state in ('confirmed', 'sent_back')),
    comment         text,
    indicator_codes text[] not null default '{}', -- 差し戻し of these indicators; empty: the whole 課
    correction_due  date,                          -- 差し戻し: the date the correction is asked for
    actor           text not null,                 -- the console login
    acted_at        timestamptz not null default now()
);

-- a 課's latest action, and its history newest first
create index review_action_latest on review_action (plan_code, fiscal_year, department_name, review_id desc);


-- a 差し戻し's mail to the 課 goes through the outbox like reminders
alter table outbox_mail drop constraint outbox_mail_kind_check;
alter table outbox_mail add constraint outbox_mail_kind_check
    check (kind in ('receipt', 'reply', 'reminder', 'exception_report', 'sent_back'));
