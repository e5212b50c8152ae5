-- A reminder still in the outbox when its 課 no longer owes anything in the rounds it asks for (the mail server
-- was down for a weekend and the 課 sent its file meanwhile; the division closed the round) is not sent: the
-- sender marks it 'withdrawn' with the reason in last_error. A 課 is never asked for what it has sent.
alter table outbox_mail drop constraint outbox_mail_status_check;
alter table outbox_mail add constraint outbox_mail_status_check
    check (status in ('pending', 'sending', 'sent', 'failed', 'unconfirmed', 'withdrawn'));
