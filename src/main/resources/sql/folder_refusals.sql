-- Items of the shared inbox that were refused or set aside (see V7__folder_quarantine.sql).

-- name: recordLeft
-- the last parameter: whether the 課 is to be told (department_noticed_at null until it is; see V29)
insert into folder_refusal (item_path, department_folder, kind, action, fingerprint, detail, submission_id, found_by,
                            department_noticed_at)
values (?, ?, ?, 'left', ?, ?, (select submission_id from submission where receipt_no = ?), ?,
        case when ? then null else now() end)
on conflict (item_path, kind, fingerprint) where action = 'left' and cleared_at is null do nothing

-- name: recordKept
-- a file left in place that could not be moved: recorded once, with what kept it there as seen now (see V27)
insert into folder_refusal (item_path, department_folder, kind, action, fingerprint, detail, submission_id, found_by,
                            recheck)
values (?, ?, ?, 'left', ?, ?, (select submission_id from submission where receipt_no = ?), ?, ?)
on conflict (item_path, kind, fingerprint) where action = 'left' and cleared_at is null
do update set recheck = excluded.recheck
returning refusal_id, xmax = 0 as inserted

-- name: recordQuarantined
insert into folder_refusal (item_path, department_folder, kind, action, quarantined_as, detail, submission_id, found_by,
                            department_noticed_at)
values (?, ?, ?, 'quarantined', ?, ?, (select submission_id from submission where receipt_no = ?), ?,
        case when ? then null else now() end)

-- name: keptInPlace
-- a folder file's fingerprint is size:modified (mail and upload rows have a channel and receipt instead)
select r.refusal_id, r.item_path, r.kind, r.fingerprint, r.recheck, s.archived_path
  from folder_refusal r
  left join submission s using (submission_id)
 where r.action = 'left' and r.cleared_at is null and r.kind in ('unreadable', 'poison', 'unarchivable')
   and r.fingerprint ~ '^[0-9]+:[0-9-]+$'

-- name: clearKept
update folder_refusal set cleared_at = now() where refusal_id = any(?) and cleared_at is null

-- name: toReport
select refusal_id, found_at, department_folder, item_path, kind, action, quarantined_as, detail, s.receipt_no,
       department_mailed
  from folder_refusal r
  left join submission s using (submission_id)
 where r.reported_at is null
 order by found_at, refusal_id

-- name: markReported
update folder_refusal set reported_at = now() where refusal_id = any(?)

-- name: moveArchivedPath
update submission set archived_path = ? where receipt_no = ?

-- name: toTellDepartments
-- what a 課 saved in its folder that is not read and the 課 has not been told of yet (V29's index); locked, so that
-- two instances never tell one item twice
select refusal_id, department_folder, item_path, kind, action
  from folder_refusal
 where department_noticed_at is null
 order by refusal_id
 for update skip locked

-- name: markDepartmentNoticed
update folder_refusal set department_noticed_at = now(), department_mailed = ? where refusal_id = any(?)
