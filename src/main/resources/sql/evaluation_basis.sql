-- The whole-plan evaluation of the start-up and overnight refresh (EvaluationRefresh.refreshAll), and what it
-- was computed from (V9).

-- name: basis
select basis from evaluation_basis where plan_code = ?

-- name: saveBasis
insert into evaluation_basis (plan_code, basis, evaluated_at) values (?, ?, now())
on conflict (plan_code) do update set basis = excluded.basis, evaluated_at = now()

-- name: deleteEvaluations
delete from evaluation where plan_code = ?

-- Plans synchronised from config/ whose evaluations were not computed whole from that master data (and rules).
-- Parameters: rules.
-- name: plansNotCurrent
select count(*)
  from master_data_hash h
 where h.scope like 'plan:%'
   and not exists (select 1 from evaluation_basis b
                    where 'plan:' || b.plan_code = h.scope and b.basis = ? || '/' || h.content_hash)

-- A load evaluated the plan with other master data than the basis says (a serve started before config/
-- changed): the next start must evaluate it whole again. Parameters: plan, basis.
-- name: forgetOtherBasis
delete from evaluation_basis where plan_code = ? and basis <> ?

-- The current results of a plan, one indicator after another, read as a stream by the whole-plan refresh.
-- name: currentResultsByIndicator
select distinct on (plan_code, indicator_code, fiscal_year)
       result_id, plan_code, indicator_code, fiscal_year, version, actual_value, actual_text, approximate,
       status_text, outcome_text, next_steps_text, self_assessment, self_assessment_text, department_name,
       submission_id, sheet_name, row_no, column_ref, self_assessment_level
from result where plan_code = ?
order by plan_code, indicator_code, fiscal_year, version desc
