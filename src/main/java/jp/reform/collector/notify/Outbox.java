package jp.reform.collector.notify;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try {
            return queueComposed(c, mail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean queueComposed(Connection c, OutgoingMail mail) throws SQLException, IOException {
        if (mail.to().isEmpty()) {
            return false;
        }
        if (repository.exists(c, mail.dedupKey())) {
            return false; // not composed twice; the insert below also ignores a race
        }
        if (!mail.hasFileAttachments()) {
            return repository.queue(c, new OutboxRepository.QueuedMail(mail.kind(), mail.dedupKey(), mail.to(),
                    mail.cc(), mail.subject(), composer.compose(mail), null, mail.submissionId()));
        }
        // workbooks on disk: the message goes to disk too and is streamed into the outbox row
        Path composed = Files.createTempFile("outbox-", ".eml");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(composed))) {
                composer.composeTo(mail, out);
            }
            return repository.queue(c, new OutboxRepository.QueuedMail(mail.kind(), mail.dedupKey(), mail.to(),
                    mail.cc(), mail.subject(), null, composed, mail.submissionId()));
        } finally {
            Files.deleteIfExists(composed);
        }
    }

    public boolean alreadyQueued(Connection c, String dedupKey) throws SQLException {
        return repository.exists(c, dedupKey);
    }
}
