-- The console offers a file's 原本 only when the archive has it: a file received whose original could not then be
-- archived (V7 'unarchivable', left in place or kept in the data folder, not cleared) has none. The lists ask this
-- for each line of a page.
create index folder_refusal_unarchived on folder_refusal (submission_id)
    where kind = 'unarchivable' and cleared_at is null;
