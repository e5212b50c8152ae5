-- Items of the shared inbox that were not taken the ordinary way: never read (links, special files,
-- anything resolving outside the inbox), or set aside in <department>/.quarantine/ with a reason file
-- (a name Camel cannot carry, a file that could not be read, made the ingest fail, or could not be
-- archived after it was received). The exception report lists each row once (reported_at).
create table folder_refusal (
    refusal_id        bigserial primary key,
    item_path         text not null,            -- relative to the inbox, as found (any character the name had)
    department_folder text,                     -- the first folder below the inbox
    kind              text not null check (kind in ('linked_folder', 'symlink', 'special_file', 'hard_link',
                          'outside_inbox', 'unresolvable', 'unsafe_name', 'unreadable', 'poison', 'unarchivable')),
    action            text not null check (action in ('left', 'quarantined')),
    -- size:modified of a file left in place, '' for folders; a file left after it was received is not
    -- read again while it has the same fingerprint, so that it is answered once, never in a loop
    fingerprint       text not null default '',
    quarantined_as    text,                     -- relative to the inbox, when moved
    detail            text,                     -- the technical reason, for the operator
    submission_id     bigint references submission,
    found_by          text,
    found_at          timestamptz not null default now(),
    reported_at       timestamptz
);
-- an item left in place is seen at every poll: one row for it, so that it is reported once
create unique index folder_refusal_left on folder_refusal (item_path, kind, fingerprint) where action = 'left';
create index folder_refusal_to_report on folder_refusal (found_at) where reported_at is null;
