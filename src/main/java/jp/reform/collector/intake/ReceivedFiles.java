package jp.reform.collector.intake;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.SubmissionRepository;
import jp.reform.collector.store.SubmissionRepository.Received;

/**
 * Finds the submission of a file taken again, by where it came from. A channel commits a file's submission
 * (rows, receipt mail queued) before it archives the file; a crash or an outage in between leaves the file in
 * the inbox, or its mail in the mailbox's folder. Taken again, it is not received a second time: the channel
 * finishes what was interrupted with the submission found here, and no second receipt goes out.
 */
public final class ReceivedFiles {

    /** Exchange property the channels set to the outcome of a file received before (the routes then skip ingest). */
    public static final String PROPERTY = "receivedBefore";

    private final Database database;
    private final SubmissionRepository submissions = new SubmissionRepository();

    public ReceivedFiles(Database database) {
        this.database = database;
    }

    /** The latest submission of the file (one indexed lookup), as the outcome its archive needs; empty when none. */
    Optional<Earlier> find(IncomingFile incoming) throws SQLException {
        if (incoming.sourceKey() == null) {
            return Optional.empty();
        }
        Optional<Received> found;
        try (Connection c = database.connect()) {
            found = submissions.findBySource(c, incoming.channel(), incoming.sourceKey());
        }
        // a submission without its receipt text cannot be finished as it was answered: received again instead
        return found.filter(r -> r.receiptText() != null && r.archivedPath() != null).map(ReceivedFiles::earlier);
    }

    /** A submission found again, with its file's entry as it was read, and the outcome that archives it as answered. */
    record Earlier(String archivedPath, String identity, IngestOutcome outcome) {
    }

    private static Earlier earlier(Received r) {
        int slash = r.archivedPath().lastIndexOf('/');
        String folder = slash < 0 ? "" : r.archivedPath().substring(0, slash);
        String name = r.archivedPath().substring(slash + 1);
        return new Earlier(r.archivedPath(), r.sourceIdentity(), new IngestOutcome(r.receiptNo(), status(r.status()), r.department(), folder,
                name, ArchiveNames.receipt(name), r.receiptText(), true));
    }

    /** As received; a held file the division declined since was received as held. */
    private static SubmissionStatus status(String dbValue) {
        return "declined".equals(dbValue) ? SubmissionStatus.HELD
                : SubmissionStatus.valueOf(dbValue.toUpperCase(Locale.ROOT));
    }
}
