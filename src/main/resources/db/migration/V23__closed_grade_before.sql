-- The grades of closed rounds (round_closure) as they stood when a master sync changed their plan, in the words
-- the plan had then (the sync rewrites plan.grade_labels before the re-evaluation runs, in a transaction of its
-- own). The whole re-evaluation that follows compares its grades with these, records each grade or 達成率 that
-- moved in the audit log (closed_grade_changed) and removes the plan's rows: they exist only between the two.
create table closed_grade_before (
    plan_code      text not null references plan,
    indicator_code text not null,
    fiscal_year    int  not null,
    grade          text,                    -- evaluation.grade (canonical), null where none
    grade_level    int,                     -- evaluation.grade_level
    grade_word     text,                    -- the grade in the plan's words of that time
    rate_percent   numeric,                 -- 達成率 as the committee reads it: a whole percent
    -- the same sync recorded a change of this target (closed_target_changed): that entry says it already
    target_changed boolean not null default false,
    taken_at       timestamptz not null default now(),
    primary key (plan_code, indicator_code, fiscal_year)
);
