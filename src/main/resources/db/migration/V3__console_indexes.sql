-- Indexes for the web console's read model (sql/console.sql), sized for a plan of 1,741 departments x 60
-- indicators and 100,000 received files. Each serves a department-scoped lookup or a newest-first page.

-- a department user's rows: its indicators of a plan
create index indicator_department_by_department on indicator_department (department_name, plan_code, indicator_code);

-- the list of received files, newest first: all, per department, per status, per department and status;
-- also a department's newest file and its last accepted one (rejected files since then)
create index submission_received on submission (received_at, submission_id);
create index submission_department_received on submission (department_name, received_at, submission_id);
create index submission_status_received on submission (status, received_at, submission_id);
create index submission_department_status_received on submission (department_name, status, received_at, submission_id);

-- mail that brought no file (unknown sender, nothing usable attached), listed beside the files
create index mail_message_without_file on mail_message (received_at, message_key) where outcome <> 'processed';

-- the sender of a mailed file is the address its receipt went to
create index outbox_mail_receipt on outbox_mail (submission_id) where kind = 'receipt';

-- reminders per department ("reminder/<department>/<date>")
create index outbox_mail_reminder on outbox_mail (dedup_key) include (status) where kind = 'reminder';
