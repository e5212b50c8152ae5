-- Two more target kinds (DOMAIN.md, "Baseline years" and "Relative targets"):
-- baseline: the year measures the starting point (現状値の把握): no target, not graded, its value still reported;
-- relative_decrease: 「5%減(前年度比)」 = last year's actual x 0.95, for lower-is-better indicators.
alter table target drop constraint target_target_kind_check;
alter table target add constraint target_target_kind_check
    check (target_kind in ('absolute', 'milestone', 'relative_increase', 'relative_decrease', 'baseline', 'none'));
