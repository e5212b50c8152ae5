-- Places of the inbox whose files Camel's folder consumer would skip without a word, now refused and reported
-- like the others (FolderJail):
--   not_in_folder: a file directly in the inbox, in no department's folder
--   subfolder:     a folder inside a department's folder holding result files (they are not read); its
--                  fingerprint is what result files it holds, so that one saved into it later is reported again
--   unlistable:    a department's folder the service may not list (permissions)
alter table folder_refusal drop constraint folder_refusal_kind_check;
alter table folder_refusal add constraint folder_refusal_kind_check
    check (kind in ('linked_folder', 'symlink', 'special_file', 'hard_link', 'outside_inbox', 'unresolvable',
                    'unsafe_name', 'unreadable', 'poison', 'unarchivable', 'not_in_folder', 'subfolder', 'unlistable'));
