package jp.reform.collector.store;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;

/**
 * Who owns the embedded PostgreSQL of a data folder. The owner holds an OS file lock on
 * {@code collector.lock} for as long as it lives (the OS releases it when the process dies, so a lock
 * can never go stale) and describes itself in {@code collector-owner.properties}: its pid and command, and,
 * when it is {@code serve}, the JDBC URL other commands use instead of starting a second server.
 */
public final class EmbeddedOwner implements AutoCloseable {

    static final String LOCK_FILE = "collector.lock";
    static final String INFO_FILE = "collector-owner.properties";

    /** What the owner says about itself; {@code jdbcUrl} is null unless others may connect. */
    public record Info(long pid, String command, Instant since, String jdbcUrl) {

        public boolean sharesItsDatabase() {
            return jdbcUrl != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        /** serve (pid 1234, since 2026-06-23 09:00:05), the time as the log writes it: in the city's zone. */
        public String describe() {
            ZoneId zone;
            try {
                zone = ZoneId.of(System.getProperty("collector.zone", "Asia/Tokyo"));
            } catch (DateTimeException e) {
                zone = ZoneId.systemDefault();
            }
            return command + " (pid " + pid + ", since "
                    + SINCE.format(since.atZone(zone).truncatedTo(ChronoUnit.SECONDS)) + ")";
        }

        private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    }

    private final Path dataDir;
    private final FileChannel channel;
    private final FileLock lock;
    private final String command;
    private final Instant since = Instant.now();

    private EmbeddedOwner(Path dataDir, FileChannel channel, FileLock lock, String command) {
        this.dataDir = dataDir;
        this.channel = channel;
        this.lock = lock;
        this.command = command;
    }

    /** Takes ownership of the data folder, or empty when a live process (this one included) owns it. */
    public static Optional<EmbeddedOwner> tryAcquire(Path dataDir, String command) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            EmbeddedOwner owner = new EmbeddedOwner(dataDir, channel, lock, command);
            owner.writeInfo(null);
            return Optional.of(owner);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            return Optional.empty(); // another collector in this JVM (tests) owns it
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock " + dataDir.resolve(LOCK_FILE), e);
        }
    }

    /** What the current owner wrote about itself, if anything. */
    public static Optional<Info> readInfo(Path dataDir) {
        Path file = dataDir.resolve(INFO_FILE);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return Optional.of(new Info(Long.parseLong(p.getProperty("pid", "-1")), p.getProperty("command", "?"),
                    Instant.parse(p.getProperty("since", Instant.EPOCH.toString())), p.getProperty("jdbc-url")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // absent, or being rewritten this instant
        }
    }

    /** Lets other commands use this owner's running server. */
    public void share(String jdbcUrl) {
        writeInfo(jdbcUrl);
    }

    private void writeInfo(String jdbcUrl) {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        p.setProperty("command", command);
        p.setProperty("since", since.toString());
        if (jdbcUrl != null) {
            p.setProperty("jdbc-url", jdbcUrl);
        }
        Path file = dataDir.resolve(INFO_FILE);
        Path temp = dataDir.resolve(INFO_FILE + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                p.store(out, "Written by the collector that owns this data folder; removed when it stops");
            }
            ownerOnly(temp);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Windows: the folder's ACL applies
        }
    }

    /** Withdraws the connection details first, so that nobody connects to a server that is stopping. */
    public void withdraw() {
        try {
            Files.deleteIfExists(dataDir.resolve(INFO_FILE));
        } catch (IOException e) {
            // the next owner rewrites it
        }
    }

    @Override
    public void close() {
        withdraw();
        try {
            lock.release();
        } catch (IOException e) {
            // released with the channel anyway
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }
}
