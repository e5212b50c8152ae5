package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.reform.collector.support.LogCapture;
import jp.reform.collector.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two first-ever starts on one data folder at once: one creates and owns the embedded database, the other
 * waits for it with one line in the log and then uses the same data, and neither fails.
 */
class FirstStartsAtOnceTest {

    @TempDir
    Path home;

    @Test
    void oneCreatesTheDatabaseTheOtherWaitsInOneLineAndThenOpensIt() throws Exception {
        AppSettings settings = AppSettings.load(home, Path.of("config"), Map.of())
                .override("db.owner-wait-seconds", 120);
        CompletableFuture<Database> second;
        try (LogCapture logs = new LogCapture(DatabaseConnector.class)) {
            Database first = new DatabaseConnector(settings, "run-once", DatabaseConnector.Access.RUN).connect();
            second = CompletableFuture.supplyAsync(() -> {
                try {
                    return new DatabaseConnector(settings, "run-once", DatabaseConnector.Access.RUN).connect();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1500);
            assertThat(second).as("the second waits while the first owns the folder").isNotDone();
            first.migrate();
            first.close();

            try (Database opened = second.get(120, TimeUnit.SECONDS)) {
                assertThat(opened.hasSchema()).as("it sees what the first created").isTrue();
            }
            assertThat(logs.lines()).filteredOn(l -> l.contains("Waiting for")).hasSize(1)
                    .allSatisfy(l -> assertThat(l).contains("run-once (pid " + ProcessHandle.current().pid()));
            assertThat(logs.lines()).filteredOn(l -> l.contains("Created a new database")).hasSize(1);
        }
    }
}
