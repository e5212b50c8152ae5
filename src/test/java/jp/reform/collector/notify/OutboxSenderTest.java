package jp.reform.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.reform.collector.exceptionreport.ExceptionReport;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MailMessageRepository;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.store.OutboxRepository;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's promises: a mail is delivered once, never resent on a guess, and failures get reported. */
class OutboxSenderTest {

    private static final MasterData MASTER = new MasterDataLoader().load(Path.of("config"));

    @TempDir
    Path dir;
    private Database db;
    private Outbox outbox;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.fresh();
        new MasterDataSync().sync(db, MASTER);
        outbox = new Outbox(new MimeComposer(TestMail.offline(dir), Clock.systemUTC()));
    }

    private void queue(String key, String to) throws Exception {
        try (Connection c = db.connect()) {
            outbox.queue(c, OutgoingMail.text("receipt", key, List.of(to), "【行革実績】受け付けました", "本文"));
        }
    }

    @Test
    void withoutSmtpEachMailBecomesOneEmlFileAndIsNotWrittenAgain() throws Exception {
        queue("receipt/R2026-000001", "shokuin@atsugi.example.jp");
        queue("receipt/R2026-000001", "shokuin@atsugi.example.jp"); // the same key: queued once
        OutboxSender sender = new OutboxSender(db, new EmlFileDelivery(dir.resolve("outbox"), Clock.systemUTC()),
                TestMail.offline(dir), "test");

        assertThat(sender.sendDue().sent()).isEqualTo(1);
        assertThat(sender.sendDue().sent()).isZero();

        try (var files = Files.walk(dir.resolve("outbox"))) {
            List<Path> eml = files.filter(p -> p.toString().endsWith(".eml")).toList();
            assertThat(eml).hasSize(1);
            assertThat(Files.readString(eml.get(0))).contains("To: shokuin@atsugi.example.jp", "Message-ID: <");
        }
        assertThat(Sql.one(db, "select status, delivered_as from outbox_mail").get("status")).isEqualTo("sent");
    }

    @Test
    void aMailLeftSendingByADeadProcessIsNeverResentButReportedAsUnconfirmed() throws Exception {
        queue("receipt/R2026-000002", "dx@atsugi.example.jp");
        Sql.rows(db, "update outbox_mail set status = 'sending', claimed_by = 'host-a/1234', "
                + "claimed_at = now() - interval '20 minutes' returning mail_id");
        OutboxSender sender = new OutboxSender(db, new EmlFileDelivery(dir.resolve("outbox"), Clock.systemUTC()),
                TestMail.offline(dir), "test");

        assertThat(sender.sendDue().sent()).isZero();

        assertThat(Sql.one(db, "select status, last_error from outbox_mail"))
                .containsEntry("status", "unconfirmed")
                .satisfies(row -> assertThat(row.get("last_error").toString()).contains("host-a/1234", "確認"));
        assertThat(dir.resolve("outbox")).doesNotExist();
    }

    @Test
    void anSmtpServerThatNeverAnswersMakesTheMailWaitForItsRetryWithTheCauseOnOneLine() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never send the 220 greeting
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            MailSettings settings = new MailSettings(null, 0, null, null, false, "INBOX", "127.0.0.1",
                    silent.getLocalPort(), null, null, false, false, TestMail.FROM, TestMail.FROM, 10L * 1024 * 1024,
                    Duration.ofMinutes(5), Duration.ofMinutes(5), 3, dir, "", true, MailSettings.Timeouts.IMAP_DEFAULT,
                    new MailSettings.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));
            queue("receipt/R2026-000004", "keiyaku@atsugi.example.jp");
            OutboxSender sender = new OutboxSender(db, new SmtpDelivery(settings), settings, "test");

            long start = System.nanoTime();
            OutboxSender.Sweep sweep = sender.sendDue();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(sweep.retrying()).isEqualTo(1);
            assertThat(accepted).isNotEmpty();
            Map<String, Object> row = Sql.one(db, "select status, attempts, last_error from outbox_mail");
            assertThat(row).containsEntry("status", "pending").containsEntry("attempts", 1);
            assertThat(row.get("last_error").toString()).containsIgnoringCase("timed out").doesNotContain("\n", "\r");
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void mailThatKeepsFailingIsMarkedFailedAndShownInTheNextExceptionReport() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // nothing listens there once the socket is closed
        }
        MailSettings settings = TestMail.smtp(closedPort, dir); // 3 attempts, retried without delay
        queue("receipt/R2026-000003", "keiyaku@atsugi.example.jp");
        OutboxSender sender = new OutboxSender(db, new SmtpDelivery(settings), settings, "test");

        for (int attempt = 1; attempt <= 3; attempt++) {
            sender.sendDue();
        }

        assertThat(Sql.one(db, "select status, attempts from outbox_mail"))
                .containsEntry("status", "failed").containsEntry("attempts", 3);
        ExceptionReporter reporter = new ExceptionReporter(db, MASTER, List.of(), outbox, TestMail.offline(dir),
                ZoneId.of("Asia/Tokyo"));
        ExceptionReport report;
        try (Connection c = db.connect()) {
            report = reporter.build(c, MASTER.plan("atsugi-7-2").orElseThrow(), LocalDate.of(2026, 7, 1),
                    new MailMessageRepository().unknownSendersToReport(c),
                    new OutboxRepository().undeliveredToReport(c));
        }
        assertThat(report.failedMails()).singleElement()
                .satisfies(f -> assertThat(f.recipients()).isEqualTo("keiyaku@atsugi.example.jp"))
                .satisfies(f -> assertThat(f.status()).isEqualTo("failed"));
        assertThat(reporter.queueReports(LocalDate.of(2026, 7, 1))).isEqualTo(2);
        assertThat(Sql.one(db, "select reported_at is not null as reported from outbox_mail where kind = 'receipt'"))
                .isEqualTo(Map.of("reported", true));
    }
}
