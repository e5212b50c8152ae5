-- Every name a 課 is known by in the stored history: its current name and the former names departments.csv
-- gives it (a reorganisation renames 課 every April). Files, reviews and reminders keep the name they were
-- recorded under; the statements that count them as the renamed 課's join this view instead of unnesting
-- former_names each in its own way. A name is unique across current and former names (MasterDataLoader).
create view department_name_alias as
select d.department_name as name, d.department_name
  from department d
union all
select f.name, d.department_name
  from department d
 cross join lateral unnest(d.former_names) as f(name);
