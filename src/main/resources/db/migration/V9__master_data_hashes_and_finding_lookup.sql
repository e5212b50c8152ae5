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

-- The message a department was given for a flagged value (chase.sql, valueIssues: the committee workbook and
-- the exception report) is looked up per flagged evaluation; without this index each lookup read every
-- finding: 36 s for the 7,823 flagged values of a 1,741 x 60 plan with 42,744 findings, 0.2 s with it.
create index finding_by_indicator on finding (plan_code, indicator_code, fiscal_year, code, finding_id);
