-- A held file's rows keep where their 取組状況 and self-assessment stand, as the staged rows do, so that a flag
-- about either (未記入, a self-assessment the numbers contradict) points at that cell when the file is accepted
-- after being held, as it does when a file is loaded directly. Null for rows held before this version: their
-- flags point at the actual's cell, as they did.
alter table pending_result add column status_column text, add column assessment_column text;
