-- What each plan's exception report listed of the items that are not of one plan by nature: mail (from an unknown
-- sender, unreadable, or not all taken), mail the outbox could not deliver, and items the shared folder refused.
-- Written in the report's own transaction, as V32 does for rejected files: an item is in the first report of each
-- plan it concerns that lists nothing of it yet. Before, one mark per item (reported_at) was set after all of
-- the day's reports, in a step of its own: a crash between two reports and a rerun on the same day kept an item
-- that arrived in between out of the report already queued that day for good. reported_at now says that every
-- plan the item concerns has listed it, so that the next night reads it no more.
create table exception_report_mail (
    plan_code   text not null,
    message_key text not null references mail_message on delete cascade,
    listed_at   timestamptz not null default now(),
    primary key (plan_code, message_key)
);

create table exception_report_outbox (
    plan_code text   not null,
    mail_id   bigint not null references outbox_mail on delete cascade,
    listed_at timestamptz not null default now(),
    primary key (plan_code, mail_id)
);

create table exception_report_refusal (
    plan_code  text   not null,
    refusal_id bigint not null references folder_refusal on delete cascade,
    listed_at  timestamptz not null default now(),
    primary key (plan_code, refusal_id)
);

-- An item read again the next night (not yet listed by every plan it concerns) is looked up by its key.
create index exception_report_mail_key on exception_report_mail (message_key);
create index exception_report_outbox_key on exception_report_outbox (mail_id);
create index exception_report_refusal_key on exception_report_refusal (refusal_id);
