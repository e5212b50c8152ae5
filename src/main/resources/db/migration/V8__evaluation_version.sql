-- A counter per plan, raised in the transaction of every change of the plan's evaluation (a refresh of the
-- whole plan, or a load re-evaluating only the indicators and years it touched). The console keeps a plan's
-- status board until it changes; before, it relied on every refresh rewriting every row of the plan.
-- A plan without a row has never been evaluated whole: its first load evaluates all of it.
create table evaluation_version (
    plan_code text primary key,
    version   bigint not null
);
