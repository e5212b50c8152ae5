-- Whether two versions of a result say the same: the one rule by which a load adds a version only where the
-- content changed (results.sql mergeStagedResults), a file repeating a row is told apart from one
-- contradicting it (repeatedStagedRows), and a file for a closed round is held (rounds.sql). Written four
-- times before, one of which missed the four-level self-assessment (V17). 20 and 20.0 are the same value; the
-- text as written counts only where there is no number. A plain SQL expression, so PostgreSQL inlines it into
-- each statement: the merge's plan is the same as with the expression written out.
create function result_content_same(
    a_value numeric, a_text text, a_status text, a_outcome text, a_next text, a_self text, a_level smallint,
    b_value numeric, b_text text, b_status text, b_outcome text, b_next text, b_self text, b_level smallint)
returns boolean language sql immutable parallel safe as $$
    select (case when a_value is not null and b_value is not null then a_value = b_value
                 else a_value is null and b_value is null and a_text is not distinct from b_text end)
       and a_status is not distinct from b_status
       and a_outcome is not distinct from b_outcome
       and a_next is not distinct from b_next
       and a_self is not distinct from b_self
       and a_level is not distinct from b_level
$$;
