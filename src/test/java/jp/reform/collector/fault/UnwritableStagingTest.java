package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The working copies' folder (data/folder-staging) not writable, as on a full or read-only disk: a file cannot be
 * read for a reason outside it and stays in the inbox. serve tried it again at every poll (five times a second, an
 * ERROR line each time, the log rolled over within hours); it waits intake.backoff-polls polls between tries, as
 * after any failure of the run, and loads the file once the folder can be written again.
 */
@RunsCollectorProcesses
class UnwritableStagingTest {

    private static final Duration BOUND = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void aFileThatCannotBeCopiedForReadingIsTriedAgainAfterTheBackOffNotAtEveryPoll() throws Exception {
        FaultHome home = new FaultHome(dir.resolve("home"));
        String dbUrl = TestDatabase.freshUrl();
        Path staging = Files.createDirectories(home.home.resolve("data").resolve("folder-staging"));
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("r-xr-xr-x"));
        List<String> wrapper = ServiceAccount.wrapper();
        assumeTrue(ServiceAccount.refuses(wrapper, "touch", staging.resolve("probe").toString()),
                "this machine cannot make a folder the collector may not write in");
        home.set("INTAKE_BACKOFF_POLLS", "10");
        try (Database db = TestDatabase.at(dbUrl);
                CollectorProcess serve = home.startUnder(wrapper, "serve", "--db-url", dbUrl)) {
            home.dropBatch(1, "実績");
            serve.await("the file tried", BOUND, () -> tries(home) >= 1);
            Thread.sleep(6000);
            // 300 ms polls: 20 tries in 6 s at every poll, 2 with ten polls skipped after each
            assertThat(tries(home)).as(home.logText()).isBetween(1L, 5L);
            assertThat(home.waiting()).hasSize(1);

            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            home.awaitArchived(serve, 1, BOUND);
            assertThat(Sql.count(db, "select count(*) from submission where status = 'accepted'")).isEqualTo(1);
        } finally {
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static long tries(FaultHome home) throws Exception {
        return home.logText().lines().filter(line -> line.contains("left to be processed again")).count();
    }
}
