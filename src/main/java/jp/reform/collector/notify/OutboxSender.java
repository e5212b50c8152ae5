package jp.reform.collector.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.OutboxRepository;
import jp.reform.collector.store.OutboxRepository.ClaimedMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox: claims one due mail at a time (committed before sending, so that a second instance
 * skips it), delivers it, and marks it sent; a failure puts it back with a doubling delay until the last
 * attempt, after which it is marked failed and shown in the next exception report. A mail found still
 * 'sending' from a process that died is never sent again on a guess: it becomes 'unconfirmed' and is
 * reported for a person to check.
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

    /** What one sweep of the outbox did. */
    public record Sweep(int sent, int retrying, int failed) {
        @Override
        public String toString() {
            return "sent %d, to retry %d, failed %d".formatted(sent, retrying, failed);
        }
    }

    /** Sends everything due now; returns when the outbox has nothing due. */
    public Sweep sendDue() throws SQLException {
        OutboxRepository outbox = new OutboxRepository();
        int sent = 0;
        int retrying = 0;
        int failed = 0;
        try (Connection c = database.connect()) {
            c.setAutoCommit(true);
            int abandoned = outbox.markAbandoned(c, ABANDONED_AFTER);
            if (abandoned > 0) {
                LOG.warn("{} mail(s) were being sent by a process that stopped; marked unconfirmed", abandoned);
            }
            List<Long> seen = new ArrayList<>();
            Optional<ClaimedMail> next;
            while ((next = outbox.claimDue(c, instance)).isPresent()) {
                ClaimedMail mail = next.get();
                if (seen.contains(mail.id())) {
                    break; // retried with no delay (retry-initial-seconds=0): leave it for the next sweep
                }
                seen.add(mail.id());
                List<String> recipients = new ArrayList<>(mail.to());
                recipients.addAll(mail.cc());
                try {
                    String where = delivery.deliver(mail.id(), mail.kind(), mail.mime(), recipients);
                    outbox.markSent(c, mail.id(), where);
                    LOG.info("Mail {} ({}) sent to {} via {}", mail.id(), mail.kind(), logged(recipients), where);
                    sent++;
                } catch (MailDelivery.PermanentFailure e) {
                    outbox.markFailed(c, mail.id(), e.getMessage());
                    LOG.error("Mail {} ({}) to {} refused: {}", mail.id(), mail.kind(), logged(recipients),
                            LogText.cause(e));
                    failed++;
                } catch (Exception e) {
                    String error = describe(e);
                    if (mail.attempts() >= settings.maxAttempts()) {
                        outbox.markFailed(c, mail.id(), error);
                        LOG.error("Mail {} ({}) to {} failed after {} attempts: {}", mail.id(), mail.kind(),
                                logged(recipients), mail.attempts(), error);
                        failed++;
                    } else {
                        Duration delay = settings.retryDelay(mail.attempts());
                        outbox.markRetry(c, mail.id(), error, delay);
                        LOG.warn("Mail {} ({}) not sent (attempt {}), retrying in {}s: {}", mail.id(), mail.kind(),
                                mail.attempts(), delay.toSeconds(), error);
                        retrying++;
                        break; // the server is probably down: the rest waits for the next sweep
                    }
                }
            }
        }
        return new Sweep(sent, retrying, failed);
    }

    /** Addresses may come from a mail's From header: each escaped for the log line. */
    private static List<String> logged(List<String> recipients) {
        return recipients.stream().map(LogText::escape).toList();
    }

    /** One line (a timeout, a refused connection …), for the log and for last_error in the report. */
    private static String describe(Exception e) {
        String text = LogText.cause(e);
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
