-- Closing a round (締切): once the committee has met, a file that would change a closed plan and year is
-- still received, archived and receipted, but held ('held') until the administrative division accepts or
-- declines it ('declined'); the history of closing and reopening is in the audit log.
alter table submission drop constraint submission_status_check;
alter table submission add constraint submission_status_check
    check (status in ('accepted', 'rejected', 'duplicate', 'held', 'declined'));

-- A closed round; reopening deletes the row (the audit log keeps who closed and reopened it, and when).
create table round_closure (
    plan_code   text not null references plan,
    fiscal_year int  not null,
    closed_at   timestamptz not null default now(),
    closed_by   text not null,
    primary key (plan_code, fiscal_year)
);

-- A held file as a change waiting for the division's decision; decided once (state leaves 'pending' once).
create table pending_change (
    submission_id bigint primary key references submission,
    state         text not null default 'pending' check (state in ('pending', 'accepted', 'declined')),
    decided_by    text,
    decided_at    timestamptz,
    reason        text,
    check ((state = 'pending') = (decided_at is null))
);

create index pending_change_open on pending_change (submission_id) where state = 'pending';

-- The held file's rows as they were checked (the staged rows of its load), merged like a file's on acceptance;
-- kept after the decision as the record of what was asked.
create table pending_result (
    submission_id        bigint not null references pending_change,
    ord                  int  not null,
    plan_code            text not null,
    indicator_code       text not null,
    fiscal_year          int  not null,
    actual_value         numeric,
    actual_text          text,
    approximate          boolean not null,
    status_text          text,
    outcome_text         text,
    next_steps_text      text,
    self_assessment      text,
    self_assessment_text text,
    sheet_name           text,
    row_no               int,
    column_ref           text,
    code_column          text,
    code_text            text,
    primary key (submission_id, ord)
);

create index pending_result_round on pending_result (plan_code, fiscal_year, submission_id);
