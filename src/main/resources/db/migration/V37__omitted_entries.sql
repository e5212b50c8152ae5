-- A held file's rows keep which optional entries their table had no column for (ResultRow.omitted: 1 成果と課題,
-- 2 今後の取組, 4 自己評価), so that on acceptance those entries keep what the 課 reported before, as when it is
-- loaded at once (results.sql keepOmittedEntries), and not the values of when it was held.
alter table pending_result add column omitted smallint not null default 0;
