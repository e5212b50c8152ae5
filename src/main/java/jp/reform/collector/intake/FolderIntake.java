package jp.reform.collector.intake;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.intake.FolderJail.FileState;
import jp.reform.collector.intake.FolderJail.RefusedItem;
import jp.reform.collector.master.Department;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.store.FolderRefusalRepository;
import jp.reform.collector.store.FolderRefusalRepository.Kind;
import jp.reform.collector.store.FolderRefusalRepository.Refusal;
import jp.reform.collector.store.Jdbc;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared-folder channel: turns a file found in inbox/&lt;department&gt;/ into an {@link IncomingFile}, and
 * after ingest moves it into the archive folder (inbox/&lt;department&gt;/.done/&lt;date&gt;/ or .error/&lt;date&gt;/)
 * beside its receipt.
 *
 * <p>Each file ends in a known state whatever happens to it, and never holds up the files after it:
 * loaded or rejected and archived; set aside in inbox/&lt;department&gt;/.quarantine/&lt;date&gt;/ with a reason
 * file (unreadable, made the ingest fail, could not be archived after it was received); left in place and
 * reported when it must not be touched (see {@link FolderJail}); or skipped when it disappeared or changed
 * while it was read. Only a failure of the run itself (the database) leaves a file in the inbox to be
 * read again.
 *
 * <p>The file is read from a private copy taken without following links, so that what is checked, hashed,
 * loaded and archived is one and the same content, even if the entry in the shared folder is replaced.
 */
public final class FolderIntake {

    /** Exchange property: the file in the inbox, as listed (Camel's own paths turn a backslash into a separator). */
    public static final String ITEM = "CollectorFolderItem";
    private static final String READ_STATE = "CollectorFolderItemState";
    /** Exchange property: where {@link #archive} put the loaded copy, until {@link #releaseOriginal} takes the original. */
    private static final String ARCHIVED_AT = "CollectorFolderItemArchive";
    /** Exchange property: the outcome of this very file's submission, when it was received before (see {@link #receivedBefore}). */
    public static final String RECEIVED_BEFORE = ReceivedFiles.PROPERTY;
    private static final Logger LOG = LoggerFactory.getLogger(FolderIntake.class);
    private static final Duration STALE_COPY = Duration.ofDays(1);

    /** What became of a file that could not be taken the ordinary way. */
    public enum SetAside {
        /** Moved into .quarantine with its reason. */
        QUARANTINED,
        /** Left where it is (not to be touched, or could not be moved), recorded for the report. */
        LEFT,
        /** Gone or changed while it was read: nothing loaded, nothing recorded. */
        SKIPPED,
        /** Could not even be recorded (database down): a failure of the run. */
        NOT_RECORDED
    }

    /** Our own copy could not be written (disk full): a failure of the run, not of the file. */
    static final class StagingFailed extends IOException {
        StagingFailed(IOException cause) {
            super("Cannot write the working copy: " + cause.getMessage(), cause);
        }
    }

    /** The file changed while it was copied: it is read again once it has settled. */
    static final class ChangedWhileReading extends IOException {
        ChangedWhileReading(String file) {
            super("changed while it was read: " + file);
        }
    }

    private final Path inbox;
    private final Path staging;
    private final Clock clock;
    private final FolderRefusalRepository refusals;
    private final Quarantine quarantine;
    private final FolderJail jail;
    private final TakenOriginals originals;
    private final ReceivedFiles received;
    /** A larger file is copied only a byte past this, and refused for its size, unread (a video left there). */
    private final long maxFileBytes;
    /**
     * One turn per 課, whichever of its folders a file is in (its current name, a former name, a full-width
     * spelling): its files are loaded one after another, in the poll's order.
     */
    private final Map<String, Semaphore> turns = new ConcurrentHashMap<>();
    /** The 課 a folder name is (current or former name, any spelling); the name itself when it is no 課's. */
    private final UnaryOperator<String> departmentOfFolder;

    /**
     * @param staging a private folder (not shared with the departments) for the working copies
     * @param settle    how long a file must stay unchanged before it is read
     * @param waitLimit how long run-once waits for a file that keeps changing
     * @param maxFileBytes the size limit of a file (limits.max-file-mb): a larger one is copied only a byte past it
     * @param received  finds the submission of a file taken again after an interruption
     * @param departmentOfFolder the 課 a folder name is (current or former name, any spelling)
     */
    public FolderIntake(Path inbox, Path staging, FolderRefusalRepository refusals, ReceivedFiles received,
                        Duration settle, Duration waitLimit, Clock clock, long maxFileBytes,
                        UnaryOperator<String> departmentOfFolder) throws IOException {
        this.maxFileBytes = maxFileBytes;
        this.departmentOfFolder = departmentOfFolder;
        this.received = received;
        this.inbox = inbox.toAbsolutePath().normalize();
        this.staging = staging;
        this.clock = clock;
        this.refusals = refusals;
        this.quarantine = new Quarantine(clock, this.inbox);
        this.originals = new TakenOriginals(this.inbox, clock);
        this.jail = new FolderJail(this.inbox, refusals, quarantine, settle, waitLimit);
        jail.atPollStart(originals::check);
        removeStaleCopies();
    }

    /** The 課 a folder of the inbox is, by its current or former name in any spelling; else the folder's name. */
    public static UnaryOperator<String> departmentOfFolder(MasterData master) {
        return folder -> master.department(folder).map(Department::name).orElse(folder);
    }

    /** The file consumer's filter. */
    public FolderJail jail() {
        return jail;
    }

    /**
     * Called on the poll's thread before a file is handed to a parallel consumer: waits until the previous
     * file of the same department is done. Files of different departments are loaded side by side, but two
     * files of one department in one poll are loaded oldest first, so that the one saved last is the current
     * value, as when they were loaded one by one: also when one is in the folder of its former name. The turn
     * ends when the file's exchange is done.
     */
    public void waitForItsTurn(Exchange exchange) throws InterruptedException {
        GenericFile<?> found = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE, GenericFile.class);
        String department = departmentOfFolder.apply(department(((File) found.getFile()).toPath().toAbsolutePath()));
        Semaphore turn = turns.computeIfAbsent(department, d -> new Semaphore(1));
        turn.acquire();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                turn.release();
            }
        });
    }

    /**
     * Checks the file again (it may have been replaced by a link since the poll), copies it without
     * following links, and checks it did not change meanwhile. The department is the first folder below
     * the inbox, as the folder is named (current or former name).
     */
    @Handler
    public IncomingFile toIncomingFile(Exchange exchange) throws IOException, RefusedItem {
        GenericFile<?> found = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE, GenericFile.class);
        Path item = ((File) found.getFile()).toPath().toAbsolutePath();
        exchange.setProperty(ITEM, item);
        FileState before = jail.check(item);
        Path copy = copy(item, maxFileBytes + 1);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                deleteQuietly(copy);
            }
        });
        FileState after = FolderJail.stateOf(item);
        if (after == null) {
            throw new NoSuchFileException(item.toString(), null, "gone while it was read");
        }
        if (!after.equals(before)) {
            throw new ChangedWhileReading(jail.relative(item));
        }
        exchange.setProperty(READ_STATE, after);
        return new IncomingFile(copy, item.getFileName().toString(), "folder", department(item), clock.instant(),
                null, null, after.size() > maxFileBytes ? after.size() : null,
                SourceKeys.folder(jail.relative(item), after.size(), after.modified()), FolderJail.entryIdentity(item));
    }

    /**
     * Before ingest: whether this very file (same folder, name, size and modified time) was received before and
     * an interruption (a crash, an outage) between its commit and the original leaving the folder left it in the
     * inbox. Its outcome is then set as {@link #RECEIVED_BEFORE}: the file is archived with the receipt it was
     * answered with, not received again. When that earlier file's archive is written already, this is either
     * the original a crash left before it was taken out, the same entry untouched since it was read (its
     * identity, where the file system tells it), or a copy dropped again (a copy keeps the name, size and
     * modified time, but is a new entry): that one is received as usual, and answered as 受付済み.
     */
    public void receivedBefore(Exchange exchange) throws SQLException {
        IncomingFile incoming = exchange.getProperty("incomingFile", IncomingFile.class);
        Path item = exchange.getProperty(ITEM, Path.class);
        Optional<ReceivedFiles.Earlier> earlier = received.find(incoming);
        if (earlier.isEmpty()
                || Files.exists(item.getParent().resolve(earlier.get().archivedPath()), LinkOption.NOFOLLOW_LINKS)
                && (incoming.sourceIdentity() == null || !incoming.sourceIdentity().equals(earlier.get().identity()))) {
            return;
        }
        IngestOutcome outcome = earlier.get().outcome();
        LOG.info("File {} was received as {} before, but an interruption or its folder kept it from its archive: "
                + "archived now, not received again", LogText.escape(jail.relative(item)), outcome.receiptNo());
        exchange.setProperty(RECEIVED_BEFORE, outcome);
    }

    /**
     * Writes the receipt beside where the file is archived and puts the content that was loaded there. A file
     * that cannot be archived has been received and answered already: it is set aside, never read again.
     */
    public void archive(Exchange exchange) throws SQLException {
        IngestOutcome outcome = exchange.getIn().getBody(IngestOutcome.class);
        IncomingFile incoming = exchange.getProperty("incomingFile", IncomingFile.class);
        FileState read = exchange.getProperty(READ_STATE, FileState.class);
        Path item = whereItIsNow(exchange.getProperty(ITEM, Path.class), read);
        exchange.setProperty(ITEM, item);
        try {
            Path target = ReceiptFiles.archive(item.getParent(), outcome);
            if (incoming.foundSize() != null) {
                // refused for its size, unread (the working copy holds only its start): the original is archived
                archiveOriginal(item, read, incoming, target);
                jail.dealtWith(item);
                return;
            }
            if (outcome.resumed()) {
                // an interruption after the archive was written, whole or in part, and before the original left
                Files.deleteIfExists(target);
            }
            // the working copy, which is what was hashed and loaded: the original may still be written to by a
            // writer that paused longer than the settle time, and the archive must not take in what was not loaded
            // (no REPLACE_EXISTING: never over another file, nor through a link standing at the name)
            Files.copy(incoming.file(), target);
            Files.setLastModifiedTime(target, FileTime.fromMillis(read.modified()));
            exchange.setProperty(ARCHIVED_AT, target);
        } catch (IOException | RuntimeException e) {
            unarchivable(item, outcome, e);
        }
    }

    /**
     * After {@link #archive}: the original leaves the 課's folder, kept a while in its .taken folder (see
     * {@link TakenOriginals}). Until it has left, a crash leaves it to be found again as received before.
     */
    public void releaseOriginal(Exchange exchange) throws SQLException {
        Path target = exchange.getProperty(ARCHIVED_AT, Path.class);
        if (target == null) {
            return; // archived as it was, or set aside
        }
        IngestOutcome outcome = exchange.getIn().getBody(IngestOutcome.class);
        IncomingFile incoming = exchange.getProperty("incomingFile", IncomingFile.class);
        FileState read = exchange.getProperty(READ_STATE, FileState.class);
        Path item = exchange.getProperty(ITEM, Path.class);
        try {
            boolean taken;
            try {
                taken = originals.take(item, read, outcome.receiptNo());
            } catch (IOException | RuntimeException e) {
                // .taken cannot be used (a file or a link of that name in the 課's folder): the original is archived
                // itself, as it was before originals were kept, rather than the file set aside as unarchivable
                LOG.warn("The original of {} could not be kept in {}: archived itself instead ({})",
                        LogText.escape(jail.relative(item)), TakenOriginals.FOLDER, LogText.escape(e.toString(), 1000));
                Files.delete(target);
                taken = archiveOriginal(item, read, incoming, target);
            }
            if (!taken) {
                // gone or changed since it was read: a newer version is read later
                LOG.info("File {} changed or disappeared after it was read: archived the content that was loaded",
                        LogText.escape(jail.relative(item)));
            }
        } catch (IOException | RuntimeException e) {
            unarchivable(item, outcome, e);
            return;
        }
        jail.dealtWith(item);
    }

    private void unarchivable(Path item, IngestOutcome outcome, Exception e) throws SQLException {
        LOG.error("File {} was received as {} but could not be archived: {}", LogText.escape(jail.relative(item)),
                outcome.receiptNo(), LogText.escape(e.toString(), 1000));
        setAsideFile(item, Kind.UNARCHIVABLE, e.toString(), outcome.receiptNo(), outcome.receiptText(),
                outcome.archivePath());
    }

    /**
     * The original moved into the archive, as it was read; when it changed or went since, the working copy that
     * was loaded is archived instead. Returns whether the original was moved.
     */
    private static boolean archiveOriginal(Path item, FileState read, IncomingFile incoming, Path target)
            throws IOException {
        if (read.equals(FolderJail.stateOf(item))) {
            // no REPLACE_EXISTING: never over another file, nor through a link standing at the name
            Files.move(item, target);
            return true;
        }
        Files.copy(incoming.file(), target);
        return false;
    }

    /**
     * The file as it was read, where it is now: the 課's folder renamed while the file was loaded (the division
     * renaming it after a reorganisation) took the file along. Archived there, not in a folder made again under
     * the old name, and taken out of it, so that it is not read again from the renamed folder as a new file with a
     * second receipt. Found by what it is (the same file: identity, size and time), looked for in the inbox's
     * folders only when its own folder is gone.
     */
    private Path whereItIsNow(Path item, FileState read) {
        Path folder = item.getParent();
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) || read == null) {
            return item;
        }
        try (Stream<Path> folders = Files.list(inbox)) {
            Optional<Path> moved = folders
                    .filter(f -> !f.getFileName().toString().startsWith(".") && Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS))
                    .map(f -> f.resolve(item.getFileName().toString()))
                    .filter(f -> read.equals(FolderJail.stateOf(f)))
                    .findFirst();
            if (moved.isPresent()) {
                LOG.info("Folder {} was renamed to {} while {} was loaded: archived in the renamed folder",
                        LogText.escape(folder.getFileName().toString()),
                        LogText.escape(moved.get().getParent().getFileName().toString()),
                        LogText.escape(item.getFileName().toString()));
                return moved.get();
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Folder {} is gone and the inbox could not be listed to find where it went: {}",
                    LogText.escape(folder.getFileName().toString()), LogText.escape(e.toString(), 1000));
        }
        return item;
    }

    /**
     * Whether the failure of this exchange is the file's own (vanished, unreadable, a content that makes
     * the ingest fail) rather than the run's (the database, our own disk): the file is then set aside and
     * the run goes on.
     */
    public boolean isFaultOfTheFile(Exchange exchange) {
        if (exchange.getProperty(ITEM) == null) {
            return false; // the poll itself failed, no file in hand
        }
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (caught == null) {
            caught = exchange.getException();
        }
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof StagingFailed) {
                return false;
            }
            if (t instanceof SQLException sql) {
                return Jdbc.isCausedByData(sql);
            }
        }
        return caught != null;
    }

    /**
     * Sets aside the file whose processing failed: skipped when it vanished or changed while being read,
     * left and recorded when it must not be touched, else quarantined with its reason.
     */
    public SetAside setAside(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Path item = exchange.getProperty(ITEM, Path.class);
        String shown = LogText.escape(jail.relative(item));
        try {
            if (caught instanceof RefusedItem refused) {
                jail.refuse(item, department(item), refused);
                return SetAside.LEFT;
            }
            if (caught instanceof ChangedWhileReading) {
                LOG.info("File {} changed while it was read: nothing loaded, read again once it has settled", shown);
                return SetAside.SKIPPED;
            }
            if (!Files.exists(item, LinkOption.NOFOLLOW_LINKS)) {
                LOG.warn("File {} disappeared while it was read: skipped, nothing loaded ({})", shown,
                        LogText.escape(String.valueOf(caught), 1000));
                return SetAside.SKIPPED;
            }
            if (FolderJail.stateOf(item) == null) {
                // replaced by a link or something else while it was read
                jail.refuse(item, department(item), new RefusedItem(Kind.SPECIAL_FILE, "replaced while it was read"));
                return SetAside.LEFT;
            }
            boolean unreadable = isInputOutput(caught);
            if (unreadable) {
                LOG.error("File {} could not be read: {}", shown, LogText.escape(String.valueOf(caught), 1000));
            } else {
                LOG.error("File {} made the ingest fail", shown, caught);
            }
            return setAsideFile(item, unreadable ? Kind.UNREADABLE : Kind.POISON, String.valueOf(caught), null, null,
                    null);
        } catch (SQLException | RuntimeException e) {
            LOG.error("File {} could not be set aside: {}", shown, LogText.escape(e.toString(), 1000));
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
            return SetAside.NOT_RECORDED;
        }
    }

    /**
     * Moves the file into quarantine with its reason; when even that fails, leaves it and records it.
     *
     * @param archivedPath where the submission of a received file says it is archived, else null
     */
    private SetAside setAsideFile(Path item, Kind kind, String detail, String receiptNo, String receiptText,
                                  String archivedPath) throws SQLException {
        String relative = jail.relative(item);
        String department = department(item);
        Refusal refusal = new Refusal(relative, department, kind, "", detail, receiptNo);
        try {
            Path moved = quarantine.move(item, receiptNo, quarantine.reason(refusal, receiptNo, receiptText));
            refusals.recordQuarantined(refusal, jail.relative(moved));
            if (receiptNo != null) {
                refusals.moveArchivedPath(receiptNo, item.getParent().relativize(moved).toString().replace('\\', '/'));
            }
            LOG.warn("File {} quarantined as {} ({})", LogText.escape(relative), LogText.escape(jail.relative(moved)),
                    kind.dbValue());
            jail.dealtWith(item);
            return SetAside.QUARANTINED;
        } catch (IOException e) {
            FileState now = FolderJail.stateOf(item);
            jail.keep(item, new Refusal(relative, department, kind, now == null ? "" : now.fingerprint(),
                    detail + "; could not be quarantined: " + e, receiptNo), archivedPath);
            LOG.error("File {} could not be quarantined either ({}): left where it is, not read again while it is "
                    + "unchanged and what keeps it there lasts", LogText.escape(relative), LogText.escape(e.toString(), 1000));
            return SetAside.LEFT;
        }
    }

    /** The copy the ingest reads, taken without following a link (O_NOFOLLOW where the system has it). */
    /** Up to {@code limit} bytes of the file, without following links, into a private working copy. */
    private Path copy(Path item, long limit) throws IOException {
        Path copy;
        OutputStream out;
        try {
            Files.createDirectories(staging);
            copy = Files.createTempFile(staging, "folder-", ".tmp");
            out = Files.newOutputStream(copy);
        } catch (IOException e) {
            throw new StagingFailed(e);
        }
        try (InputStream in = Files.newInputStream(item, LinkOption.NOFOLLOW_LINKS); OutputStream to = out) {
            byte[] buffer = new byte[64 * 1024];
            long left = limit;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; left -= n) {
                try {
                    to.write(buffer, 0, n);
                } catch (IOException e) {
                    throw new StagingFailed(e);
                }
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(copy);
            throw e;
        }
        return copy;
    }

    private void removeStaleCopies() {
        if (!Files.isDirectory(staging)) {
            return;
        }
        FileTime before = FileTime.from(clock.instant().minus(STALE_COPY));
        try (Stream<Path> copies = Files.list(staging)) {
            copies.filter(p -> {
                try {
                    return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0;
                } catch (IOException e) {
                    return false;
                }
            }).forEach(FolderIntake::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("Cannot clean the working copies in {}: {}", staging, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete the working copy {}: {}", file, e.toString());
        }
    }

    private static String department(Path item) {
        return item.getParent().getFileName().toString();
    }

    private static boolean isInputOutput(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    public Path inbox() {
        return inbox;
    }
}
