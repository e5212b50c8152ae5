package jp.reform.collector.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.FreePorts;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail server down during run-once. The mailbox (IMAP) down fails the run (exit 1, the cause in one
 * line), but the shared folder is still swept to its end: departments' files get their receipts whatever
 * the mailbox does; the overnight steps wait for a run that could read both. SMTP down alone is no failure
 * of the run: the mail waits in the outbox (OvernightRunTest and OutboxSenderTest show it is sent, once,
 * when the server is back).
 */
@RunsCollectorProcesses
class MailServerDownTest {

    private static final Duration BOUND = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    private FaultHome home;
    private MailServer mail;
    private String dbUrl;
    private Database db;

    @BeforeEach
    void setUp() throws Exception {
        mail = new MailServer();
        dbUrl = TestDatabase.freshUrl();
        db = Database.server(dbUrl, null, null);
        home = new FaultHome(dir.resolve("home")).setAll(mail.environment());
        home.dropBatch(5, "実績");
    }

    @AfterEach
    void tearDown() {
        db.close();
        mail.close();
    }

    @Test
    void mailboxDownFailsTheRunButTheFolderIsStillSweptAndTheNextRunReadsTheMailbox() throws Exception {
        mail.stop();
        try (CollectorProcess run = home.start("run-once", "--db-url", dbUrl, "--today", "2026-06-23")) {
            int exit = run.waitFor(BOUND);
            String stderr = run.stderr();
            assertThat(exit).as(stderr).isEqualTo(1);
            assertThat(stderr).containsPattern("Error: some files or mails could not be processed[^\n]*First failure: "
                    + "The mailbox left to be processed again: [^\n]*(refused|[Cc]onnect)[^\n]*\n")
                    .doesNotContain(": null");
        }
        // every file of the shared folder was answered all the same; the overnight steps were not run
        assertThat(home.waiting()).isEmpty();
        assertThat(Sql.count(db, "select count(*) from submission where status = 'accepted'")).isEqualTo(5);
        assertThat(Sql.count(db, "select count(*) from overnight_run")).isZero();

        mail.start();
        mail.deposit("<down-then-up@city.example.jp>", "shokuin@atsugi.example.jp", "実績報告", "よろしくお願いします。");
        try (CollectorProcess run = home.start("run-once", "--db-url", dbUrl, "--today", "2026-06-23")) {
            assertThat(run.waitFor(BOUND)).as(run.stderr()).isZero();
        }
        assertThat(mail.unreadInMailbox()).isZero();
        assertThat(Sql.count(db, "select count(*) from overnight_run where finished_at is not null")).isEqualTo(1);
        // the receipts queued while the server was down went out with the run
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt' and status = 'sent'"))
                .isEqualTo(5);
    }

    @Test
    void smtpDownIsNoFailureOfTheRunAndTheMailWaitsInTheOutbox() throws Exception {
        try (CollectorProcess run = home.set("MAIL_IMAP_HOST", "").set("MAIL_SMTP_PORT", Integer.toString(closedPort()))
                .start("run-once", "--db-url", dbUrl, "--today", "2026-06-23")) {
            int exit = run.waitFor(BOUND);
            assertThat(exit).as(run.stderr()).isZero();
            assertThat(run.stdout()).containsPattern("Overnight run as of 2026-06-23: [^\n]*mail sent 0, to retry 1, "
                    + "failed 0, waiting to be sent " + Sql.count(db, "select count(*) from outbox_mail"));
        }
        assertThat(Sql.count(db, "select count(*) from outbox_mail where status = 'pending'"))
                .isEqualTo(Sql.count(db, "select count(*) from outbox_mail")).isGreaterThan(5);
        assertThat(Sql.one(db, "select last_error from outbox_mail where attempts = 1").get("last_error").toString())
                .contains("onnect");
    }

    /** A port of this machine that nobody listens on. */
    private static int closedPort() {
        return FreePorts.next();
    }
}
