-- A 課 is told by mail of what lies unread in its own folder (UnreadItemMailer), not only the division by its
-- exception report: a result file saved into a folder inside the 課's folder, a shortcut or link, a name that
-- cannot be read, a file set aside for its name. Each item is told once, in one mail per 課 with the others
-- found since.
--   department_noticed_at: when the notice step dealt with the row (null: still to be told); rows of the kinds
--                          and places below only, the others are the division's alone
--   department_mailed:     a notice went to the 課's registered addresses (false: no 課 of that folder, or no
--                          usable address), which the exception report says beside the item
alter table folder_refusal add column department_noticed_at timestamptz,
                           add column department_mailed boolean not null default false;
-- items recorded before this version were reported to the division only, as then: not told now, days later
update folder_refusal set department_noticed_at = found_at;
-- read every minute by serve: only the rows still to be told (the predicate is the query's, in folder_refusals.sql)
create index folder_refusal_to_tell on folder_refusal (refusal_id)
    where department_noticed_at is null and department_folder is not null and strpos(item_path, '/') > 0
      and kind in ('subfolder', 'symlink', 'hard_link', 'special_file', 'outside_inbox', 'unresolvable',
                   'unsafe_name');

alter table outbox_mail drop constraint outbox_mail_kind_check;
alter table outbox_mail add constraint outbox_mail_kind_check
    check (kind in ('receipt', 'reply', 'reminder', 'exception_report', 'sent_back', 'unread_items'));
