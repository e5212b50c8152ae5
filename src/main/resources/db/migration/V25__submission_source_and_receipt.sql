-- Where each file came from, and the receipt it was answered with. A crash (kill -9, power loss) or an outage
-- between a file's commit and its archive leaves the file in the inbox (or its mail unread): the next run finds
-- its submission by this key and finishes the archive with the stored receipt instead of receiving the file a
-- second time (a DUPLICATE and a second receipt mail to the 課).
--   folder: '<課 folder>/<name>|<size>:<modified ms>', the file as the inbox jail found it
--   mail:   '<message key>#<the attachment's place in the mail>'
--   upload: none (the browser waits for its answer: nothing is taken again)
-- Submissions received before this version have neither.
alter table submission add column source_key text, add column receipt_text text;

-- An attachment of a mail is received once, whatever instance or run takes the mail.
create unique index submission_mail_source on submission (source_key) where channel = 'mail';
-- Not unique: the same file (same name, size and modified time, as a copy keeps it) dropped again after the
-- first was archived is a new submission, answered as 受付済み. The lookup takes the latest.
create index submission_folder_source on submission (source_key, submission_id) where channel = 'folder';
