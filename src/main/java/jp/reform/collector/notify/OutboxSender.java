package jp.reform.collector.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.OutboxRepository;
import jp.reform.collector.store.OutboxRepository.ClaimedMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox: claims one due mail at a time (committed before sending, so that a second instance
 * skips it), delivers it, and marks it sent. A mail the server took for some recipients and refused for
 * others counts as sent; the refused ones are logged and shown in the next exception report. A failure that
 * may pass (server down, timeout, 4xx) puts the mail back with a doubling delay until it has been retried for
 * {@code mail.send.give-up-hours}; a final refusal (5xx for every recipient or for the message) and a mail
 * past that horizon are marked failed and shown in the next exception report. A mail found still 'sending'
 * from a process that died, or one delivered whose 'sent' could not be written, is never sent again on a
 * guess: it becomes 'unconfirmed' and is reported for a person to check. A reminder whose 課 owes nothing now in
 * the rounds it asks for (it sent its file while the server was down) is withdrawn, not sent (V34).
 */
public final class OutboxSender {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(15);

    private final Database database;
    private final MailDelivery delivery;
    private final MailSettings settings;
    private final String instance;

    public OutboxSender(Database database, MailDelivery delivery, MailSettings settings, String instance) {
        this.database = database;
        this.delivery = delivery;
        this.settings = settings;
        this.instance = instance;
    }

    /**
     * What one sweep of the outbox did, and what it left: {@code waiting} counts every mail still to send (a
     * sweep that found the server down tried one and left the rest), so that the summary does not read as if
     * one mail were all that waits.
     */
    public record Sweep(int sent, int retrying, int failed, int withdrawn, int waiting) {
        @Override
        public String toString() {
            return "sent %d, to retry %d, failed %d, %swaiting to be sent %d".formatted(sent, retrying, failed,
                    withdrawn == 0 ? "" : "reminders withdrawn (nothing owed now) %d, ".formatted(withdrawn), waiting);
        }
    }

    /** Sends everything due now; returns when the outbox has nothing due. */
    public Sweep sendDue() throws SQLException {
        OutboxRepository outbox = new OutboxRepository();
        int sent = 0;
        int retrying = 0;
        int failed = 0;
        int withdrawn = 0;
        try (Connection c = database.connect()) {
            c.setAutoCommit(true);
            int abandoned = outbox.markAbandoned(c, ABANDONED_AFTER);
            if (abandoned > 0) {
                LOG.warn("{} mail(s) were being sent by a process that stopped; marked unconfirmed", abandoned);
            }
            List<Long> seen = new ArrayList<>();
            SettledReminders settled = new SettledReminders();
            Optional<ClaimedMail> next;
            while ((next = outbox.claimDue(c, instance)).isPresent()) {
                ClaimedMail mail = next.get();
                if (seen.contains(mail.id())) {
                    break; // retried with no delay (retry-initial-seconds=0): leave it for the next sweep
                }
                seen.add(mail.id());
                if ("reminder".equals(mail.kind())) {
                    Optional<String> reason = settled.settled(c, mail.id(), mail.dedupKey());
                    if (reason.isPresent()) {
                        outbox.markWithdrawn(c, mail.id(), reason.get());
                        LOG.info("Reminder {} ({}) not sent: its 課 owes nothing now in the rounds it asks for",
                                mail.id(), LogText.escape(mail.dedupKey()));
                        withdrawn++;
                        continue;
                    }
                }
                List<String> recipients = new ArrayList<>(mail.to());
                recipients.addAll(mail.cc());
                MailDelivery.Delivered delivered;
                try {
                    delivered = delivery.deliver(mail.id(), mail.kind(), mail.mime(), recipients);
                } catch (MailDelivery.PermanentFailure e) {
                    outbox.markFailed(c, mail.id(), describe(e.getMessage()));
                    LOG.error("Mail {} ({}) to {} refused: {}", mail.id(), mail.kind(), logged(recipients),
                            LogText.cause(e));
                    failed++;
                    continue;
                } catch (Exception e) {
                    String error = describe(LogText.cause(e));
                    if (settings.retriedLongEnough(mail.attempts())) {
                        outbox.markFailed(c, mail.id(), error);
                        LOG.error("Mail {} ({}) to {} failed after {} attempts over {} h: {}", mail.id(), mail.kind(),
                                logged(recipients), mail.attempts(), settings.giveUpAfter().toHours(), error);
                        failed++;
                        continue;
                    }
                    Duration delay = settings.retryDelay(mail.attempts());
                    outbox.markRetry(c, mail.id(), error, delay);
                    LOG.warn("Mail {} ({}) not sent (attempt {}), retrying in {}s: {}", mail.id(), mail.kind(),
                            mail.attempts(), delay.toSeconds(), error);
                    retrying++;
                    if (e instanceof jakarta.mail.SendFailedException) {
                        // the server answered, only not for this mail (a full mailbox): the rest goes now, as
                        // run-once sends once a night and this mail, the oldest, would come first every night
                        continue;
                    }
                    break; // the server is probably down: the rest waits for the next sweep
                }
                String refused = delivered.refused().isEmpty() ? null
                        : describe(Messages.text("mail.partly_refused", SmtpDelivery.text(delivered.refused())));
                if (refused != null) {
                    LOG.warn("Mail {} ({}) sent via {} to all but {} recipient(s), which the server refused: {}",
                            mail.id(), mail.kind(), delivered.where(), delivered.refused().size(),
                            LogText.escape(SmtpDelivery.text(delivered.refused()), 1000));
                } else {
                    LOG.info("Mail {} ({}) sent to {} via {}", mail.id(), mail.kind(), logged(recipients),
                            delivered.where());
                }
                if (!markSent(outbox, c, mail, delivered.where(), refused)) {
                    sent++;
                    break; // the sweep's connection failed; the mail was marked on another one: the rest waits
                }
                sent++;
            }
        }
        int waiting;
        try (Connection c = database.connect()) {
            waiting = outbox.waiting(c);
        }
        return new Sweep(sent, retrying, failed, withdrawn, waiting);
    }

    /**
     * Marks a delivered mail sent. The server has it: whatever happens to the database now, it must never go
     * back to 'pending' (it would be sent twice). A failure of the connection is tried once more on a fresh
     * one; if that fails too the mail stays 'sending', becomes 'unconfirmed' after {@link #ABANDONED_AFTER}
     * and is reported for a person to check, and the sweep ends with the database's error.
     *
     * @return true when marked on the sweep's connection, false when on a fresh one
     */
    private boolean markSent(OutboxRepository outbox, Connection c, ClaimedMail mail, String where, String refused)
            throws SQLException {
        try {
            outbox.markSent(c, mail.id(), where, refused);
            return true;
        } catch (SQLException first) {
            LOG.error("Mail {} ({}) was delivered via {} but could not be marked sent; trying once more: {}",
                    mail.id(), mail.kind(), where, LogText.cause(first));
            try (Connection again = database.connect()) {
                again.setAutoCommit(true);
                outbox.markSent(again, mail.id(), where, refused);
                return false;
            } catch (SQLException second) {
                LOG.error("Mail {} ({}) was delivered but still could not be marked sent; it will not be sent again "
                        + "and is reported as unconfirmed: {}", mail.id(), mail.kind(), LogText.cause(second));
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    /** Addresses may come from a mail's From header: each escaped for the log line. */
    private static List<String> logged(List<String> recipients) {
        return recipients.stream().map(LogText::escape).toList();
    }

    /** One line (a timeout, a refused connection …), for the log and for last_error in the report. */
    private static String describe(String text) {
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
