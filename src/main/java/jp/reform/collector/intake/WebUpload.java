package jp.reform.collector.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.domain.Messages;
import jp.reform.collector.store.FolderRefusalRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The third channel: a file a department user uploads on the console. The upload is copied to a staging
 * folder of its own, goes through the one ingest path like a folder drop or a mailed file, and is archived in
 * the department's folder of the inbox (.done/ or .error/ with its receipt), where the other channels'
 * files are, so that the division finds every original in one place.
 */
public final class WebUpload {

    public static final String CHANNEL = "upload";
    /** Where the original of a received upload waits when its 課's archive could not take it. */
    static final String KEPT = "kept";

    private static final Logger LOG = LoggerFactory.getLogger(WebUpload.class);

    private final Path staging;
    private final Path inbox;
    private final Clock clock;
    private final FolderRefusalRepository refusals;

    /** @param refusals where a received file that could not be archived is recorded for the exception report */
    public WebUpload(Path staging, Path inbox, Clock clock, FolderRefusalRepository refusals) {
        this.staging = staging.toAbsolutePath();
        this.inbox = inbox.toAbsolutePath();
        this.clock = clock;
        this.refusals = refusals;
    }

    /**
     * The file's own name from what the browser sent: some (Internet Explorer, old Edge) send the whole path on
     * the user's PC, {@code C:\Users\…\結果.xlsx}, which is neither the name the 課 knows nor anything of the
     * server's business. Cut at the last backslash or slash; nothing left is no name.
     */
    public static String sentName(String sent) {
        if (sent == null) {
            return null;
        }
        int cut = Math.max(sent.lastIndexOf('\\'), sent.lastIndexOf('/'));
        return sent.substring(cut + 1);
    }

    /**
     * Takes the uploaded file out of the HTTP server's upload folder (which it empties when the request ends).
     *
     * @param originalName the name the user's browser gave; kept as received, made safe where it is stored
     * @param department   the signed-in user's own department, never a name from the request
     */
    public IncomingFile stage(Path uploaded, String originalName, String department) throws IOException {
        Path folder = staging.resolve(UUID.randomUUID().toString());
        Files.createDirectories(folder);
        Path copy = folder.resolve("upload");
        Files.copy(uploaded, copy, StandardCopyOption.REPLACE_EXISTING);
        return new IncomingFile(copy, originalName, CHANNEL, department, clock.instant(), null);
    }

    /**
     * After ingest: the original joins the department's archive with its receipt beside it. One that cannot be
     * archived (a full disk, a folder without write permission) has been received and its receipt queued in the
     * same transaction: it is recorded for the exception report, as a mailed file is, and the user is shown its
     * receipt all the same, never an error page that would have them upload it again.
     *
     * @return false when the file could not be archived (and was recorded so)
     */
    public boolean archive(IncomingFile incoming, IngestOutcome outcome) throws SQLException {
        try {
            ReceiptFiles.moveIn(inbox, incoming, outcome);
            return true;
        } catch (IOException | RuntimeException e) {
            Path kept = keep(incoming, outcome);
            LOG.error("Uploaded file {} of {} was received as {} but could not be archived ({}): {}",
                    LogText.escape(incoming.originalName()), LogText.escape(incoming.departmentName()),
                    outcome.receiptNo(), kept == null ? "its original is lost" : "its original kept as " + kept,
                    LogText.escape(e.toString(), 1000));
            String where = kept == null ? Messages.text("upload.unarchived_suffix")
                    : Messages.text("upload.unarchived_kept_suffix",
                    staging.getParent().relativize(kept).toString().replace('\\', '/'));
            refusals.recordLeft(ReceiptFiles.unarchived(incoming, where, outcome, "upload: " + e));
            return false;
        }
    }

    /**
     * The original of a received upload its archive could not take, moved aside in the staging folder (the same
     * disk: a rename, which needs no room) rather than deleted with the rest of the staged upload: nothing else
     * keeps it. Null when even that failed.
     */
    private Path keep(IncomingFile incoming, IngestOutcome outcome) {
        try {
            Path folder = Files.createDirectories(staging.resolve(KEPT));
            Path kept = folder.resolve(ArchiveNames.archived(outcome.receiptNo(), incoming.originalName(), ""));
            return Files.move(incoming.file(), kept, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            LOG.error("The original of upload {} could not be kept either: {}", outcome.receiptNo(), LogText.cause(e));
            return null;
        }
    }

    /** Removes what is left of a staged upload (everything, when ingest failed before archiving). */
    public void cleanUp(IncomingFile incoming) {
        Path folder = incoming.file().getParent();
        if (folder == null || !folder.startsWith(staging) || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
