-- How a plan writes its grades, best first (plan.csv grade_labels): 達成|概ね達成|未達成 unless the plan says
-- otherwise, such as ○|△|× or the two levels ○|× (no 概ね達成 anywhere). Evaluations keep the canonical words;
-- reports, the console and `status` show these.
alter table plan add column grade_labels text[] not null default '{達成,概ね達成,未達成}';
