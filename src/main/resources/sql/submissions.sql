-- name: lockPlan
select pg_advisory_xact_lock(hashtext('load:' || ?))

-- name: lockContent
select pg_advisory_xact_lock(hashtext('content:' || ?))

-- name: nextSubmissionId
select nextval('submission_submission_id_seq')

-- name: insertSubmission
insert into submission (submission_id, receipt_no, channel, source_name, department_name, sha256, size_bytes,
                        received_at, status, error_count, warning_count, row_count, archived_path, duplicate_of,
                        source_key, source_identity)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- The receipt as written, once the submission's rows are in (it reports them).
-- name: setReceiptText
update submission set receipt_text = ? where submission_id = ?

-- A file of the shared folder received before, by where it came from (V25): the latest such submission.
-- The channel is a literal, so that the partial index serves every execution.
-- name: findFolderSource
select submission_id, receipt_no, status, department_name, archived_path, receipt_text, source_identity
  from submission where channel = 'folder' and source_key = ?
 order by submission_id desc limit 1

-- An attachment of a mail received before (V25).
-- name: findMailSource
select submission_id, receipt_no, status, department_name, archived_path, receipt_text, source_identity
  from submission where channel = 'mail' and source_key = ?

-- name: findAccepted
select submission_id, receipt_no, source_name, received_at, archived_path, department_name
from submission where sha256 = ? and status = 'accepted'

-- name: insertFinding
insert into finding (submission_id, severity, code, sheet_name, row_no, column_ref, value_found, message, hint,
                     plan_code, indicator_code, fiscal_year)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- name: updateCounts
update submission set warning_count = ?, row_count = ? where submission_id = ?

-- A held file accepted: the flags of its rows join the findings counted when it was held.
-- Parameters: how many more, submission.
-- name: addWarnings
update submission set warning_count = warning_count + ? where submission_id = ?

-- name: countFindings
select count(*) from finding where submission_id = ?
