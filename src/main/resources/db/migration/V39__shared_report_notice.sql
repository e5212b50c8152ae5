-- The mail telling a 課 that another 課's file replaced its report of an indicator they share (共管):
-- a kind of its own, not 'receipt', whose first row per submission the console reads as the file's sender.
alter table outbox_mail drop constraint outbox_mail_kind_check;
alter table outbox_mail add constraint outbox_mail_kind_check
    check (kind in ('receipt', 'reply', 'reminder', 'exception_report', 'sent_back', 'unread_items',
                    'shared_report'));
