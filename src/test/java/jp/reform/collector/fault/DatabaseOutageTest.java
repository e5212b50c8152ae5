package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.Sql;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away in the middle of a batch: stopped (connections refused), or frozen (SIGSTOP:
 * connections open, nothing answers). run-once fails within a bounded time with the cause in one line; the
 * files it had not finished stay in the inbox, and the next run, with the database back, loads each of
 * them exactly once.
 */
@RunsCollectorProcesses
class DatabaseOutageTest {

    private static final int FILES = 30;
    private static final Duration BOUND = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    private FaultHome home;
    private DedicatedPostgres postgres;
    private Map<String, String> batch;

    @BeforeEach
    void setUp() throws Exception {
        home = new FaultHome(dir.resolve("home"));
        postgres = new DedicatedPostgres(dir.resolve("postgres"));
        batch = home.dropBatch(FILES, "実績");
    }

    @AfterEach
    void tearDown() throws Exception {
        postgres.close();
    }

    @Test
    void aDatabaseStoppedMidBatchFailsTheRunAndTheNextRunLoadsTheRestOnce() throws Exception {
        home.set("DB_CONNECT_TIMEOUT_SECONDS", "2");
        try (CollectorProcess run = home.start("run-once", "--db-url", postgres.jdbcUrl(), "--today", "2026-06-23")) {
            home.awaitArchived(run, 3, Duration.ofSeconds(90));
            postgres.stop();

            int exit = run.waitFor(BOUND);
            String stderr = run.stderr();
            assertThat(exit).as(stderr).isEqualTo(1);
            assertThat(stderr).containsPattern("Error: some files or mails could not be processed[^\n]*First failure: "
                    + "[^\n]*(refused|connection attempt failed|connection failed|terminating connection|shutting down|has been closed|I/O error)[^\n]*\n")
                    .doesNotContain(": null");
        }
        assertThat(home.waiting()).as("files left for the next run").isNotEmpty();
        assertThat(home.waiting().size() + home.archived().size()).isEqualTo(FILES);

        postgres.start();
        runToTheEnd();
        assertEveryFileLoadedOnce();
    }

    @Test
    void aFrozenDatabaseFailsTheRunWithinItsTimeoutsAndTheNextRunLoadsTheRestOnce() throws Exception {
        int socketTimeout = 5;
        home.set("DB_CONNECT_TIMEOUT_SECONDS", "2").set("DB_SOCKET_TIMEOUT_SECONDS", Integer.toString(socketTimeout));
        try (CollectorProcess run = home.start("run-once", "--db-url", postgres.jdbcUrl(), "--today", "2026-06-23")) {
            home.awaitArchived(run, 3, Duration.ofSeconds(90));
            postgres.freeze();
            Instant frozen = Instant.now();
            boolean ended;
            String threads = "";
            try {
                // a bound, not a measurement: one statement's socket timeout, a few connect timeouts, shutdown
                ended = run.endsWithin(Duration.ofSeconds(2L * socketTimeout + 30));
                if (!ended) {
                    threads = run.threadDump();
                }
            } finally {
                postgres.thaw();
            }
            Duration took = Duration.between(frozen, Instant.now());
            // logged, not printed: the fault tests run beside others that read the standard streams (Cli)
            LogManager.getLogger(DatabaseOutageTest.class).info("run-once ended {} s after the database froze "
                    + "(socket timeout {} s)", took.toSeconds(), socketTimeout);
            assertThat(ended).as("run-once still running %s s after the database froze; stderr:%n%s%nthreads:%n%s",
                    took.toSeconds(), run.stderr(), threads).isTrue();
            int exit = run.waitFor(Duration.ofSeconds(5));
            String stderr = run.stderr();
            assertThat(exit).as(stderr).isEqualTo(1);
            assertThat(stderr).containsPattern("First failure: [^\n]*(timed out|Read timed out|not answer)[^\n]*\n")
                    .doesNotContain(": null");
        }
        assertThat(home.waiting()).as("files left for the next run").isNotEmpty();
        assertThat(home.waiting().size() + home.archived().size()).isEqualTo(FILES);

        home.set("DB_SOCKET_TIMEOUT_SECONDS", "300");
        runToTheEnd();
        assertEveryFileLoadedOnce();
    }

    private void runToTheEnd() throws Exception {
        try (CollectorProcess run = home.start("run-once", "--db-url", postgres.jdbcUrl(), "--today", "2026-06-23")) {
            int exit = run.waitFor(BOUND);
            assertThat(exit).as(run.stderr()).isZero();
        }
        assertThat(home.waiting()).isEmpty();
    }

    /** One accepted submission per file, each with its one value: nothing lost, twice or half-loaded. */
    private void assertEveryFileLoadedOnce() {
        try (Database db = Database.server(postgres.jdbcUrl(), null, null)) {
            for (var file : batch.entrySet()) {
                assertThat(Sql.count(db, "select count(*) from submission where sha256 = ? and status = 'accepted'",
                        file.getValue())).as(file.getKey()).isEqualTo(1);
                assertThat(Sql.count(db, "select count(*) from submission where sha256 = ? and status <> 'duplicate'",
                        file.getValue())).as(file.getKey()).isEqualTo(1);
            }
            assertThat(Sql.count(db, "select count(*) from result r join submission s using (submission_id) "
                    + "where s.status = 'accepted'")).isEqualTo(FILES);
            assertThat(Sql.count(db, "select count(*) from submission s where status = 'accepted' and not exists "
                    + "(select 1 from result r where r.submission_id = s.submission_id)")).isZero();
            // one receipt per submission
            assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'"))
                    .isEqualTo(Sql.count(db, "select count(*) from submission"));
        }
    }
}
