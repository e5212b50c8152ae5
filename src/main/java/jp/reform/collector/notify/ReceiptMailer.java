package jp.reform.collector.notify;

import java.sql.Connection;
import java.sql.SQLException;

/** Queues the receipt mail of a submission in the transaction that records the submission. */
public final class ReceiptMailer {

    private final Outbox outbox;
    private final ReceiptNotice notice;

    public ReceiptMailer(Outbox outbox, ReceiptNotice notice) {
        this.outbox = outbox;
        this.notice = notice;
    }

    /** Queues another mail a submission causes (to the 課 whose shared report it replaced), in its transaction. */
    public void queue(Connection c, OutgoingMail mail) throws SQLException {
        outbox.queue(c, mail);
    }

    public void queue(Connection c, ReceiptNotice.Submission submission) throws SQLException {
        var mail = notice.mail(submission);
        if (mail.isPresent()) {
            outbox.queue(c, mail.get());
        }
    }
}
