-- Reporting database for administrative-reform results.
-- Master data is synchronised from config/ at start; results are versioned, never overwritten.

create table plan (
    plan_code          text primary key,
    municipality       text not null,
    plan_name          text not null,
    fy_from            int  not null,
    fy_to              int  not null check (fy_to >= fy_from),
    admin_department   text,
    admin_email        text,
    achieved_threshold numeric not null default 100,  -- rate (%) from which a result is 達成
    mostly_threshold   numeric not null default 80,   -- rate (%) from which a result is 概ね達成
    grading            text not null default 'rate' check (grading in ('rate', 'self_assessment')),
    synced_at          timestamptz not null default now()
);

create table department (
    department_name text primary key,
    former_names    text[] not null default '{}',
    emails          text[] not null default '{}',
    allowed_senders text[] not null default '{}',
    notes           text
);

create table plan_node (
    plan_code   text not null references plan,
    node_code   text not null,
    level       text not null check (level in ('goal', 'area', 'initiative')),
    parent_code text,
    title       text not null,
    sort_order  int  not null,
    primary key (plan_code, node_code)
);

create table plan_action (
    plan_code       text not null references plan,
    initiative_code text not null,
    action_no       int  not null,
    action_text     text not null,
    departments     text[] not null default '{}',
    primary key (plan_code, initiative_code, action_no),
    foreign key (plan_code, initiative_code) references plan_node
);

create table plan_action_year (
    plan_code       text not null,
    initiative_code text not null,
    action_no       int  not null,
    fiscal_year     int  not null,
    plan_text       text,
    primary key (plan_code, initiative_code, action_no, fiscal_year),
    foreign key (plan_code, initiative_code, action_no) references plan_action on delete cascade
);

create table indicator (
    plan_code       text not null references plan,
    indicator_code  text not null,
    initiative_code text not null,
    name            text not null,
    definition      text,
    unit            text,
    value_kind      text not null check (value_kind in ('numeric', 'qualitative', 'mixed')),
    direction       text not null check (direction in ('higher_is_better', 'lower_is_better')),
    cumulative      boolean not null default false,
    baseline_text   text,
    baseline_value  numeric,
    min_value       numeric,
    max_value       numeric,
    final_goal      text,
    notes           text,
    sort_order      int  not null,
    active          boolean not null default true,  -- false once removed from the master data
    primary key (plan_code, indicator_code),
    foreign key (plan_code, initiative_code) references plan_node
);

create table indicator_department (
    plan_code       text not null,
    indicator_code  text not null,
    department_name text not null references department,
    primary key (plan_code, indicator_code, department_name),
    foreign key (plan_code, indicator_code) references indicator
);

create table target (
    plan_code      text not null,
    indicator_code text not null,
    fiscal_year    int  not null,
    target_text    text,
    target_value   numeric,
    target_kind    text not null check (target_kind in ('absolute', 'milestone', 'relative_increase', 'none')),
    primary key (plan_code, indicator_code, fiscal_year),
    foreign key (plan_code, indicator_code) references indicator
);

create table submission (
    submission_id   bigserial primary key,
    receipt_no      text not null unique,
    channel         text not null,               -- folder, mail
    source_name     text not null,               -- file name as received
    department_name text references department,  -- null when the sender could not be resolved
    sha256          text not null,
    size_bytes      bigint not null,
    received_at     timestamptz not null,
    processed_at    timestamptz not null default now(),
    status          text not null check (status in ('accepted', 'rejected', 'duplicate')),
    error_count     int  not null default 0,
    warning_count   int  not null default 0,
    row_count       int  not null default 0,
    archived_path   text,
    duplicate_of    bigint references submission
);
-- the same content is loaded once, whatever instance sees it first
create unique index submission_accepted_content on submission (sha256) where status = 'accepted';

create table result (
    result_id            bigserial primary key,
    plan_code            text not null,
    indicator_code       text not null,
    fiscal_year          int  not null,
    version              int  not null,
    actual_value         numeric,                 -- in the indicator's unit
    actual_text          text,                    -- the cell as written
    approximate          boolean not null default false,
    status_text          text,                    -- 取組状況
    outcome_text         text,                    -- 成果と課題
    next_steps_text      text,                    -- 今後の取組
    self_assessment      text check (self_assessment in ('ACHIEVED', 'MOSTLY_ACHIEVED', 'NOT_ACHIEVED')),
    self_assessment_text text,
    department_name      text not null references department,
    submission_id        bigint not null references submission,
    sheet_name           text,
    row_no               int,
    column_ref           text,
    recorded_at          timestamptz not null default now(),
    unique (plan_code, indicator_code, fiscal_year, version),
    foreign key (plan_code, indicator_code) references indicator
);

create view result_current as
select distinct on (plan_code, indicator_code, fiscal_year) *
from result
order by plan_code, indicator_code, fiscal_year, version desc;

create table finding (
    finding_id     bigserial primary key,
    submission_id  bigint not null references submission,
    severity       text not null check (severity in ('ERROR', 'WARNING', 'INFO')),
    code           text not null,
    sheet_name     text,
    row_no         int,
    column_ref     text,
    value_found    text,
    message        text not null,
    hint           text,
    plan_code      text,
    indicator_code text,
    fiscal_year    int,
    created_at     timestamptz not null default now()
);
create index finding_submission on finding (submission_id);

-- Current evaluation of every indicator and fiscal year of a plan, recomputed after each load.
create table evaluation (
    plan_code      text not null,
    indicator_code text not null,
    fiscal_year    int  not null,
    target_set     boolean not null,
    effective_target numeric,                     -- the number graded against (relative targets resolved)
    result_id      bigint references result,
    rate           numeric,                       -- achievement rate in %, full precision
    grade          text check (grade in ('達成', '概ね達成', '未達成', '未提出')),
    flags          text[] not null default '{}',
    evaluated_at   timestamptz not null default now(),
    primary key (plan_code, indicator_code, fiscal_year),
    foreign key (plan_code, indicator_code) references indicator
);

-- For BI tools: one row per indicator and fiscal year with target, actual, rate, grade and flags.
create view indicator_status as
select i.plan_code,
       e.fiscal_year,
       g.node_code                         as goal_code,
       g.title                             as goal_title,
       i.initiative_code,
       n.title                             as initiative_title,
       i.indicator_code,
       i.name                              as indicator_name,
       i.unit,
       i.value_kind,
       i.direction,
       (select string_agg(d.department_name, '|' order by d.department_name)
          from indicator_department d
         where d.plan_code = i.plan_code and d.indicator_code = i.indicator_code) as departments,
       t.target_text,
       t.target_value,
       t.target_kind,
       e.target_set,
       e.effective_target,
       r.actual_value,
       r.actual_text,
       r.approximate,
       e.rate,
       round(e.rate)                       as rate_percent,
       e.grade,
       array_to_string(e.flags, ';')       as flags,
       r.self_assessment_text,
       r.status_text,
       r.outcome_text,
       r.next_steps_text,
       r.version                           as result_version,
       r.submission_id,
       i.sort_order
from indicator i
join evaluation e on e.plan_code = i.plan_code and e.indicator_code = i.indicator_code
join plan_node n on n.plan_code = i.plan_code and n.node_code = i.initiative_code
join plan_node a on a.plan_code = n.plan_code and a.node_code = n.parent_code
join plan_node g on g.plan_code = a.plan_code and g.node_code = a.parent_code
left join target t on t.plan_code = i.plan_code and t.indicator_code = i.indicator_code
                  and t.fiscal_year = e.fiscal_year
left join result r on r.result_id = e.result_id
where i.active;

-- The committee's table: per goal and in total, 設定項目 / 達成 / 概ね達成 / 未達成 / 概ね達成率.
create view goal_summary as
select s.plan_code,
       s.fiscal_year,
       coalesce(s.goal_code, 'total')                                   as goal_code,
       max(s.goal_title)                                                as goal_title,
       count(*) filter (where s.target_set)                             as set_count,
       count(*) filter (where s.target_set and s.grade = '達成')        as achieved,
       count(*) filter (where s.target_set and s.grade = '概ね達成')    as mostly,
       count(*) filter (where s.target_set and s.grade = '未達成')      as not_achieved,
       count(*) filter (where s.target_set and s.grade = '未提出')      as not_submitted,
       round(100.0 * count(*) filter (where s.target_set and s.grade in ('達成', '概ね達成'))
             / nullif(count(*) filter (where s.target_set), 0), 1)     as mostly_rate,
       case when grouping(s.goal_code) = 1 then 2147483647 else min(g.sort_order) end as sort_order
from indicator_status s
left join plan_node g on g.plan_code = s.plan_code and g.node_code = s.goal_code
group by grouping sets ((s.plan_code, s.fiscal_year, s.goal_code), (s.plan_code, s.fiscal_year));
