package jp.reform.collector.notify;

import java.sql.Connection;
import java.sql.SQLException;
import jp.reform.collector.store.OutboxRepository;

/**
 * Queues e-mail in the caller's transaction: the mail exists if and only if the change that causes it
 * was committed. The message is composed here, once; the sender only delivers the stored bytes.
 */
public final class Outbox {

    private final MimeComposer composer;
    private final OutboxRepository repository = new OutboxRepository();

    public Outbox(MimeComposer composer) {
        this.composer = composer;
    }

    /** @return false when the same mail (same dedup key) was queued before, or it has no recipient */
    public boolean queue(Connection c, OutgoingMail mail) throws SQLException {
        if (mail.to().isEmpty()) {
            return false;
        }
        if (repository.exists(c, mail.dedupKey())) {
            return false; // not composed twice; the insert below also ignores a race
        }
        return repository.queue(c, new OutboxRepository.QueuedMail(mail.kind(), mail.dedupKey(), mail.to(),
                mail.cc(), mail.subject(), composer.compose(mail), mail.submissionId()));
    }

    public boolean alreadyQueued(Connection c, String dedupKey) throws SQLException {
        return repository.exists(c, dedupKey);
    }
}
