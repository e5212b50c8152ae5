-- A held file's rows keep the level a department of a four-level plan wrote (V13: D of A|B|C|D), so that a
-- change from C to D is seen as a change of a closed year and is held, and an accepted held file stores its
-- level as a file loaded directly does. (V13 and V16 were written side by side.)
alter table pending_result add column self_assessment_level smallint
    check (self_assessment_level between 1 and 4);
