-- The rounds (plan and fiscal year) whose results each file taken into the results held: one row per file and
-- round, written by the merge of the file's rows, whether loaded as it came or accepted after being held
-- (results.sql, recordStagedRounds). The division's review follows a 課's files of the round only
-- (sql/review.sql): a 確認済み or 差し戻し of FY2025 gives way to 提出済み when the 課 sends FY2025 results again,
-- not when it sends a file of another year or plan; and 提出済み itself means the 課 has sent results of the
-- round. The results alone cannot say this: a row repeating what is stored writes no version, yet the file
-- answered the round.
create table submission_round (
    submission_id   bigint not null references submission,
    plan_code       text   not null,
    fiscal_year     int    not null,
    department_name text   not null,                    -- the submission's, so that one index serves the review
    taken_at        timestamptz not null default now(), -- when the rows were taken into the results
    primary key (submission_id, plan_code, fiscal_year)
);

-- a round's 課 with their latest file of it: the review board reads all 課 of a round in one pass
create index submission_round_review on submission_round (plan_code, fiscal_year, department_name, taken_at);

-- Files taken in before this table: held files accepted since (their rows are all kept, taken in when
-- decided), then every accepted file by the versions it wrote (a file that wrote none cannot be told).
insert into submission_round (submission_id, plan_code, fiscal_year, department_name, taken_at)
select p.submission_id, p.plan_code, p.fiscal_year, s.department_name, pc.decided_at
  from pending_result p
  join pending_change pc on pc.submission_id = p.submission_id
  join submission s on s.submission_id = p.submission_id
 where pc.state = 'accepted' and s.status = 'accepted'
 group by p.submission_id, p.plan_code, p.fiscal_year, s.department_name, pc.decided_at;

insert into submission_round (submission_id, plan_code, fiscal_year, department_name, taken_at)
select r.submission_id, r.plan_code, r.fiscal_year, r.department_name, min(r.recorded_at)
  from result r
  join submission s on s.submission_id = r.submission_id
 where s.status = 'accepted'
 group by r.submission_id, r.plan_code, r.fiscal_year, r.department_name
    on conflict (submission_id, plan_code, fiscal_year) do nothing;
