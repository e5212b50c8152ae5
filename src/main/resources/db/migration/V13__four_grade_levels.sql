-- Grade vocabularies of four levels (issue 11 part 3): S|A|B|C graded by rate, A|B|C|D self-assessed.
-- plan.grade_thresholds: the rate in % from which each level but the last starts, best first (120|100|80);
-- empty for plans of two or three levels, whose thresholds stay achieved_threshold and mostly_threshold.
alter table plan add column grade_thresholds numeric[] not null default '{}';

-- evaluation.grade_level: the level reached, 1 = best, so that plan.grade_labels[grade_level] is how the plan
-- writes it (S or A, both 達成; C or D, both 未達成). grade keeps the canonical word the committee counts.
-- Null where grade is null or 未提出.
alter table evaluation add column grade_level smallint check (grade_level between 1 and 4);

-- Evaluations of plans of two or three levels as they would be evaluated now, so that the next refresh finds
-- nothing changed.
update evaluation e
   set grade_level = case e.grade when '達成' then 1
                                  when '概ね達成' then 2
                                  when '未達成' then cardinality(p.grade_labels) end
  from plan p
 where p.plan_code = e.plan_code and e.grade in ('達成', '概ね達成', '未達成');

-- result.self_assessment_level: the level a department of a four-level plan wrote (D of A|B|C|D, 1 = best),
-- kept beside self_assessment, which holds its canonical grade (D: NOT_ACHIEVED, as C). A new version is
-- added when only the level changes (C → D). Null in plans of two or three levels, whose results are stored
-- exactly as before.
alter table result add column self_assessment_level smallint check (self_assessment_level between 1 and 4);
