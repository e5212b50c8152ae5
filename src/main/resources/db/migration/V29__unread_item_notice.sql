-- A 課 is told by mail of what it saved in its own folder that is not read (UnreadItemMailer), not only the division
-- by its exception report: a folder made inside the 課's folder holding result files, a shortcut or link, a hard
-- link, a name that cannot be read, a file set aside for its name. Each item is told once, in one mail per 課 with
-- the others found since.
--   department_noticed_at: null while the 課 is still to be told; set when it was (or could not be: no 課 of that
--                          folder, no usable address), and at once for the items that are the division's or IT's
--                          alone (a failure to look at the share, the 課 folder itself a link, a file in no 課's
--                          folder): FolderJail decides, as it knows the cause
--   department_mailed:     a notice went to the 課's registered addresses, which the exception report says beside
--                          the item
-- The default now() is kept for rows written without a word on it, and is also what the rows of older versions
-- get: they were reported to the division only, and are not told to a 課 days later. A default that is not
-- volatile is stored once, not written into every row: the table is not rewritten.
alter table folder_refusal add column department_noticed_at timestamptz default now(),
                           add column department_mailed boolean not null default false;
-- read every minute by serve: only the rows still to be told
create index folder_refusal_to_tell on folder_refusal (refusal_id) where department_noticed_at is null;

alter table outbox_mail drop constraint outbox_mail_kind_check;
alter table outbox_mail add constraint outbox_mail_kind_check
    check (kind in ('receipt', 'reply', 'reminder', 'exception_report', 'sent_back', 'unread_items'));
