-- Outbox: e-mail queued in the transaction of the change that causes it, sent by the outbox sender.

-- name: queue
insert into outbox_mail (kind, dedup_key, recipients_to, recipients_cc, subject, mime, submission_id)
values (?, ?, ?, ?, ?, ?, ?)
on conflict (dedup_key) do nothing

-- name: exists
select 1 from outbox_mail where dedup_key = ?

-- Takes the oldest due mail for this instance; a second instance skips the locked row.
-- name: claimDue
update outbox_mail
   set status = 'sending', claimed_by = ?, claimed_at = now(), attempts = attempts + 1
 where mail_id = (select mail_id from outbox_mail
                   where status = 'pending' and next_attempt_at <= now()
                   order by mail_id
                   for update skip locked
                   limit 1)
returning mail_id, kind, recipients_to, recipients_cc, subject, mime, attempts, dedup_key

-- last_error stays null, unless the server refused some recipients (then it names them for the next report).
-- name: markSent
update outbox_mail set status = 'sent', sent_at = now(), delivered_as = ?, last_error = ?
 where mail_id = ? and status = 'sending'

-- What the outbox still holds to send (partial index outbox_mail_due).
-- name: waiting
select count(*) from outbox_mail where status = 'pending'

-- name: markRetry
update outbox_mail
   set status = 'pending', last_error = ?, next_attempt_at = now() + make_interval(secs => ?)
 where mail_id = ? and status = 'sending'

-- A reminder whose 課 owes nothing now in the rounds it asks for (V34): not sent, the reason kept.
-- name: markWithdrawn
update outbox_mail set status = 'withdrawn', last_error = ? where mail_id = ? and status = 'sending'

-- The rounds (plan, fiscal year) a queued reminder asks for (V26; none for one queued before).
-- name: reminderRounds
select plan_code, fiscal_year from reminder_round where mail_id = ? order by plan_code, fiscal_year

-- name: markFailed
update outbox_mail set status = 'failed', last_error = ? where mail_id = ? and status = 'sending'

-- A mail left 'sending' by a process that died may or may not have reached the server: never send it
-- again on a guess, show it to a person instead.
-- name: markAbandoned
update outbox_mail
   set status = 'unconfirmed',
       last_error = '送信中に処理が中断されました（' || coalesce(claimed_by, '?') || '）。届いたかどうか確認してください。'
 where status = 'sending' and claimed_at < now() - make_interval(secs => ?)

-- Mail not sent, of which it is not known whether it was sent, or sent with some recipients refused
-- ('partial': a sent mail keeps a last_error only then).
-- name: undeliveredToReport
select mail_id, created_at, kind, array_to_string(recipients_to || recipients_cc, ', '), subject, attempts,
       last_error, case when status = 'sent' then 'partial' else status end, recipients_to || recipients_cc
  from outbox_mail
 where (status in ('failed', 'unconfirmed') or (status = 'sent' and last_error is not null))
   and reported_at is null
 order by mail_id

-- Mail not sent (failed) or not known to have been sent (unconfirmed), the newest first: the console's メール page.
-- name: undelivered
select mail_id, created_at, kind, array_to_string(recipients_to || recipients_cc, ', '), subject, attempts,
       last_error, status, recipients_to || recipients_cc
  from outbox_mail
 where status in ('failed', 'unconfirmed')
 order by mail_id desc
 limit ?

-- name: markReported
update outbox_mail set reported_at = now() where mail_id = any(?)

-- name: countByStatus
select status, count(*) from outbox_mail group by status

-- Which of these keys were queued before (the reminders of a day already queued by an earlier run).
-- name: queuedKeys
select dedup_key from outbox_mail where dedup_key = any(?)

-- outbox retry: failed mail (and unconfirmed mail when asked for, or named by id) queued again, tried afresh
-- and reported again if it fails again. Parameters: include unconfirmed, ids twice (or null), since twice (or null).
-- name: requeue
with chosen as (
    select mail_id, attempts, status
      from outbox_mail
     where (status = 'failed' or (status = 'unconfirmed' and ?::boolean))
       and (?::bigint[] is null or mail_id = any(?::bigint[]))
       and (?::timestamptz is null or created_at >= ?::timestamptz)
       for update
), unlisted as (
    -- reported again if it fails again: no plan's report has listed this attempt (V33)
    delete from exception_report_outbox x using chosen o where x.mail_id = o.mail_id
)
update outbox_mail m
   set status = 'pending', attempts = 0, next_attempt_at = now(), reported_at = null,
       claimed_by = null, claimed_at = null
  from chosen o
 where m.mail_id = o.mail_id
returning m.mail_id, m.created_at, m.kind, array_to_string(m.recipients_to || m.recipients_cc, ', '), m.subject,
          o.attempts, m.last_error, o.status, m.recipients_to || m.recipients_cc

-- The status of these mails (outbox retry names those of its --id it did not queue).
-- name: statusOf
select mail_id, status from outbox_mail where mail_id = any(?)
