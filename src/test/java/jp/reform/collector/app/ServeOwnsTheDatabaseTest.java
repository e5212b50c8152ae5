package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.EmbeddedOwner;
import jp.reform.collector.support.Await;
import jp.reform.collector.support.Cli;
import jp.reform.collector.support.Cli.Run;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestHome;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} owns the embedded PostgreSQL of its home: the report commands run beside it use its server
 * instead of stopping it, a second {@code serve} refuses, and serve goes on processing files all along.
 */
class ServeOwnsTheDatabaseTest {

    @TempDir
    Path home;
    private CollectorApplication serving;
    private CompletableFuture<Void> serveThread;


    @AfterEach
    void stopServe() throws Exception {
        if (serving != null) {
            serving.stopServing();
            serveThread.get(60, TimeUnit.SECONDS);
        }
    }

    private void startServe() throws Exception {
        Path config = TestFiles.copyTree(Path.of("config"), home.resolve("config"));
        Files.writeString(config.resolve("application.properties"), Files.readString(config.resolve("application.properties"))
                // the console has tests of its own; here it would only need two more free ports
                .replace("http.enabled=true", "http.enabled=false")
                // a test here changes config/ under serve to see what a command beside it does before serve takes it up
                + "\nconfig.check-seconds=3600\n"
                // the samples are whole before serve starts: settled when unchanged at the next poll
                + "intake.settle-ms=" + TestHome.SETTLE_MS + "\n"
                // mail queued again beside serve is sent at serve's next look at its outbox
                + "mail.send.poll-ms=500\n");
        TestFiles.copyTree(Path.of("routes"), home.resolve("routes"));
        TestFiles.copyTree(Path.of("samples", "inbox"), home.resolve("inbox"));
        AppSettings settings = AppSettings.load(home, Path.of("config"), java.util.Map.of());
        serving = CollectorApplication.open(settings, "serve", DatabaseConnector.Access.SERVE);
        serveThread = CompletableFuture.runAsync(() -> {
            try (CollectorApplication app = serving) {
                app.serve();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until(() -> EmbeddedOwner.readInfo(home.resolve("data")).map(EmbeddedOwner.Info::sharesItsDatabase).orElse(false));
        Await.until(() -> archived("職員課") >= 2 && archived("財政課") >= 2);
    }

    @Test
    void reportCommandsBesideServeUseItsDatabaseAndServeKeepsWorking() throws Exception {
        startServe();
        String jdbcUrl = EmbeddedOwner.readInfo(home.resolve("data")).orElseThrow().jdbcUrl();
        Instant started = serverStart(jdbcUrl);

        Run summary = Cli.run("summary", "--home", home.toString(), "--plan", "atsugi-7-2", "--fy", "R7", "--format", "csv");
        Run status = Cli.run("status", "--home", home.toString(), "--plan", "atsugi-7-2", "--fy", "令和7年度", "--format", "csv");
        Run report = Cli.run("report", "--home", home.toString(), "--plan", "atsugi-7-2", "--fy", "2025",
                "--out", home.resolve("out").toString());
        Run templates = Cli.run("templates", "--home", home.toString(), "--plan", "atsugi-7-2", "--fy", "2025",
                "--department", "財政課", "--out", home.resolve("out").toString());

        assertThat(summary.exitCode()).as(summary.err()).isZero();
        assertThat(summary.out()).endsWith("total,41,27,6,2,80.5\n");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("\nI-1-ア-2,職員課,5,5,100,達成,,達成,\n");
        assertThat(report.exitCode()).isZero();
        assertThat(templates.exitCode()).isZero();
        assertThat(home.resolve("out").resolve("行革実績_atsugi-7-2_2025年度.xlsx")).isRegularFile();

        Run secondServe = Cli.run("serve", "--home", home.toString());
        assertThat(secondServe.exitCode()).isEqualTo(2);
        assertThat(secondServe.err()).contains("Another collector, serve (pid " + ProcessHandle.current().pid(),
                "already serves the data folder " + home.resolve("data"));

        // a file dropped afterwards is still processed, by the same server that was never restarted
        Files.copy(Path.of("samples", "inbox", "職員課").resolve("職員課_令和7年度_実績報告.xlsx"),
                home.resolve("inbox/職員課/もう一度.xlsx"));
        Await.until(() -> archived("職員課") >= 4);
        assertThat(serverStart(jdbcUrl)).isEqualTo(started);
    }

    @Test
    void failedMailQueuedAgainBesideServeIsSentByServeOnce() throws Exception {
        startServe();
        String jdbcUrl = EmbeddedOwner.readInfo(home.resolve("data")).orElseThrow().jdbcUrl();
        Instant started = serverStart(jdbcUrl);
        long failed;
        try (Database db = TestDatabase.at(jdbcUrl)) {
            // a receipt that failed while the mail server was down, as the sender leaves it
            failed = ((Number) Sql.one(db, "insert into outbox_mail (kind, dedup_key, recipients_to, recipients_cc, "
                    + "subject, mime, status, attempts, last_error, reported_at) "
                    + "select kind, 'resend-test', recipients_to, recipients_cc, subject, mime, 'failed', 78, "
                    + "'MailConnectException: Couldn''t connect to host', now() from outbox_mail "
                    + "where kind = 'receipt' order by mail_id limit 1 returning mail_id").get("mail_id")).longValue();
        }

        Run retry = Cli.run("outbox", "retry", "--home", home.toString());

        assertThat(retry.exitCode()).as(retry.err()).isZero();
        assertThat(retry.out()).contains("Queued again: mail " + failed + " (receipt, failed after 78 attempt(s))");
        try (Database db = TestDatabase.at(jdbcUrl)) {
            Await.until(() -> "sent".equals(Sql.one(db, "select status from outbox_mail where mail_id = ?", failed)
                    .get("status")));
            try (Stream<Path> written = Files.walk(home.resolve("outbox"))) {
                assertThat(written.filter(p -> p.getFileName().toString().startsWith("%06d_".formatted(failed))))
                        .as("sent once, by serve").hasSize(1);
            }
        }
        assertThat(serverStart(jdbcUrl)).as("the command used serve's database server").isEqualTo(started);
    }

    @Test
    void aCommandBesideServeLeavesTheMasterDataServeChecksWithUntilServeTakesItUp() throws Exception {
        startServe();
        String jdbcUrl = EmbeddedOwner.readInfo(home.resolve("data")).orElseThrow().jdbcUrl();
        Path targets = home.resolve("config/plans/atsugi-7-2/targets.csv");
        Files.writeString(targets, Files.readString(targets).replace("I-1-ア-1,2025,100%,100", "I-1-ア-1,2025,95%,95"));

        Run summary = Cli.run("summary", "--home", home.toString(), "--plan", "atsugi-7-2", "--fy", "2025", "--format", "csv");
        Run runOnce = Cli.run("run-once", "--home", home.toString());

        for (Run refused : java.util.List.of(summary, runOnce)) {
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains("The master data in config/ changed and serve (pid "
                    + ProcessHandle.current().pid(), "has not taken it up yet", "Nothing was changed.");
        }
        assertThat(target(jdbcUrl)).as("serve's database keeps the target serve checks with").isEqualTo("100%");

        serving.stopServing();
        serveThread.get(60, TimeUnit.SECONDS);
        serving = null;
        Run afterRestart = Cli.run("summary", "--home", home.toString(), "--plan", "atsugi-7-2", "--fy", "2025",
                "--format", "csv");
        assertThat(afterRestart.exitCode()).as(afterRestart.err()).isZero();
    }

    private static String target(String jdbcUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             ResultSet rs = c.createStatement().executeQuery("select target_text from target where plan_code = "
                     + "'atsugi-7-2' and indicator_code = 'I-1-ア-1' and fiscal_year = 2025")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void withServeStoppedTheCommandsStartTheirOwnServerAgain() throws Exception {
        startServe();
        serving.stopServing();
        serveThread.get(60, TimeUnit.SECONDS);
        serving = null;
        assertThat(EmbeddedOwner.readInfo(home.resolve("data"))).isEmpty();

        Run summary = Cli.run("summary", "--home", home.toString(), "--plan", "atsugi-7-2", "--fy", "2025", "--format", "csv");

        assertThat(summary.exitCode()).as(summary.err()).isZero();
        assertThat(summary.out()).endsWith("total,41,27,6,2,80.5\n");
    }

    private long archived(String department) {
        Path done = home.resolve("inbox").resolve(department);
        try (Stream<Path> files = Files.walk(done)) {
            return files.filter(p -> p.toString().contains("/.done/") || p.toString().contains("/.error/"))
                    .filter(Files::isRegularFile).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static Instant serverStart(String jdbcUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             ResultSet rs = c.createStatement().executeQuery("select pg_postmaster_start_time()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
