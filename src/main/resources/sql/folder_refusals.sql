-- Items of the shared inbox that were refused or set aside (see V7__folder_quarantine.sql).

-- name: recordLeft
insert into folder_refusal (item_path, department_folder, kind, action, fingerprint, detail, submission_id, found_by)
values (?, ?, ?, 'left', ?, ?, (select submission_id from submission where receipt_no = ?), ?)
on conflict (item_path, kind, fingerprint) where action = 'left' do nothing

-- name: recordQuarantined
insert into folder_refusal (item_path, department_folder, kind, action, quarantined_as, detail, submission_id, found_by)
values (?, ?, ?, 'quarantined', ?, ?, (select submission_id from submission where receipt_no = ?), ?)

-- name: isLeftInPlace
select 1 from folder_refusal where action = 'left' and item_path = ? and fingerprint = ? limit 1

-- name: toReport
select refusal_id, found_at, department_folder, item_path, kind, action, quarantined_as, detail, s.receipt_no
  from folder_refusal r
  left join submission s using (submission_id)
 where r.reported_at is null
 order by found_at, refusal_id

-- name: markReported
update folder_refusal set reported_at = now() where refusal_id = any(?)

-- name: moveArchivedPath
update submission set archived_path = ? where receipt_no = ?
