package jp.reform.collector.notify;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.store.OutboxRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues e-mail in the caller's transaction: the mail exists if and only if the change that causes it
 * was committed. The message is composed here, once; the sender only delivers the stored bytes.
 */
public final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

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
        mail = withUsableRecipients(mail);
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

    /**
     * The mail without the recipients that no mail can go to (a slip in departments.csv such as two addresses
     * joined by 「;」): the composer would refuse the whole mail, and with a receipt the transaction of the file
     * it answers, so the others still get it and one line names what was left out.
     */
    private static OutgoingMail withUsableRecipients(OutgoingMail mail) {
        List<String> to = usable(mail, mail.to());
        List<String> cc = usable(mail, mail.cc());
        if (to.size() == mail.to().size() && cc.size() == mail.cc().size()) {
            return mail;
        }
        return new OutgoingMail(mail.kind(), mail.dedupKey(), to, cc, mail.subject(), mail.text(), mail.html(),
                mail.attachments(), mail.submissionId(), mail.inReplyTo());
    }

    private static List<String> usable(OutgoingMail mail, List<String> addresses) {
        List<String> usable = new ArrayList<>(addresses.size());
        for (String address : addresses) {
            var problem = MailAddresses.problem(address);
            if (problem.isEmpty()) {
                usable.add(address);
            } else {
                LOG.warn("Mail {}: recipient {} cannot be used for mail ({}), left out", LogText.escape(mail.dedupKey()),
                        LogText.escape(address), problem.get());
            }
        }
        return usable;
    }

    public boolean alreadyQueued(Connection c, String dedupKey) throws SQLException {
        return repository.exists(c, dedupKey);
    }
}
