package jp.reform.collector.intake;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.domain.LogText;
import jp.reform.collector.intake.FolderJail.FileState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The originals of loaded folder files, kept a while in inbox/&lt;課&gt;/.taken/&lt;receipt&gt;~&lt;size&gt;~&lt;time&gt;/
 * after their loaded content was archived. A writer that paused longer than the settle time and then went on
 * writing into its open file (a slow or interrupted network copy) writes into the kept original, not into the
 * archive: the archive always holds exactly what was loaded, and an original that grew or changed is put back
 * into its folder as a new file, to be read once it has settled (a receipt of its own). One that stays as it
 * was for {@link #KEEP} is deleted. The folder's name holds the size and time the file was loaded with, so that
 * this survives a restart.
 */
final class TakenOriginals {

    private static final Logger LOG = LoggerFactory.getLogger(TakenOriginals.class);
    static final String FOLDER = ".taken";
    /** Longer than any pause of a writer still at its file; short enough that the copies do not pile up. */
    static final Duration KEEP = Duration.ofMinutes(10);
    /** Size and time as a long holds them: a longer number is no name this class gave. */
    /** The longest file name (in UTF-8 bytes) common file systems take. */
    private static final int MAX_NAME_BYTES = 255;
    private static final Pattern NAME = Pattern.compile("(.+)~(\\d{1,18})~(-?\\d{1,18})");

    private final Path inbox;
    private final Clock clock;
    /** Kept originals' folders, with when they were taken. */
    private final Map<Path, Instant> kept = new ConcurrentHashMap<>();
    /** The original each kept folder holds, where known (taken by this process): one look at it is enough. */
    private final Map<Path, Path> originalIn = new ConcurrentHashMap<>();
    /** Polls come every few hundred ms; the kept originals are looked at every {@link #CHECK_EVERY}. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    private volatile long lastCheck = System.nanoTime() - CHECK_EVERY.toNanos();

    TakenOriginals(Path inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
        findKeptBefore();
    }

    /**
     * Moves the original out of the 課's folder into its .taken folder, unless it already changed since it was
     * read (it then stays: a new file). Should it change in the moment of the move, it is put back at once.
     *
     * @return whether the original was taken out of the folder
     */
    boolean take(Path item, FileState read, String receiptNo) throws IOException {
        if (!read.equals(FolderJail.stateOf(item))) {
            return false;
        }
        String name = receiptNo.replaceAll("[^A-Za-z0-9_-]", "_") + "~" + read.size() + "~" + read.modified();
        Path folder = ReceiptFiles.insideFolder(item.getParent(), FOLDER + "/" + name);
        Path original = folder.resolve(item.getFileName().toString());
        // no REPLACE_EXISTING: never over another file, nor through a link standing at the name
        Files.move(item, original);
        kept.put(folder, clock.instant());
        originalIn.put(folder, original);
        checkOne(folder);
        return true;
    }

    /** At each poll: originals that changed go back into their folder; those kept long enough unchanged go. */
    void check() {
        long now = System.nanoTime();
        if (now - lastCheck < CHECK_EVERY.toNanos()) {
            return;
        }
        lastCheck = now;
        for (Path folder : kept.keySet()) {
            try {
                checkOne(folder);
            } catch (RuntimeException e) {
                // one folder the 課 made strange must not stop the poll of the whole inbox: left alone from now on
                forget(folder);
                LOG.warn("Kept original {} could not be looked after: {}", LogText.escape(inbox.relativize(folder)
                        .toString()), LogText.escape(e.toString(), 1000));
            }
        }
    }

    /**
     * Whether {@code folder} is still a real folder of a 課's .taken folder, reached without a link: the 課 may
     * write in its folder, and a link put in place of .taken or of a kept folder after the original was taken
     * would have the files it leads to moved into the 課's folder (read and archived there) or deleted.
     */
    private boolean stillInTheInbox(Path folder) {
        Path taken = folder.getParent();
        Path department = taken == null ? null : taken.getParent();
        if (department == null || !FOLDER.equals(taken.getFileName().toString())
                || !inbox.equals(department.getParent()) || LinksOnTheWay.first(department, folder).isPresent()
                || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return folder.toRealPath().equals(inbox.toRealPath().resolve(inbox.relativize(folder)));
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void checkOne(Path folder) {
        Instant taken = kept.get(folder);
        Matcher m = NAME.matcher(folder.getFileName().toString());
        if (taken == null || !m.matches()) {
            forget(folder);
            return;
        }
        Path known = originalIn.get(folder);
        if (known != null && clock.instant().isBefore(taken.plus(KEEP))) {
            // the usual look, one per original: unchanged and not due to go, nothing to do (a thousand 課 kept at once)
            FileState now = FolderJail.stateOf(known);
            if (now != null && now.size() == Long.parseLong(m.group(2))
                    && now.modified() == Long.parseLong(m.group(3))) {
                return;
            }
        }
        if (!stillInTheInbox(folder)) {
            forget(folder);
            LOG.warn("Kept original folder {} is no longer a folder of the inbox (replaced by a link?): left alone, "
                    + "nothing read, moved or deleted through it", LogText.escape(inbox.relativize(folder).toString()));
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path original : files) {
                FileState now = FolderJail.stateOf(original);
                if (now == null) {
                    continue; // not a regular file (nothing we put there): left alone
                }
                if (now.size() != Long.parseLong(m.group(2)) || now.modified() != Long.parseLong(m.group(3))) {
                    putBack(original);
                } else if (!clock.instant().isBefore(taken.plus(KEEP))) {
                    Files.delete(original);
                }
            }
            try (DirectoryStream<Path> left = Files.newDirectoryStream(folder)) {
                if (!left.iterator().hasNext()) {
                    // .taken itself stays: deleting it could pull it from under a file being taken
                    Files.delete(folder);
                    forget(folder);
                }
            }
        } catch (IOException e) {
            // gone meanwhile, or not ours to touch: looked at again at the next poll while it is there
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                forget(folder);
            } else {
                LOG.warn("Kept original {} could not be looked after: {}", LogText.escape(inbox.relativize(folder)
                        .toString()), LogText.escape(e.toString(), 1000));
            }
        }
    }

    private void forget(Path folder) {
        kept.remove(folder);
        originalIn.remove(folder);
    }

    /** Into the 課's folder under its own name, or beside it as "name (2).csv" when a new file has that name. */
    private void putBack(Path original) throws IOException {
        Path department = original.getParent().getParent().getParent();
        String name = original.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; ; n++) {
            // a name at the system's limit has no room for " (2)": its stem is shortened to make room
            String numbered = " (" + n + ")" + extension;
            while (n > 1 && stem.length() > 1
                    && (stem + numbered).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                stem = stem.substring(0, stem.length() - 1);
            }
            Path target = department.resolve(n == 1 ? name : stem + numbered);
            try {
                Files.move(original, target);
                LOG.warn("File {} changed after it was loaded (its writer went on writing): put back as {}, to be read "
                        + "as a new file; the archive keeps what was loaded", LogText.escape(inbox.relativize(department)
                        .resolve(name).toString()), LogText.escape(inbox.relativize(target).toString()));
                return;
            } catch (FileAlreadyExistsException e) {
                if (n >= 100) {
                    throw e;
                }
            }
        }
    }

    /** Originals kept when the collector stopped: looked after from when they were taken. */
    private void findKeptBefore() {
        try (DirectoryStream<Path> departments = Files.newDirectoryStream(inbox)) {
            for (Path department : departments) {
                Path folder = department.resolve(FOLDER);
                if (department.getFileName().toString().startsWith(".")
                        || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> taken = Files.newDirectoryStream(folder)) {
                    for (Path one : taken) {
                        if (Files.isDirectory(one, LinkOption.NOFOLLOW_LINKS)) {
                            // taken when its original was moved in (the folder's time): run-once, which ends within
                            // minutes, lets the next run delete what it kept
                            kept.put(one, Files.getLastModifiedTime(one, LinkOption.NOFOLLOW_LINKS).toInstant());
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Originals kept in the inbox's .taken folders could not be listed: {}",
                    LogText.escape(e.toString(), 1000));
        }
    }
}
