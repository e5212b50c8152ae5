-- Mail of a registered 課 whose attachments were not all taken (past mail.max-files, a type that is not read,
-- too large, nothing attached …) is listed once in the division's exception report, as unknown senders and
-- unreadable mail are; until now only its sender was told, by reply. reported_at marks it as shown.

-- The report's query (sql/mail.sql notTakenToReport), same predicate: it reads only the few not yet shown,
-- however many years of mail the table holds.
create index mail_message_not_taken_unreported on mail_message (received_at)
    where outcome in ('processed', 'no_usable_attachment') and cardinality(problems) > 0 and reported_at is null;

-- Such mail recorded before this version was answered by reply at the time and never meant for the report:
-- left unreported, all of it (years, in a city that has run the collector long) would fill the first report
-- after the upgrade and bury that day's items. It is marked as reported, as of the upgrade.
update mail_message set reported_at = now()
 where outcome in ('processed', 'no_usable_attachment') and cardinality(problems) > 0 and reported_at is null;
