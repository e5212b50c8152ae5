package jp.reform.collector.fault;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.reform.collector.support.FreePorts;

/**
 * A PostgreSQL server of one test's own (the suite's shared one must not be stopped or frozen): it can be
 * stopped and started again on the same data and port, and frozen (SIGSTOP to the postmaster and every
 * backend, as a hung machine or a stuck disk would leave it) and thawed.
 */
final class DedicatedPostgres implements AutoCloseable {

    private final Path dataDir;
    private int port;
    private EmbeddedPostgres server;
    private final List<Long> frozen = new ArrayList<>();

    DedicatedPostgres(Path dataDir) throws IOException {
        this.dataDir = Files.createDirectories(dataDir);
        start();
    }

    void start() throws IOException {
        if (port == 0) {
            port = FreePorts.next(); // kept: started again, the server is where the collector looks for it
        }
        server = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
    }

    /** A clean, fast shutdown (pg_ctl stop -m fast): clients lose their connections, nothing committed is lost. */
    void stop() throws IOException {
        thaw();
        if (server != null) {
            server.close();
            server = null;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    /** SIGSTOP to the postmaster and all its processes: connections stay open, nothing answers. */
    void freeze() throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        ProcessHandle handle = ProcessHandle.of(postmaster).orElseThrow();
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        handle.descendants().forEach(p -> pids.add(p.pid()));
        signal("-STOP", pids);
        frozen.addAll(pids);
    }

    /** SIGCONT to whatever {@link #freeze} stopped. */
    void thaw() {
        if (!frozen.isEmpty()) {
            try {
                signal("-CONT", frozen);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot thaw PostgreSQL " + frozen, e);
            }
            frozen.clear();
        }
    }

    private static void signal(String signal, List<Long> pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end");
        }
        // a backend that ended meanwhile is no error
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
