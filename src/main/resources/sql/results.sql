-- name: currentResults
select result_id, plan_code, indicator_code, fiscal_year, version, actual_value, actual_text, approximate,
       status_text, outcome_text, next_steps_text, self_assessment, self_assessment_text, department_name,
       submission_id, sheet_name, row_no, column_ref
from result_current where plan_code = ?

-- name: insertResult
insert into result (plan_code, indicator_code, fiscal_year, version, actual_value, actual_text, approximate,
                    status_text, outcome_text, next_steps_text, self_assessment, self_assessment_text,
                    department_name, submission_id, sheet_name, row_no, column_ref)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- name: deleteEvaluations
delete from evaluation where plan_code = ?

-- name: insertEvaluation
insert into evaluation (plan_code, indicator_code, fiscal_year, target_set, effective_target, result_id, rate,
                        grade, flags)
values (?, ?, ?, ?, ?, ?, ?, ?, ?)
