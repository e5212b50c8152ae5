package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed overnight step, whether an exception or an Error such as OutOfMemoryError, ends run-once with a
 * non-zero exit and its cause in one line on stderr and in the log, and the run is recorded as failed; the
 * next run does every step again.
 */
@RunsCollectorProcesses
class OvernightFailureTest {

    private static final Duration BOUND = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    private FaultHome home;
    private String dbUrl;
    private Database db;

    @BeforeEach
    void setUp() throws Exception {
        home = new FaultHome(dir.resolve("home"));
        dbUrl = TestDatabase.freshUrl();
        db = Database.server(dbUrl, null, null);
        home.dropBatch(1, "実績");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void anErrorInAStepEndsRunOnceNonZeroWithItsCauseInOneLine() throws Exception {
        // a copy of the routes with a step that runs out of memory after the reminders were queued
        Path routes = dir.resolve("failing-routes");
        jp.reform.collector.support.TestFiles.copyTree(home.home.resolve("routes"), routes);
        Path overnight = routes.resolve("overnight-run.camel.yaml");
        String failing = """
                        - bean:
                            beanType: jp.reform.collector.fault.FailingStep
                            method: outOfMemory
                        - bean:
                            ref: overnightRun
                            method: queueReports
                """;
        String route = Files.readString(overnight);
        String queueReports = """
                        - bean:
                            ref: overnightRun
                            method: queueReports
                """;
        assertThat(route).contains(queueReports);
        Files.writeString(overnight, route.replace(queueReports, failing));

        int exit;
        String stderr;
        try (CollectorProcess run = home.set("COLLECTOR_ROUTES", routes.toString())
                .start("run-once", "--db-url", dbUrl, "--today", "2026-06-23")) {
            exit = run.waitFor(BOUND);
            stderr = run.stderr();
        }

        String line = "Overnight run as of 2026-06-23 failed at write summary workbooks: OutOfMemoryError: Java heap space";
        assertThat(exit).as(stderr).isEqualTo(1);
        assertThat(stderr).contains("Error: " + line + "\n").doesNotContain("null");
        assertThat(home.logText()).containsPattern("ERROR \\[main] OvernightRun - " + Pattern.quote(line) + "\n");
        assertThat(Sql.one(db, "select finished_at, outcome from overnight_run"))
                .containsEntry("finished_at", null)
                .containsEntry("outcome", "failed at write summary workbooks: OutOfMemoryError: Java heap space");
        // the file itself was loaded before the overnight steps: a failed step takes nothing back
        assertThat(Sql.count(db, "select count(*) from submission where status = 'accepted'")).isEqualTo(1);

        // the next run, with the step's memory back, does every step again and succeeds
        try (CollectorProcess run = home.set("COLLECTOR_ROUTES", home.home.resolve("routes").toString())
                .start("run-once", "--db-url", dbUrl, "--today", "2026-06-23")) {
            assertThat(run.waitFor(BOUND)).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("Overnight run as of 2026-06-23: reminders queued");
        }
        assertThat(Sql.count(db, "select count(*) from overnight_run where finished_at is not null")).isEqualTo(1);
    }

    @Test
    void aWorkbookThatCannotBeWrittenEndsRunOnceNonZeroAfterTheOtherStepsDidTheirWork() throws Exception {
        // the reports folder is a file (a slip of an operator, a share mounted wrong): no workbook can be written
        Path reports = Files.writeString(dir.resolve("reports-is-a-file"), "");

        int exit;
        String stderr;
        try (CollectorProcess run = home.start("run-once", "--db-url", dbUrl, "--today", "2026-06-23",
                "--reports", reports.toString())) {
            exit = run.waitFor(BOUND);
            stderr = run.stderr();
        }

        assertThat(exit).as(stderr).isEqualTo(1);
        assertThat(stderr).containsPattern("Error: Overnight run as of 2026-06-23 failed at write summary workbooks: "
                + "IOException: Summary workbook of atsugi-7-2 not written / [A-Za-z.]*Exception: [^\n]*reports-is-a-file")
                .doesNotContain("null");
        assertThat(home.logText()).contains("ERROR [main] OvernightRun - Overnight step write summary workbooks failed, "
                + "the other steps go on: IOException: Summary workbook of atsugi-7-2 not written");
        assertThat(Sql.one(db, "select finished_at from overnight_run")).containsEntry("finished_at", null);
        // the reminders of the day were queued and, like the receipt, sent: mail never waits for a workbook
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'reminder'")).isPositive();
        assertThat(Sql.count(db, "select count(*) from outbox_mail where status <> 'sent'")).isZero();
    }

    @Test
    void anExceptionInAStepEndsRunOnceNonZeroWithItsCauseInOneLine() throws Exception {
        // the run's own table gone (a broken upgrade, a slip of an operator): the first step fails
        try (var c = db.connect(); var s = c.createStatement()) {
            s.execute("alter table overnight_run rename to overnight_run_moved");
        }

        try (CollectorProcess run = home.start("run-once", "--db-url", dbUrl, "--today", "2026-06-23")) {
            int exit = run.waitFor(BOUND);
            String stderr = run.stderr();
            assertThat(exit).as(stderr).isEqualTo(1);
            assertThat(stderr).containsPattern("Error: Overnight run as of 2026-06-23 failed at start: PSQLException: "
                    + "ERROR: relation \"overnight_run\" does not exist[^\n]*\n").doesNotContain(": null");
        }
        assertThat(home.logText()).contains("ERROR [main] OvernightRun - Overnight run as of 2026-06-23 failed at start: ");
        assertThat(home.waiting()).isEmpty();
    }
}
