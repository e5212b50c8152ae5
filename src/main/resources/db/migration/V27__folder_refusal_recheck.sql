-- A file left in place because it could not be moved (kinds unreadable, poison, unarchivable: neither its archive
-- nor the quarantine could take it, its folder read-only or immutable, or .done / .error / .quarantine a file) is
-- not read again while it is unchanged, so that it is answered once. It is taken again once what kept it there is
-- gone: each poll compares what is seen now with recheck, what was seen when it was left (FolderJail).
--   recheck:    '<status-change time of the file>|<what kept it in place, as seen; empty when nothing was seen>'
--               (null in rows of older versions: taken again as soon as nothing is seen keeping it)
--   cleared_at: when the file was dealt with after all (archived, quarantined); the same file left again later is
--               a new row, reported again
alter table folder_refusal add column recheck text, add column cleared_at timestamptz;

drop index folder_refusal_left;
create unique index folder_refusal_left on folder_refusal (item_path, kind, fingerprint)
    where action = 'left' and cleared_at is null;
-- read by the folder intake every few seconds while files are listed: only the files kept in place
create index folder_refusal_kept on folder_refusal (item_path)
    where action = 'left' and cleared_at is null and kind in ('unreadable', 'poison', 'unarchivable');
