package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve keeps its connections to the database in a pool. When the server restarts (an update, a failover),
 * every pooled connection is dead: serve must notice, open new ones and go on by itself, loading the files
 * dropped while the database was away once it is back, each exactly once, without a restart of its own.
 */
@RunsCollectorProcesses
class ServeThroughDatabaseRestartTest {

    private static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    private DedicatedPostgres postgres;

    @AfterEach
    void tearDown() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void serveGoesOnAfterItsDatabaseRestartedAndLoadsWhatCameMeanwhileOnce() throws Exception {
        FaultHome home = new FaultHome(dir.resolve("home"));
        postgres = new DedicatedPostgres(dir.resolve("postgres"));
        Map<String, String> files = new HashMap<>(home.dropBatch(3, "前"));
        // each attempt waits this long for the server that is away (10 s as shipped)
        home.set("DB_CONNECT_TIMEOUT_SECONDS", "2");

        try (CollectorProcess serve = home.start("serve", "--db-url", postgres.jdbcUrl())) {
            home.awaitArchived(serve, 3, BOUND);

            postgres.stop();
            files.putAll(home.dropBatch(3, "停止中"));
            // serve polls, fails on the database and leaves the files to try again: wait until it has (a slow
            // machine may take longer than a fixed pause), then bring the database back
            serve.await("the outage (files dropped meanwhile tried and left)", BOUND,
                    () -> serve.stderr().contains("left to be processed again"));
            assertThat(serve.isAlive()).as("serve survives the outage").isTrue();
            postgres.start();
            files.putAll(home.dropBatch(3, "再開後"));

            home.awaitArchived(serve, 9, BOUND);
            assertThat(serve.isAlive()).isTrue();
            // a file's claim is released when its exchange completes, just after its archive: closing kills serve,
            // so wait for the last release first (a claim left by a killed serve is another test's subject)
            try (Database db = TestDatabase.at(postgres.jdbcUrl())) {
                serve.await("every claim released", BOUND,
                        () -> Sql.count(db, "select count(*) from file_claim") == 0);
            }
        }

        assertThat(home.waiting()).isEmpty();
        try (Database db = Database.server(postgres.jdbcUrl(), null, null)) {
            for (var file : files.entrySet()) {
                assertThat(Sql.count(db, "select count(*) from submission where sha256 = ? and status = 'accepted'",
                        file.getValue())).as(file.getKey()).isEqualTo(1);
            }
            assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(9);
        }
    }
}
