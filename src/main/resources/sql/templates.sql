-- What the departments' pre-filled templates need from the database: per responsible department and
-- indicator, the current result of the year and last year's actual. One query for every department of a
-- plan (the reminders of a whole round), read with a cursor, department after department in the organisation
-- order (departments.csv, V21; a 課 it no longer lists last, by name).
-- Of an indicator two 課 share, the current result is the template's only where this 課 reported it (under
-- its current or a former name): the other 課's texts are not this 課's to see (as on the console), and its
-- line left blank is skipped when the template comes back, so the other 課's report stays as it is.

-- name: templateLines
select d.department_name, d.indicator_code,
       r.actual_value, r.actual_text, r.status_text, r.outcome_text, r.next_steps_text, r.self_assessment_text,
       p.actual_text as last_year_actual_text, p.actual_value as last_year_actual_value
  from indicator_department d
  join indicator i on i.plan_code = d.plan_code and i.indicator_code = d.indicator_code
  left join department dp on dp.department_name = d.department_name
  left join evaluation e on e.plan_code = d.plan_code and e.indicator_code = d.indicator_code
                        and e.fiscal_year = ?
  left join result r on r.result_id = e.result_id
                    and exists (select 1 from department_name_alias a
                                 where a.name = r.department_name and a.department_name = d.department_name)
  left join evaluation pe on pe.plan_code = d.plan_code and pe.indicator_code = d.indicator_code
                         and pe.fiscal_year = ? - 1
  left join result p on p.result_id = pe.result_id
 where d.plan_code = ? and i.active and (? or d.department_name = any(?))
 order by dp.sort_order nulls last, d.department_name, i.sort_order, d.indicator_code
