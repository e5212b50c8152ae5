-- Messages read from the collection mailbox.

-- Who sent the mail recorded under a key, and its subject: another mail under the same Message-ID differs.
-- name: recorded
select from_address, subject from mail_message where message_key = ?

-- name: insert
insert into mail_message (message_key, received_at, from_address, subject, department_name, outcome,
                          attachment_names, problems, error)
values (?, ?, ?, ?, ?, ?, ?, ?, ?)
on conflict (message_key) do nothing

-- name: unknownSendersToReport
select message_key, received_at, from_address, subject, attachment_names
  from mail_message
 where outcome = 'unknown_sender' and reported_at is null
 order by received_at

-- name: unreadableToReport
select message_key, received_at, from_address, subject, attachment_names, error
  from mail_message
 where outcome = 'unreadable' and reported_at is null
 order by received_at

-- name: notTakenToReport
-- mail of a registered 課 answered by a reply saying what was not taken; the predicate is the one of the
-- partial index mail_message_not_taken_unreported (V24), so that the planner uses it
select message_key, received_at, department_name, from_address, subject, attachment_names, problems
  from mail_message
 where outcome in ('processed', 'no_usable_attachment') and cardinality(problems) > 0 and reported_at is null
 order by received_at

-- name: markReported
update mail_message set reported_at = now() where message_key = any(?)
