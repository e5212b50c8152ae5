-- A folder file's entry as it was read (FolderJail.entryIdentity: its inode and ctime), beside its source_key (V25).
-- The key finds the submission of a file taken again after an interruption; when that file's archive is already
-- written, the identity tells the very file left in the folder by a crash before it was taken out (the same entry,
-- untouched since) from a copy dropped again later under the same name, size and modified time (a new entry).
-- Null for mail, uploads, submissions received before this version, and file systems that give no inode.
alter table submission add column source_identity text;
