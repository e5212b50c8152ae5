package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.OutboxSender;
import jp.reform.collector.notify.OutgoingMail;
import jp.reform.collector.notify.SmtpDelivery;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.Cli;
import jp.reform.collector.support.Cli.Run;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IT staff send failed mail again once the cause is fixed: outbox retry, as an operator types it. */
class OutboxRetryCommandTest {

    @TempDir
    Path dir;
    private String url;
    private Database db;
    private Outbox outbox;

    @BeforeEach
    void setUp() {
        url = TestDatabase.freshUrl();
        db = TestDatabase.at(url);
        outbox = new Outbox(new MimeComposer(TestMail.offline(dir), Clock.systemUTC()));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /** A mail in the outbox as the sender left it; returns its id. */
    private long mail(String key, String to, String subject, String status, String age) throws Exception {
        try (Connection c = db.connect()) {
            outbox.queue(c, OutgoingMail.text("receipt", key, List.of(to), subject, "本文"));
        }
        return ((Number) Sql.one(db, "update outbox_mail set status = ?, attempts = 78, "
                + "last_error = 'MailConnectException: Couldn''t connect to host', created_at = now() - ?::interval, "
                + "reported_at = now() where dedup_key = ? returning mail_id", status, age, key).get("mail_id"))
                .longValue();
    }

    /** The plans whose exception reports listed this mail. */
    private List<Object> listedBy(long mailId) {
        return Sql.rows(db, "select plan_code from exception_report_outbox where mail_id = ? order by plan_code", mailId)
                .stream().map(r -> r.get("plan_code")).toList();
    }

    @Test
    void failedMailOfTheLastWeekIsQueuedAgainListedAndThenSentOnce() throws Exception {
        long failed = mail("receipt/R2026-000011", "keiyaku@atsugi.example.jp", "【行革実績】受け付けました",
                "failed", "2 days");
        long old = mail("receipt/R2026-000012", "zaisei@atsugi.example.jp", "【行革実績】受け付けました（昨年度）",
                "failed", "30 days");
        long unconfirmed = mail("receipt/R2026-000013", "dx@atsugi.example.jp", "【行革実績】受け付けました",
                "unconfirmed", "1 day");
        long sent = mail("receipt/R2026-000014", "shokuin@atsugi.example.jp", "【行革実績】受け付けました", "sent",
                "1 day");

        // listed in the reports of the day it failed (V33): after the retry it is reported again if it fails again
        Sql.execute(db, "insert into exception_report_outbox (plan_code, mail_id) values ('atsugi-7-2', " + failed
                + "), ('atsugi-7-2', " + old + ")");

        Run run = Cli.run("outbox", "retry", "--db-url", url);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Queued again: mail " + failed + " (receipt, failed after 78 attempt(s))",
                        "keiyaku@atsugi.example.jp", "【行革実績】受け付けました", "Couldn't connect to host",
                        "1 mail(s) queued again")
                .doesNotContain("mail " + old + " ", "mail " + unconfirmed + " ", "mail " + sent + " ");
        assertThat(Sql.rows(db, "select mail_id, status, attempts, reported_at is null as unreported "
                + "from outbox_mail order by mail_id")).containsExactly(
                Map.of("mail_id", failed, "status", "pending", "attempts", 0, "unreported", true),
                Map.of("mail_id", old, "status", "failed", "attempts", 78, "unreported", false),
                Map.of("mail_id", unconfirmed, "status", "unconfirmed", "attempts", 78, "unreported", false),
                Map.of("mail_id", sent, "status", "sent", "attempts", 78, "unreported", false));
        assertThat(listedBy(failed)).isEmpty();
        assertThat(listedBy(old)).containsExactly("atsugi-7-2");

        try (MailServer server = new MailServer()) {
            var settings = TestMail.smtp(server.smtpPort(), dir);
            OutboxSender sender = new OutboxSender(db, new SmtpDelivery(settings), settings, "test");
            assertThat(sender.sendDue().sent()).isEqualTo(1);
            assertThat(server.receivedBy("keiyaku@atsugi.example.jp")).hasSize(1);
            assertThat(server.receivedBy("dx@atsugi.example.jp")).isEmpty();
        }
        // nothing failed is left of the week: a second retry queues nothing
        Run again = Cli.run("outbox", "retry", "--db-url", url);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("0 mail(s) queued again").doesNotContain("Queued again:");
    }

    @Test
    void olderAndUnconfirmedMailIsQueuedOnlyWhenAskedForAndAnIdThatCannotBeQueuedIsNamed() throws Exception {
        long old = mail("receipt/R2026-000021", "zaisei@atsugi.example.jp", "【行革実績】受け付けました", "failed",
                "30 days");
        long unconfirmed = mail("receipt/R2026-000022", "dx@atsugi.example.jp", "【行革実績】受け付けました",
                "unconfirmed", "1 day");
        long sent = mail("receipt/R2026-000023", "shokuin@atsugi.example.jp", "【行革実績】受け付けました", "sent",
                "1 day");
        long recent = mail("receipt/R2026-000024", "keiyaku@atsugi.example.jp", "【行革実績】受け付けました", "failed",
                "1 day");

        Run byId = Cli.run("outbox", "retry", "--id", Long.toString(unconfirmed), "--id", Long.toString(sent),
                "--id", "999999", "--db-url", url);

        assertThat(byId.exitCode()).isEqualTo(1);
        assertThat(byId.out()).contains("Queued again: mail " + unconfirmed + " (receipt, unconfirmed",
                "Not queued: mail " + sent + " is sent, not failed or unconfirmed",
                "Not queued: mail 999999 does not exist", "1 mail(s) queued again")
                .doesNotContain("mail " + recent + " ");
        Run since = Cli.run("outbox", "retry", "--since", java.time.LocalDate.now().minusDays(40).toString(),
                "--db-url", url);
        assertThat(since.exitCode()).isZero();
        assertThat(since.out()).contains("Queued again: mail " + old + " ", "Queued again: mail " + recent + " ",
                "2 mail(s) queued again");
        assertThat(Sql.count(db, "select count(*) from outbox_mail where status = 'pending'")).isEqualTo(3);
        assertThat(Sql.one(db, "select status from outbox_mail where mail_id = ?", sent))
                .containsEntry("status", "sent");
    }

    @Test
    void aRecipientOrSubjectFromOutsideCannotForgeALineOfTheOutput() throws Exception {
        mail("reply/<x@evil.example>", "evil@example.com", "件名", "failed", "1 day");
        Sql.rows(db, "update outbox_mail set recipients_to = array[E'evil@example.com\\nQueued again: mail 1 (fake)'],"
                + " last_error = E'550 no\\r\\nNot queued: mail 5' returning mail_id");

        Run run = Cli.run("outbox", "retry", "--db-url", url);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("Queued again:"))).hasSize(1);
        assertThat(run.out().lines().filter(l -> l.startsWith("Not queued:"))).isEmpty();
        assertThat(run.out()).contains("\\u000a", "\\u000d");
    }
}
