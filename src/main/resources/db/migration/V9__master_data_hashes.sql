-- What the master data in the database was synchronised from, so that a start with unchanged config/ writes
-- nothing (MasterDataSync) and a reading command need not even parse the files (MasterFingerprint).
-- scope: 'departments' for departments.csv, 'plan:<plan_code>' for a plan folder.
create table master_data_hash (
    scope            text primary key,
    content_hash     text not null,           -- SHA-256 of the parsed master data in a canonical order
    file_fingerprint text,                    -- SHA-256 of the files' bytes it was parsed from
    synced_at        timestamptz not null default now()
);

-- The master data (and evaluation rules) each plan's evaluations were last fully computed from: a start or
-- an overnight run re-evaluates a plan only when this differs (loads keep the evaluations current otherwise).
create table evaluation_basis (
    plan_code    text primary key references plan,
    basis        text not null,               -- evaluation rules version '/' the plan's content_hash
    evaluated_at timestamptz not null default now()
);
