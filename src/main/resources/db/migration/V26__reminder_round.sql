-- The rounds (plan and fiscal year) each reminder asked for: one reminder per 課 and day covers every round
-- due a reminder that day (ReminderNotice), so its key (reminder/<課>/<date>) cannot say which. Written in the
-- transaction that queues the reminder (ReminderPlanner). The console's board counts a round's reminders from
-- here, not every reminder the 課 was ever sent. Reminders queued before this table have no rows; the board
-- counts those by their day within the round's collection period, as it did before.
create table reminder_round (
    mail_id     bigint not null references outbox_mail,
    plan_code   text   not null,
    fiscal_year int    not null,
    primary key (plan_code, fiscal_year, mail_id)
);

create index reminder_round_mail on reminder_round (mail_id);
