package jp.reform.collector.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL runs as its own process. When our JVM is killed, that server keeps running
 * and would block the next start on the same data folder; this stops it first (a clean shutdown, so
 * committed data is kept and anything half-done is rolled back by PostgreSQL itself).
 *
 * <p>Called only by the {@link EmbeddedOwner} of the folder, so no live collector uses that server. Even
 * then a server is stopped only if it is provably ours: the pid in {@code postmaster.pid} is a process whose
 * command line names this data folder. A pid that a power cut let another process reuse is left alone and
 * only the stale pid file is removed.
 */
final class EmbeddedStaleServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStaleServer.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private EmbeddedStaleServer() {
    }

    static void stopIfLeftRunning(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).strip());
        } catch (NumberFormatException e) {
            return; // PostgreSQL judges a malformed pid file itself
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // PostgreSQL removes a pid file whose process is gone
        }
        if (!servesFolder(process.get(), pgData)) {
            LOG.warn("postmaster.pid in {} names pid {}, which is not a PostgreSQL on this folder (a reused pid "
                    + "after a crash); removing the stale pid file", pgData, pid);
            Files.deleteIfExists(pidFile);
            return;
        }
        LOG.warn("A PostgreSQL server (pid {}) left by a collector that died is still using {}; stopping it", pid,
                pgData);
        process.get().destroy();
        Instant deadline = Instant.now().plus(STOP_WAIT);
        while (process.get().isAlive() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (process.get().isAlive()) {
            throw new IOException("PostgreSQL server pid " + pid + " on " + pgData + " did not stop; stop it by hand");
        }
    }

    /** A postgres process started with {@code -D <this folder>}. */
    static boolean servesFolder(ProcessHandle process, Path pgData) {
        ProcessHandle.Info info = process.info();
        boolean postgres = info.command().map(c -> Path.of(c).getFileName().toString().startsWith("postgres"))
                .orElse(false);
        if (!postgres) {
            return false;
        }
        Path wanted = canonical(pgData);
        String[] args = info.arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < args.length; i++) {
            if ("-D".equals(args[i]) && canonical(Path.of(args[i + 1])).equals(wanted)) {
                return true;
            }
        }
        return Arrays.stream(args).anyMatch(a -> a.startsWith("-D") && a.length() > 2
                && canonical(Path.of(a.substring(2))).equals(wanted));
    }

    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
