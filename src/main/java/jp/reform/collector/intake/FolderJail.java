package jp.reform.collector.intake;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.read.Extensions;
import jp.reform.collector.store.FolderRefusalRepository;
import jp.reform.collector.store.FolderRefusalRepository.Kept;
import jp.reform.collector.store.FolderRefusalRepository.KeptRow;
import jp.reform.collector.store.FolderRefusalRepository.Kind;
import jp.reform.collector.store.FolderRefusalRepository.Refusal;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox as a jail, as the folder consumer's filter: it decides which entries the consumer may look
 * into (department folders) and take (result files), from the entries themselves, never following a link.
 * <ul>
 * <li>A department folder is entered only when it is a real folder exactly where it appears (not a link,
 * junction or anything resolving elsewhere) with a name Camel can carry.</li>
 * <li>A file is taken only when it is a regular file, not a link, not hard-linked, and resolves to where
 * it appears. Links, devices, FIFOs and the like are never read or moved: they are recorded once for the
 * exception report and left where they are.</li>
 * <li>A name Camel cannot carry (a backslash, which it turns into a path separator) is moved into the
 * quarantine with its reason, never left to be silently skipped.</li>
 * <li>Nothing the consumer lists is skipped without a word: a result file directly in the inbox (in no
 * department's folder), a folder inside a department's folder that holds result files, a department folder the
 * service may not list and a name the JVM cannot map back to the bytes on disk (not UTF-8) are never read and are
 * reported; a file or folder that may still be changing (the first two) once it has settled, as a file is before
 * it is read, so that what is still being copied is reported once, as it ends up.</li>
 * <li>A file left in place because it could not be moved (neither archived nor quarantined: its folder
 * read-only or immutable, .done or .quarantine a file) is not taken again while it is unchanged and what kept it
 * there lasts, so that it is answered and reported once; it is taken again (and archived with the receipt it was
 * answered with) once that is gone. What each poll looks at for it is cheap and on the disk only: whether its
 * folder and the folders it would go to can take it, and its status-change time (chattr, chmod), compared with
 * what was seen when it was left ({@link #keep}). Refusals of the file itself (a link, a hard link, a linked
 * folder) never keep it: they are checked again at every poll anyway, and a file that passes is taken.</li>
 * </ul>
 * A file is taken only once it has settled: its size, modified time and identity are the same as at an
 * observation made at least the settle time before, in an earlier poll. Every poll looks at each waiting
 * file once and no poll ever sleeps, so a hundred files dropped at once settle together, not one after
 * another. The time is kept by whole polls: a state first seen by a poll counts from the end of that poll's
 * listing (after its last look at any file), and is judged as of the start of a later poll. So files first
 * seen by one poll settle in one poll, whatever the listing took from file to file (a slow disk, a loaded
 * machine), and one department's files saved together are loaded oldest first; with a clock per file, a
 * file listed late could settle a poll after the newer ones and be loaded last, over them. A copy in
 * progress grows (or is rewritten) between two polls; a Windows copy that stamps the source's old modified
 * time still grows, so the time alone is never taken as the evidence. What this cannot
 * tell: a writer that stalls for longer than the settle time without changing size or time (a copy paused on
 * a dead network link) is taken as settled; the file is then checked again while it is copied for reading
 * and skipped if it changed, but one that stalls through the whole read is read as it stands.
 * <p>Names the consumer may take: every file a person saved in the folder, so that none lies there
 * unanswered. The result formats (.xlsx .xlsm .xls .csv .txt, any case, trailing dots, spaces or invisible
 * characters ignored) are read; any other (.zip, .docx, .pdf, no extension) is refused by the ingest with a
 * receipt that says which formats are taken. Never taken: files programs keep there, not the department's
 * work ({@link #isProgramFile}): Excel's ~$ lock files, Office's ~*.tmp and *.tmp, Thumbs.db, desktop.ini,
 * macOS's .DS_Store and ._ files, and any other name starting with a dot (.gitkeep, LibreOffice's .~lock).
 * A result name starting with a dot is still taken: ..csv gets a receipt. The collector's own receipts and
 * archives are never listed: they lie in .done, .error and .quarantine, below the depth the consumer reads.
 */
public final class FolderJail implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(FolderJail.class);
    /** Files Windows keeps in a folder (lower case). */
    private static final Set<String> PROGRAM_FILES = Set.of("thumbs.db", "ehthumbs.db", "ehthumbs_vista.db",
            "desktop.ini");
    /**
     * How long a department folder found listable is taken to stay so, and what a folder inside one holds to stay
     * the same when its time has not changed, before they are looked at again.
     */
    private static final Duration LISTABLE_RECHECK = Duration.ofMinutes(1);
    /** How deep and how far a folder inside a department folder is looked into for result files. */
    private static final int SUBFOLDER_DEPTH = 4;
    private static final int SUBFOLDER_ENTRIES = 5_000;
    /** How long the files kept in place, as read from the database, are used before they are read again. */
    private static final Duration KEPT_REFRESH = Duration.ofSeconds(5);

    private final Path inbox;
    private final Path realInbox;
    private final FolderRefusalRepository refusals;
    private final Quarantine quarantine;
    private final Duration settle;
    private final Duration waitLimit;
    /** System.nanoTime, or a test's clock. */
    private final LongSupplier nanos;
    /** Files seen but not yet taken: what they were and since when (never more than the inbox's waiting files). */
    private final Map<Path, Watch> watched = new ConcurrentHashMap<>();
    private volatile long poll;
    /** When the poll under way started: every file it lists is judged as of this moment. */
    private volatile long pollStartedAt;
    /** The latest look at a file: at the start of a poll, when the previous poll's listing ended. */
    private volatile long lastLook;
    /**
     * The files kept in place because they could not be moved, by inbox path, as last read from the database
     * (null until a file is first listed): one query every {@link #KEPT_REFRESH} at most, however many files the
     * inbox holds; this instance's own changes are made here at once, another instance's are seen at the next read.
     */
    private volatile Map<String, List<Kept>> kept;
    private volatile long keptReadAt;
    /**
     * Items left in place that this instance has recorded (path|kind|fingerprint), with the latest poll that refused
     * them: forgotten once a poll no longer lists them, so never more than the inbox's refused items.
     */
    private final Map<String, Long> recorded = new ConcurrentHashMap<>();
    /** Department folders found listable, by name, and when (a folder's name is its identity in the inbox). */
    private final Map<String, Long> listable = new ConcurrentHashMap<>();
    /** Items not read, by path, waiting to have stayed the same for the settle time before they are recorded. */
    private final Map<String, Sighting> unsettled = new ConcurrentHashMap<>();
    /** Folders inside department folders, by path: the result files each held when it was last listed. */
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    /** Kept files let through again (path|fingerprint), so that saying so is logged once, not at every poll. */
    private final Set<String> retaken = ConcurrentHashMap.newKeySet();

    /**
     * A waiting file as last seen: its state, the poll that first saw that state, and since when it has had it
     * (the end of that poll's listing, known once the next poll starts); when first seen; in which poll.
     */
    private record Watch(FileState state, long statePoll, long stateSince, long firstSeen, long poll) {
    }

    /**
     * What keeps a file that could not be moved in its folder, as far as can be seen without moving it ("" when
     * nothing is), and the file's status-change time ("" where the system has none): making a file mutable again
     * (chattr -i) or giving it another owner changes that time, not its size or modified time.
     */
    record Recheck(String changed, String obstacle) {
        String text() {
            return changed + "|" + obstacle;
        }

        /** As stored; null for a row of an older version, which did not store it. */
        static Recheck parse(String text) {
            int bar = text == null ? -1 : text.indexOf('|');
            return bar < 0 ? null : new Recheck(text.substring(0, bar), text.substring(bar + 1));
        }
    }

    /**
     * An item not read as last seen: what it was, since when, the poll that saw it last, when it was first seen and
     * whether it has been recorded as it is.
     */
    private record Sighting(String fingerprint, long since, long poll, long firstSeen, boolean recorded) {
    }

    /**
     * A folder inside a department folder as last listed: its modified time, the result files it held, the poll that
     * saw it last, when it was listed.
     */
    private record Listing(long modified, Held held, long poll, long listedAt) {
    }

    /**
     * The result files a folder inside a department folder holds: how many, and a fingerprint of their paths that a
     * file saved there later changes; {@link #UNLISTABLE} when it may not be listed.
     */
    private record Held(int files, String fingerprint) {
        static final Held NONE = new Held(0, "");
        static final Held UNLISTABLE = new Held(0, "unlistable");
    }

    /** What a file is now, to tell whether it changed or was replaced between two looks. */
    record FileState(Object fileKey, long size, long modified) {
        String fingerprint() {
            return size + ":" + modified;
        }
    }

    /**
     * A file or folder the jail does not let the collector read. One the 課 saved that way itself and can put
     * right (a folder made in its folder, a shortcut, a name that cannot be read) is {@link #forTheDepartment}: the
     * 課 is told by mail (UnreadItemMailer). The others (a failure to look at the share, the 課 folder itself being
     * a link) are the division's and IT's alone: telling the 課 would give it wrong advice.
     */
    public static final class RefusedItem extends Exception {
        private final Kind kind;
        private final boolean forTheDepartment;

        RefusedItem(Kind kind, String detail) {
            this(kind, detail, false);
        }

        private RefusedItem(Kind kind, String detail, boolean forTheDepartment) {
            super(detail);
            this.kind = kind;
            this.forTheDepartment = forTheDepartment;
        }

        /** An item the 課 made so in its own folder, and is told of. */
        static RefusedItem forTheDepartment(Kind kind, String detail) {
            return new RefusedItem(kind, detail, true);
        }

        public Kind kind() {
            return kind;
        }

        public boolean isForTheDepartment() {
            return forTheDepartment;
        }
    }

    /**
     * @param settle    how long a file must stay unchanged before it is read (or, with an unsafe name, moved)
     * @param waitLimit how long run-once waits for a file that keeps changing before it leaves it for the next run
     */
    FolderJail(Path inbox, FolderRefusalRepository refusals, Quarantine quarantine, Duration settle,
               Duration waitLimit) throws IOException {
        this(inbox, refusals, quarantine, settle, waitLimit, System::nanoTime);
    }

    /** @param nanos the clock of the settle rule (System.nanoTime but in a test) */
    private volatile Runnable atPollStart = () -> { };
    private final java.util.concurrent.atomic.AtomicInteger pollsToSkip = new java.util.concurrent.atomic.AtomicInteger();
    /** Why the inbox could not be listed at the last poll; null while it can be (one log line for each change). */
    private String inboxUnlisted;

    FolderJail(Path inbox, FolderRefusalRepository refusals, Quarantine quarantine, Duration settle,
               Duration waitLimit, LongSupplier nanos) throws IOException {
        this.nanos = nanos;
        this.inbox = inbox.toAbsolutePath().normalize();
        this.realInbox = this.inbox.toRealPath();
        this.refusals = refusals;
        this.quarantine = quarantine;
        this.settle = settle;
        this.waitLimit = waitLimit;
    }

    /**
     * The folder consumer's poll strategy: tells the jail where one poll ends and the next begins, so that
     * files no longer listed (taken, deleted) are forgotten. Otherwise Camel's default.
     */
    public DefaultPollingConsumerPollStrategy pollStrategy() {
        return new DefaultPollingConsumerPollStrategy() {
            @Override
            public boolean begin(Consumer consumer, Endpoint endpoint) {
                if (pollsToSkip.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return false;
                }
                if (!inboxListable()) {
                    // nothing to take, and the kept originals not to be judged by an inbox that cannot be seen
                    return false;
                }
                pollStarts();
                return super.begin(consumer, endpoint);
            }
        };
    }

    /**
     * Whether the inbox itself can be listed, said in the log when that changes: the file consumer finds an inbox it
     * may not list (permissions changed, a share mounted for another user, the folder moved away) merely empty, so
     * without this only the health check's DOWN would tell that no file is being taken.
     */
    private boolean inboxListable() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
            entries.iterator().hasNext();
            if (inboxUnlisted != null) {
                inboxUnlisted = null;
                LOG.info("The inbox {} can be read again: its files are taken as before", inbox);
            }
            return true;
        } catch (IOException | DirectoryIteratorException e) {
            if (inboxUnlisted == null) {
                LOG.error("The inbox {} cannot be read ({}): no file is taken from it until the user the collector runs "
                        + "as ({}) may list and read it again", inbox, LogText.cause(e), System.getProperty("user.name"));
            }
            inboxUnlisted = LogText.cause(e);
            return false;
        }
    }

    /**
     * After a file failed for a reason outside it (disk full, its working copy not writable): the next polls are
     * skipped, as Camel's back-off skips them after a poll that failed, so that the file is not tried again, and the
     * failure logged, at every poll.
     */
    public void backOff(int polls) {
        pollsToSkip.accumulateAndGet(polls, Math::max);
    }

    /** Work to do once per poll before the files are listed (the kept originals of loaded files). */
    void atPollStart(Runnable work) {
        this.atPollStart = work;
    }

    void pollStarts() {
        atPollStart.run();
        long previous = poll++;
        watched.values().removeIf(w -> w.poll() < previous);
        recorded.values().removeIf(seen -> seen < previous);
        unsettled.values().removeIf(seen -> seen.poll() < previous);
        listings.values().removeIf(seen -> seen.poll() < previous);
        long now = nanos.getAsLong();
        listable.values().removeIf(checked -> now - checked >= 2 * LISTABLE_RECHECK.toNanos());
        // the states the previous poll saw first count from its last look, which came after every one of them
        long listed = lastLook;
        watched.replaceAll((file, w) -> w.statePoll() == previous
                ? new Watch(w.state(), w.statePoll(), listed, w.firstSeen(), w.poll()) : w);
        pollStartedAt = nanos.getAsLong();
    }

    /**
     * How many files the latest poll listed that are still waiting: not settled yet, or settled but not taken
     * (another instance holds them), and items not read that are not yet recorded as they ended up. Run-once's sweep
     * is not over while there are some; one waited for longer than the wait limit (still changing, or held by an
     * instance that died) no longer counts.
     */
    public int waiting() {
        long now = nanos.getAsLong();
        long current = poll;
        // an item not read is waited for too until it is recorded as it ends up, so that run-once reports it
        return (int) (watched.values().stream()
                .filter(w -> w.poll() == current && now - w.firstSeen() < waitLimit.toNanos()).count()
                + unsettled.values().stream()
                .filter(u -> u.poll() == current && !u.recorded() && now - u.firstSeen() < waitLimit.toNanos()).count());
    }

    /**
     * The files the latest poll listed that had not settled (still being written or rewritten), and the items not
     * read that are not recorded yet, sorted: when run-once's sweep ends without them (waited for longer than the
     * wait limit) they are left for the next run, and named.
     */
    public List<String> stillChanging() {
        long current = poll;
        long started = pollStartedAt;
        return Stream.concat(watched.entrySet().stream()
                        .filter(e -> e.getValue().poll() == current && (e.getValue().statePoll() == current
                                || started - e.getValue().stateSince() < settle.toNanos()))
                        .map(e -> relative(e.getKey())),
                unsettled.entrySet().stream()
                        .filter(e -> e.getValue().poll() == current && !e.getValue().recorded())
                        .map(Map.Entry::getKey))
                .sorted().toList();
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        // the entry as listed: Camel's own paths have a backslash turned into a separator
        Path path = file.getFile().toPath().toAbsolutePath();
        Path parent = path.getParent() == null ? null : path.getParent().normalize();
        try {
            // the consumer lists one level more than it reads (minDepth 1, maxDepth 3), so that what it would skip
            // without a word (a file in no 課's folder, a folder inside one) comes here to be reported
            if (inbox.equals(parent)) {
                return file.isDirectory() ? acceptFolder(path) : refuseOutsideFolders(path);
            }
            if (parent != null && inbox.equals(parent.getParent())) {
                return file.isDirectory() ? refuseSubfolder(path) : acceptFile(path);
            }
            return false;
        } catch (SQLException e) {
            // the database is needed to record what is refused and to know what is kept in place: fail the poll,
            // as any database outage does
            throw new IllegalStateException("Cannot record or read refused inbox items: " + e.getMessage(), e);
        }
    }

    private boolean acceptFolder(Path folder) throws SQLException {
        String name = folder.getFileName().toString();
        if (name.startsWith(".")) {
            return false; // not a department: the collector's own folders (.outbox in tests), hidden folders
        }
        try {
            checkFolder(folder);
            checkListable(folder, name);
            return true;
        } catch (RefusedItem refused) {
            refuse(folder, name, refused);
            return false;
        }
    }

    /**
     * A department folder the service may not list: Camel's listing of it is silently empty, so its files would lie
     * there unanswered. Its first entry is read (opening alone proves nothing on a CIFS mount, whose client asks the
     * server only then); only a refusal of access counts, a failure of another kind (the network) is left to the next
     * look. On a share each look is a round trip, so a folder found listable is looked at again after
     * {@link #LISTABLE_RECHECK}, not at every poll.
     */
    private void checkListable(Path folder, String name) throws RefusedItem {
        long now = nanos.getAsLong();
        Long checked = listable.get(name);
        if (checked != null && now - checked < LISTABLE_RECHECK.toNanos()) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            entries.iterator().hasNext();
            listable.put(name, now);
        } catch (AccessDeniedException e) {
            listable.remove(name);
            throw new RefusedItem(Kind.UNLISTABLE, "folder cannot be listed: " + e);
        } catch (DirectoryIteratorException e) {
            listable.remove(name);
            if (e.getCause() instanceof AccessDeniedException) {
                throw new RefusedItem(Kind.UNLISTABLE, "folder cannot be listed: " + e.getCause());
            }
        } catch (IOException e) {
            listable.remove(name);
        }
    }

    /**
     * Something directly in the inbox that is not a folder: a result file saved in no department's folder, or a
     * folder whose name the JVM cannot map back to the bytes on disk (not UTF-8), which Camel lists as a file that
     * does not exist. Never read; reported once it has settled (a file still being copied there would otherwise be
     * reported at every poll). Files of other formats there (the division's notice to every 課, a PDF of
     * instructions) and files programs keep there are no one's submission: passed over.
     */
    private boolean refuseOutsideFolders(Path item) throws SQLException {
        String name = item.getFileName().toString();
        boolean undecodable = name.indexOf('\uFFFD') >= 0;
        if (!undecodable && !isResultFileName(name)) {
            return false;
        }
        RefusedItem refused;
        String fingerprint = "";
        try {
            BasicFileAttributes attributes = Files.readAttributes(item, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            refused = new RefusedItem(Kind.NOT_IN_FOLDER, (attributes.isSymbolicLink() ? "a link" : "a file")
                    + " directly in the inbox, in no department's folder");
            fingerprint = attributes.size() + ":" + attributes.lastModifiedTime().toMillis();
        } catch (NoSuchFileException e) {
            if (!undecodable) {
                return false; // gone since it was listed
            }
            refused = new RefusedItem(Kind.UNRESOLVABLE,
                    "a folder or file whose name is not UTF-8: the JVM cannot open it, nothing in it is read");
        } catch (IOException e) {
            refused = new RefusedItem(Kind.UNRESOLVABLE, e.toString());
        }
        refuseOnceSettled(item, null, refused, fingerprint);
        return false;
    }

    /**
     * A folder inside a department's folder: never entered (files are read from the department's folder itself).
     * Reported once it holds result files, as they were saved there, settled; a folder of drafts, an empty new
     * folder, a lock file Excel keeps while a workbook in it is open are nothing to report. A link there (to a
     * folder) is reported as a link. The collector's own folders (.done, .error, .quarantine) and hidden ones are
     * passed over.
     */
    private boolean refuseSubfolder(Path folder) throws SQLException {
        if (folder.getFileName().toString().startsWith(".")) {
            return false;
        }
        String department = folder.getParent().getFileName().toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false; // gone since it was listed
        }
        if (!attributes.isDirectory()) {
            refuse(folder, department, RefusedItem.forTheDepartment(Kind.SYMLINK,
                    "a link to a folder, inside the department's folder: never followed"));
            return false;
        }
        Held held = resultFilesIn(folder, attributes.lastModifiedTime().toMillis());
        if (held == Held.UNLISTABLE) {
            // what it holds cannot be seen (its permissions, or the share failing for a moment): the division's to
            // look into, not the 課's to be told of files that may not be there
            refuseOnceSettled(folder, department, new RefusedItem(Kind.SUBFOLDER, "a folder inside the department's "
                    + "folder that the service may not list (what it holds cannot be seen): not read"),
                    held.fingerprint());
        } else if (held != Held.NONE) {
            refuseOnceSettled(folder, department, RefusedItem.forTheDepartment(Kind.SUBFOLDER, "a folder inside the "
                    + "department's folder, holding " + held.files() + " result file(s): not read"),
                    held.fingerprint());
        }
        return false;
    }

    /**
     * What result files a folder inside a department's folder holds, in it or in folders of its own (令和7年度/6月/)
     * down to {@value #SUBFOLDER_DEPTH} levels and {@value #SUBFOLDER_ENTRIES} entries. Listed
     * again when the folder's modified time changed, and at least every {@link #LISTABLE_RECHECK} (a file saved in a
     * folder below does not change it, nor, on a file system of coarse times, one saved in the same second).
     */
    private Held resultFilesIn(Path folder, long modified) {
        String path = relative(folder);
        long now = nanos.getAsLong();
        Listing known = listings.get(path);
        if (known != null && known.modified() == modified && now - known.listedAt() < LISTABLE_RECHECK.toNanos()) {
            listings.put(path, new Listing(modified, known.held(), poll, known.listedAt()));
            return known.held();
        }
        List<String> found;
        try (Stream<Path> entries = Files.walk(folder, SUBFOLDER_DEPTH)) {
            found = entries.limit(SUBFOLDER_ENTRIES)
                    .filter(entry -> isResultFileName(entry.getFileName().toString())
                            && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS))
                    .map(entry -> folder.relativize(entry).toString()).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            found = null; // a folder (this one, or one below) the service may not list
        }
        Held held = found == null ? Held.UNLISTABLE : found.isEmpty() ? Held.NONE
                : new Held(found.size(), found.size() + ":" + Integer.toHexString(String.join("/", found).hashCode()));
        listings.put(path, new Listing(modified, held, poll, now));
        return held;
    }

    private boolean acceptFile(Path file) throws SQLException {
        String name = file.getFileName().toString();
        // from the name alone: what is not taken costs no look at the disk
        if (!isResultFileName(name) && isProgramFile(name)) {
            return false;
        }
        String department = file.getParent().getFileName().toString();
        FileState state;
        try {
            state = check(file);
        } catch (RefusedItem refused) {
            refuse(file, department, refused);
            return false;
        } catch (NoSuchFileException gone) {
            return false;
        }
        if (name.indexOf('\\') >= 0) {
            if (hasSettled(file, state)) {
                quarantineUnsafeName(file, department, state);
            }
            return false;
        }
        // a file kept in place is never waited for: it would hold up run-once's sweep for nothing
        return !keptInPlace(file, state) && hasSettled(file, state);
    }

    /**
     * Whether the file, as it is now, was left in place because it could not be moved, and what kept it there is
     * still seen (or nothing was seen then either and the file's status has not changed since). Otherwise it is
     * taken again: a file received before is then archived with its receipt (FolderIntake#receivedBefore).
     */
    private boolean keptInPlace(Path file, FileState state) throws SQLException {
        String path = relative(file);
        Kept latest = null;
        for (Kept k : kept().getOrDefault(path, List.of())) {
            if (k.fingerprint().equals(state.fingerprint()) && (latest == null || k.id() > latest.id())) {
                latest = k;
            }
        }
        if (latest == null) {
            return false;
        }
        Recheck now = recheck(file, latest.kind(), latest.archivedPath());
        if (!now.obstacle().isEmpty()) {
            return true;
        }
        Recheck then = Recheck.parse(latest.recheck());
        if (then != null && then.obstacle().isEmpty() && then.changed().equals(now.changed())) {
            return true;
        }
        if (retaken.add(path + "|" + state.fingerprint())) {
            LOG.info("File {} was left in place ({}) as it could not be moved; {}: taken again", LogText.escape(path),
                    latest.kind().dbValue(), then == null ? "it can be moved now"
                            : then.obstacle().isEmpty() ? "it changed since (status-change time)"
                            : "no longer so: " + LogText.escape(then.obstacle(), 1000));
        }
        return false;
    }

    /** The kept files, read again from the database when the last read is older than {@link #KEPT_REFRESH}. */
    private Map<String, List<Kept>> kept() throws SQLException {
        long now = nanos.getAsLong();
        Map<String, List<Kept>> known = kept;
        if (known == null || now - keptReadAt >= KEPT_REFRESH.toNanos()) {
            Map<String, List<Kept>> read = new ConcurrentHashMap<>();
            for (Kept k : refusals.keptInPlace()) {
                read.merge(k.itemPath(), List.of(k), FolderJail::with);
            }
            kept = known = read;
            keptReadAt = now;
        }
        return known;
    }

    private static List<Kept> with(List<Kept> known, List<Kept> added) {
        List<Kept> all = new ArrayList<>(known);
        all.removeIf(k -> added.stream().anyMatch(a -> a.id() == k.id()));
        all.addAll(added);
        return List.copyOf(all);
    }

    /**
     * Records a file that could not be moved out of its folder (neither archived nor quarantined): it is left where
     * it is and not read again while it is unchanged and what keeps it there lasts. A file taken again that still
     * could not be moved updates its row (what keeps it there now), and is not reported again.
     *
     * @param archivedPath where its submission says it is archived (relative to its folder), null when not received
     * @return whether it was not recorded yet
     */
    boolean keep(Path item, Refusal refusal, String archivedPath) throws SQLException {
        Recheck now = recheck(item, refusal.kind(), archivedPath);
        KeptRow row = refusals.recordKept(refusal, now.text());
        kept().merge(refusal.itemPath(), List.of(new Kept(row.id(), refusal.itemPath(), refusal.kind(),
                refusal.fingerprint(), now.text(), archivedPath)), FolderJail::with);
        retaken.remove(refusal.itemPath() + "|" + refusal.fingerprint());
        return row.first();
    }

    /** A file moved out of its folder (archived or quarantined): if it had been kept in place, it is no longer. */
    void dealtWith(Path item) throws SQLException {
        Map<String, List<Kept>> known = kept;
        String path = relative(item);
        List<Kept> gone = known == null ? null : known.remove(path);
        if (gone != null) {
            refusals.clearKept(gone.stream().map(Kept::id).toList());
            retaken.removeIf(k -> k.startsWith(path + "|"));
        }
    }

    /**
     * What keeps a file in its folder as seen now: the folder not writable (read-only, immutable: access(2) says so
     * even to root; a read-only mount), or neither the folder it would be archived in nor the quarantine usable.
     */
    Recheck recheck(Path file, Kind kind, String archivedPath) {
        Path folder = file.getParent();
        String obstacle;
        if (!Files.isWritable(folder)) {
            obstacle = "folder " + relative(folder) + " not writable";
        } else {
            List<String> ways = new ArrayList<>();
            if (kind == Kind.UNARCHIVABLE && archivedPath != null && archivedPath.lastIndexOf('/') > 0) {
                ways.add(archivedPath.substring(0, archivedPath.lastIndexOf('/')));
            }
            ways.add(Quarantine.FOLDER);
            List<String> blocked = new ArrayList<>();
            for (String way : ways) {
                blocked.add(blocked(folder, way));
            }
            // either way out will do: an archive refused goes on to the quarantine
            obstacle = blocked.contains("") ? "" : String.join("; ", blocked);
        }
        return new Recheck(changed(file), obstacle);
    }

    /** Why {@code relative} below a department's folder cannot take a file now; "" when it can, or can be made. */
    private String blocked(Path departmentFolder, String relative) {
        Path at = departmentFolder;
        for (String part : relative.split("/")) {
            at = at.resolve(part);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return ""; // made when needed, in a folder that can take it
            } catch (IOException e) {
                return relative(at) + " unreadable: " + e.getMessage();
            }
            if (!attributes.isDirectory()) {
                return relative(at) + " not a folder"; // a file, or a link, which the archive does not use
            }
            if (!Files.isWritable(at)) {
                return relative(at) + " not writable";
            }
        }
        return "";
    }

    private static String changed(Path file) {
        try {
            return String.valueOf(((FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS))
                    .to(TimeUnit.NANOSECONDS));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return ""; // not a Unix file system: what is seen in the folders is what counts
        }
    }

    /**
     * Checks a file again right before it is read, with its folder: the entry may have been replaced by a
     * link since the poll.
     *
     * @return the file's state, to compare after reading
     */
    FileState check(Path file) throws RefusedItem, NoSuchFileException {
        checkFolder(file.getParent());
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            if (file.getFileName().toString().indexOf('\uFFFD') >= 0) {
                // a name in an encoding the JVM cannot map back to the bytes on disk
                throw RefusedItem.forTheDepartment(Kind.UNRESOLVABLE, "name not representable: " + e.getMessage());
            }
            throw e;
        } catch (IOException e) {
            throw new RefusedItem(Kind.UNRESOLVABLE, e.toString());
        }
        if (attributes.isSymbolicLink()) {
            throw RefusedItem.forTheDepartment(Kind.SYMLINK, "symbolic link to " + target(file));
        }
        if (!attributes.isRegularFile()) {
            throw RefusedItem.forTheDepartment(Kind.SPECIAL_FILE,
                    attributes.isDirectory() ? "a folder" : "not a regular file");
        }
        if (links(file) > 1) {
            throw RefusedItem.forTheDepartment(Kind.HARD_LINK, "hard link (" + links(file) + " names for one file)");
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new RefusedItem(Kind.UNRESOLVABLE, e.toString());
        }
        if (!real.startsWith(realInbox) || !real.equals(realInbox.resolve(inbox.relativize(file.toAbsolutePath())))) {
            throw new RefusedItem(Kind.OUTSIDE_INBOX, "resolves to " + real);
        }
        return new FileState(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime().toMillis());
    }

    /** The file's state now, never following a link; null when it is gone or is no longer a plain file. */
    static FileState stateOf(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? new FileState(a.fileKey(), a.size(), a.lastModifiedTime().toMillis()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void checkFolder(Path folder) throws RefusedItem {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new RefusedItem(Kind.UNRESOLVABLE, e.toString());
        }
        if (attributes.isSymbolicLink()) {
            throw new RefusedItem(Kind.LINKED_FOLDER, "folder is a symbolic link to " + target(folder));
        }
        if (!attributes.isDirectory()) {
            throw new RefusedItem(Kind.LINKED_FOLDER, "folder is a junction or other special entry");
        }
        if (!ArchiveNames.isPlain(folder.getFileName().toString())) {
            throw new RefusedItem(Kind.UNSAFE_NAME, "folder name with a backslash or control character");
        }
        try {
            Path real = folder.toRealPath();
            if (!real.equals(realInbox.resolve(folder.getFileName().toString()))) {
                throw new RefusedItem(Kind.OUTSIDE_INBOX, "folder resolves to " + real);
            }
        } catch (IOException e) {
            throw new RefusedItem(Kind.UNRESOLVABLE, e.toString());
        }
    }

    /** Records an item that stays where it is; logged once, when first seen. */
    void refuse(Path item, String department, RefusedItem refused) throws SQLException {
        FileState state = stateOf(item);
        record(item, department, refused, state == null ? "" : state.fingerprint());
    }

    /**
     * Records an item that is not read as soon as it is as it was at an earlier poll at least the settle time
     * before: what is still being copied or saved is reported as it ends up, once, not at every poll.
     *
     * @param fingerprint what the item is now (a file's size and time, the result files a folder holds)
     */
    private void refuseOnceSettled(Path item, String department, RefusedItem refused, String fingerprint)
            throws SQLException {
        String path = relative(item);
        long now = nanos.getAsLong();
        long current = poll;
        Sighting seen = unsettled.get(path);
        if (seen == null || !seen.fingerprint().equals(fingerprint)) {
            unsettled.put(path, new Sighting(fingerprint, now, current, seen == null ? now : seen.firstSeen(), false));
            return;
        }
        boolean settled = seen.recorded()
                || (seen.poll() < current && pollStartedAt - seen.since() >= settle.toNanos());
        // seen by this poll whether or not the record below fails (the database down): it is not watched afresh
        unsettled.put(path, new Sighting(fingerprint, seen.since(), current, seen.firstSeen(), seen.recorded()));
        if (settled && !seen.recorded()) {
            record(item, department, refused, fingerprint);
            unsettled.put(path, new Sighting(fingerprint, seen.since(), current, seen.firstSeen(), true));
        }
    }

    private void record(Path item, String department, RefusedItem refused, String fingerprint) throws SQLException {
        Refusal refusal = new Refusal(relative(item), department, refused.kind(), fingerprint, refused.getMessage(),
                null, refused.isForTheDepartment() && department != null);
        String key = refusal.itemPath() + "|" + refusal.kind().dbValue() + "|" + refusal.fingerprint();
        // an item refused at every poll (5 a second in serve) is recorded once, not asked of the database each time
        if (recorded.replace(key, poll) != null) {
            return;
        }
        boolean first = refusals.recordLeft(refusal);
        recorded.put(key, poll);
        if (first) {
            LOG.warn("Inbox item {} not read ({}): {}; left where it is", LogText.escape(relative(item)),
                    refused.kind().dbValue(), LogText.escape(refused.getMessage(), 1000));
        }
    }

    /**
     * Whether the file is as it was at an earlier poll whose listing ended at least the settle time before this
     * poll started (see the class comment); remembers this observation otherwise. Both ends are taken on the
     * safe side: the state was seen before that listing ended, and is seen again after this poll started. A
     * settled file stays watched while it is listed: one that another instance holds still counts as waiting
     * (run-once does not end its sweep under it), and one that changes must settle again.
     */
    private boolean hasSettled(Path file, FileState state) {
        long now = nanos.getAsLong();
        lastLook = now;
        long current = poll;
        Watch seen = watched.get(file);
        if (seen != null && seen.state().equals(state)) {
            watched.put(file, new Watch(state, seen.statePoll(), seen.stateSince(), seen.firstSeen(), current));
            return seen.statePoll() < current && pollStartedAt - seen.stateSince() >= settle.toNanos();
        }
        watched.put(file, new Watch(state, current, now, seen == null ? now : seen.firstSeen(), current));
        return false;
    }

    private void quarantineUnsafeName(Path file, String department, FileState state) throws SQLException {
        // the 課 named it so and is told to rename it (UnreadItemMailer), whether it was moved or not
        Refusal refusal = new Refusal(relative(file), department, Kind.UNSAFE_NAME, state.fingerprint(),
                "file name with a backslash, which Camel turns into a path separator", null, department != null);
        try {
            Path moved = quarantine.move(file, null, quarantine.reason(refusal, null, null));
            refusals.recordQuarantined(refusal, relative(moved));
            LOG.warn("File {} quarantined as {}: {}", LogText.escape(relative(file)), LogText.escape(relative(moved)),
                    refusal.detail());
        } catch (IOException e) {
            if (refusals.recordLeft(new Refusal(refusal.itemPath(), department, Kind.UNSAFE_NAME, state.fingerprint(),
                    refusal.detail() + "; could not be quarantined: " + e, null, refusal.tellDepartment()))) {
                LOG.error("File {} with an unsafe name could not be quarantined, left where it is: {}",
                        LogText.escape(relative(file)), LogText.escape(e.toString(), 1000));
            }
        }
    }

    /** The path of an inbox item relative to the inbox, with / between folder and name. */
    String relative(Path item) {
        Path relative = inbox.relativize(item.toAbsolutePath());
        StringBuilder out = new StringBuilder();
        for (Path part : relative) {
            out.append(out.length() == 0 ? "" : "/").append(part);
        }
        return out.toString();
    }

    Path realInbox() {
        return realInbox;
    }

    static boolean isResultFileName(String name) {
        if (name.startsWith("~$") || name.startsWith("._")) {
            return false; // Excel's lock files and macOS's metadata files are never submissions
        }
        // the reader's own decision: a name the jail takes as results is read as results, not refused for its format
        return Extensions.isRead(name);
    }

    /**
     * Whether a name is one that programs keep in a folder rather than a file a person saved there: it is
     * neither read nor answered (a receipt for Thumbs.db would only puzzle the department). Office's lock and
     * temporary files (~$報告.xlsx, ~WRL0001.tmp, any .tmp, which Office removes itself), Windows's Thumbs.db
     * and desktop.ini, macOS's Icon\r, and every name starting with a dot (.DS_Store, ._ AppleDouble files,
     * LibreOffice's .~lock files, .gitkeep), hidden on macOS and Linux.
     */
    static boolean isProgramFile(String name) {
        String lower = Extensions.trimEnd(name).toLowerCase(Locale.ROOT);
        return name.startsWith(".") || name.startsWith("~") || PROGRAM_FILES.contains(lower)
                || name.equals("Icon\r") || Extensions.of(name).equals("tmp");
    }

    /**
     * The directory entry's identity and when it last changed in any way (inode and ctime, which every write,
     * rename, link or permission change moves on, and which no program can set back): the same value means the
     * very file, untouched since. Null where the file system does not tell (not Unix).
     */
    static String entryIdentity(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:ino,ctime", LinkOption.NOFOLLOW_LINKS);
            FileTime changed = (FileTime) a.get("ctime");
            return a.get("ino") + "@" + changed.to(TimeUnit.NANOSECONDS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static long links(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1; // not a Unix file system: no hard links to tell
        }
    }

    private static String target(Path link) {
        try {
            return LogText.escape(Files.readSymbolicLink(link).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return "(unknown)";
        }
    }
}
