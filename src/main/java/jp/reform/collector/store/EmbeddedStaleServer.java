package jp.reform.collector.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL runs as its own process. When our JVM is killed, that server keeps running
 * and would block the next start on the same data folder; this stops it first (a clean shutdown, so
 * committed data is kept and anything half-done is rolled back by PostgreSQL itself).
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
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        LOG.warn("A PostgreSQL server (pid {}) from an earlier run is still using {}; stopping it", pid, pgData);
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
}
