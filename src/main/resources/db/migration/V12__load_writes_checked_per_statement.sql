-- The references of a stored result (its indicator, department and submission) are checked once per
-- statement over all the rows it wrote, instead of once per row by three foreign keys: on a 200,000-row file
-- their row triggers took most of the merge (issue 10). Integrity holds as before, in two halves:
--  * result: after each statement that inserts or updates results, one join of its new rows (a transition
--    table) with indicator, department and submission; a row whose indicator, department or submission does
--    not exist refuses the whole statement, with the foreign keys' own error code (23503). (The one writer,
--    the merge of a file's staged rows, writes only indicators the validator found in the master data, for
--    the submission inserted in the same transaction.)
--  * indicator, department, submission: a row that results name can be neither deleted nor given another
--    key, and the tables cannot be truncated (the collector does none of these: an indicator removed from the
--    master data stays, inactive). Before looking for such results the check waits for the loads writing
--    results to end (a share lock on result conflicts with their row-exclusive one), so that the rows of a
--    load not yet committed are seen too: the race the foreign keys closed with their key-share row locks.
-- The same for the result an evaluation grades (evaluation.result_id), whose key was checked per row when a
-- load re-evaluated the rows it wrote: checked per statement, and a result that an evaluation names can be
-- neither deleted nor given another key (results are only ever added).
alter table result drop constraint result_plan_code_indicator_code_fkey;
alter table result drop constraint result_department_name_fkey;
alter table result drop constraint result_submission_id_fkey;

-- count(*) rather than exists: the planner then joins a large file's rows by hash, not one probe per row.
create function result_references_exist() returns trigger language plpgsql as $$
declare
    orphans bigint;
begin
    select count(*) into orphans
      from new_results n
      left join indicator i on i.plan_code = n.plan_code and i.indicator_code = n.indicator_code
      left join department d on d.department_name = n.department_name
      left join submission s on s.submission_id = n.submission_id
     where i.plan_code is null or d.department_name is null or s.submission_id is null;
    if orphans > 0 then
        raise foreign_key_violation using
            message = format('%s result row(s) name an indicator, department or submission that does not exist',
                             orphans);
    end if;
    return null;
end $$;

create trigger result_references_on_insert after insert on result
    referencing new table as new_results
    for each statement execute function result_references_exist();
create trigger result_references_on_update after update on result
    referencing new table as new_results
    for each statement execute function result_references_exist();

create function evaluation_results_exist() returns trigger language plpgsql as $$
declare
    orphans bigint;
begin
    select count(*) into orphans
      from new_evaluations n
      left join result r on r.result_id = n.result_id
     where n.result_id is not null and r.result_id is null;
    if orphans > 0 then
        raise foreign_key_violation using
            message = format('%s evaluation(s) name a result that does not exist', orphans);
    end if;
    return null;
end $$;

alter table evaluation drop constraint evaluation_result_id_fkey;
create trigger evaluation_results_on_insert after insert on evaluation
    referencing new table as new_evaluations
    for each statement execute function evaluation_results_exist();
create trigger evaluation_results_on_update after update on evaluation
    referencing new table as new_evaluations
    for each statement execute function evaluation_results_exist();

-- Deleting, or changing the key of, a row that results (or, for a result, evaluations) name is refused.
create function result_kept_for_evaluations() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.result_id = old.result_id then
        return new;
    end if;
    lock table evaluation in share mode; -- waits for the evaluations under way: their rows are seen below
    if exists (select 1 from evaluation e where e.result_id = old.result_id) then
        raise foreign_key_violation using
            message = format('%s of result %s refused: an evaluation names it', lower(tg_op), old.result_id);
    end if;
    return case tg_op when 'DELETE' then old else new end;
end $$;

create function indicator_kept_for_results() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and (new.plan_code, new.indicator_code) = (old.plan_code, old.indicator_code) then
        return new;
    end if;
    lock table result in share mode; -- waits for the loads under way: their rows are seen below
    if exists (select 1 from result r where r.plan_code = old.plan_code and r.indicator_code = old.indicator_code) then
        raise foreign_key_violation using
            message = format('%s of indicator %s/%s refused: results name it', lower(tg_op), old.plan_code,
                             old.indicator_code);
    end if;
    return case tg_op when 'DELETE' then old else new end;
end $$;

create function department_kept_for_results() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.department_name = old.department_name then
        return new;
    end if;
    lock table result in share mode;
    if exists (select 1 from result r where r.department_name = old.department_name) then
        raise foreign_key_violation using
            message = format('%s of department %s refused: results name it', lower(tg_op), old.department_name);
    end if;
    return case tg_op when 'DELETE' then old else new end;
end $$;

create function submission_kept_for_results() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.submission_id = old.submission_id then
        return new;
    end if;
    lock table result in share mode;
    if exists (select 1 from result r where r.submission_id = old.submission_id) then
        raise foreign_key_violation using
            message = format('%s of submission %s refused: results name it', lower(tg_op), old.submission_id);
    end if;
    return case tg_op when 'DELETE' then old else new end;
end $$;

create function results_name_rows() returns trigger language plpgsql as $$
begin
    raise foreign_key_violation using
        message = format('truncate of %s refused: results (or evaluations) name its rows', tg_table_name);
end $$;

create trigger indicator_kept_for_results before delete or update of plan_code, indicator_code on indicator
    for each row execute function indicator_kept_for_results();
create trigger department_kept_for_results before delete or update of department_name on department
    for each row execute function department_kept_for_results();
create trigger submission_kept_for_results before delete or update of submission_id on submission
    for each row execute function submission_kept_for_results();
create trigger result_kept_for_evaluations before delete or update of result_id on result
    for each row execute function result_kept_for_evaluations();
create trigger indicator_not_truncated before truncate on indicator
    for each statement execute function results_name_rows();
create trigger department_not_truncated before truncate on department
    for each statement execute function results_name_rows();
create trigger submission_not_truncated before truncate on submission
    for each statement execute function results_name_rows();
create trigger result_not_truncated before truncate on result
    for each statement execute function results_name_rows();

-- Room on each page of evaluation for the new versions of the rows a load re-grades (a file holds one year of
-- each of its indicators): an update that fits on its page leaves the primary key alone (a HOT update). New
-- pages only; the pages already written fill up as before.
alter table evaluation set (fillfactor = 70);
