-- Whether two names are the same 課: equal, or current and former names of one 課 (department_name_alias, V22).
-- One definition for the statements that tell a 課's own report from another's (results.sql, rounds.sql).
create function same_department(p_one text, p_other text) returns boolean
language sql stable parallel safe as $$
    select p_one = p_other
        or exists (select 1 from department_name_alias a
                     join department_name_alias b on b.department_name = a.department_name
                    where a.name = p_one and b.name = p_other)
$$;
