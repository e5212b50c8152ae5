-- Mail that could not be read (a From header that cannot be parsed, a part that cannot be decoded, a
-- reply that cannot be composed): recorded once, marked read on the server, shown in the next exception
-- report, and never processed again, even when it is marked unread again.
alter table mail_message drop constraint mail_message_outcome_check;
alter table mail_message add constraint mail_message_outcome_check
    check (outcome in ('processed', 'unknown_sender', 'no_usable_attachment', 'unreadable'));

-- Why it could not be read, on one line: what the administrative division reads in the report.
alter table mail_message add column error text;
