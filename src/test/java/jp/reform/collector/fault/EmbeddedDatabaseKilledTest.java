package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL killed under serve (the out-of-memory killer, a mistaken kill) does not come back by
 * itself: serve must not stay up failing every file for ever, but end non-zero, saying why, so that its service
 * manager (Restart=on-failure) starts it again; the files dropped meanwhile are then loaded, each once.
 */
@RunsCollectorProcesses
class EmbeddedDatabaseKilledTest {

    private static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void serveEndsNonZeroWhenItsEmbeddedDatabaseIsKilledAndTheNextServeLoadsWhatCameMeanwhile() throws Exception {
        FaultHome home = new FaultHome(dir.resolve("home"));
        Map<String, String> files = new HashMap<>(home.dropBatch(2, "前"));
        Path pid = home.home.resolve("data").resolve("postgres").resolve("postmaster.pid");

        try (CollectorProcess serve = home.start("serve")) {
            home.awaitArchived(serve, 2, BOUND);
            long postmaster = Long.parseLong(Files.readAllLines(pid).get(0).strip());
            ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
            files.putAll(home.dropBatch(2, "停止中"));

            assertThat(serve.waitFor(BOUND)).as("serve's exit code").isNotZero();
            assertThat(serve.stderr() + home.logText()).contains("The embedded PostgreSQL",
                    "stopped: its process is gone");
        }

        try (CollectorProcess again = home.start("serve")) {
            // archived and out of the folder (a file's archive copy is written just before its original leaves the
            // folder: the kill at the end of this block must not fall between the two)
            again.await("the files dropped meanwhile archived", BOUND,
                    () -> home.archived().size() >= 4 && home.waiting().isEmpty());
            assertThat(again.isAlive()).isTrue();
        }
        assertThat(home.waiting()).isEmpty();
        // each file archived once, as accepted (a second receipt of one would be a second archived copy)
        assertThat(home.archived()).hasSize(4).allSatisfy(p -> assertThat(p.toString()).contains("/.done/"));
        assertThat(home.archived().stream().map(p -> p.getFileName().toString()))
                .allSatisfy(name -> assertThat(files.keySet().stream().filter(name::endsWith)).hasSize(1));
    }
}
