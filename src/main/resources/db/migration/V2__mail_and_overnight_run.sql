-- Mail channel, outbox, reminders and the overnight run.

-- Every e-mail is written here first, in the transaction of the change that causes it, and sent later
-- by the outbox sender. dedup_key makes "at most once" a constraint: one reminder per department and
-- day, one exception report per plan and day, one receipt per submission.
create table outbox_mail (
    mail_id         bigserial primary key,
    kind            text not null check (kind in ('receipt', 'reply', 'reminder', 'exception_report')),
    dedup_key       text not null unique,
    recipients_to   text[] not null,
    recipients_cc   text[] not null default '{}',
    subject         text not null,
    mime            bytea not null,               -- the complete message (RFC 5322) exactly as it is sent
    status          text not null default 'pending'
                    check (status in ('pending', 'sending', 'sent', 'failed', 'unconfirmed')),
    attempts        int  not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    claimed_by      text,                         -- instance that is sending it
    claimed_at      timestamptz,
    sent_at         timestamptz,
    delivered_as    text,                         -- 'smtp host:port' or the .eml file written
    reported_at     timestamptz,                  -- when a failure was shown in an exception report
    submission_id   bigint references submission,
    created_at      timestamptz not null default now()
);
create index outbox_mail_due on outbox_mail (next_attempt_at) where status = 'pending';

-- Each message read from the collection mailbox, once: the key is its Message-ID (or a hash of the
-- message without one), so that neither a restart nor a second instance processes it twice.
create table mail_message (
    message_key      text primary key,
    received_at      timestamptz not null,
    from_address     text,
    subject          text,
    department_name  text references department,
    outcome          text not null check (outcome in ('processed', 'unknown_sender', 'no_usable_attachment')),
    attachment_names text[] not null default '{}',
    problems         text[] not null default '{}',  -- what the reply told the sender
    processed_at     timestamptz not null default now(),
    reported_at      timestamptz                    -- unknown senders: when shown in an exception report
);

-- Files being read from the shared inbox, claimed by one instance at a time (Camel's idempotent read lock).
create table file_claim (
    repository text not null,
    claim_key  text not null,
    claimed_by text not null,
    claimed_at timestamptz not null default now(),
    primary key (repository, claim_key)
);

-- One row per overnight run, as operators look for it.
create table overnight_run (
    run_id          bigserial primary key,
    as_of           date not null,
    instance        text not null,
    started_at      timestamptz not null default now(),
    finished_at     timestamptz,
    reminders       int,
    reports         int,
    outcome         text
);
