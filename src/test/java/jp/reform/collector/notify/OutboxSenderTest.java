package jp.reform.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
import jp.reform.collector.support.FreePorts;
import jp.reform.collector.support.LogCapture;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestMail;
import org.junit.jupiter.api.AfterEach;
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

    @AfterEach
    void closeDatabase() {
        db.close();
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
                    Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(72), dir, "", true, MailSettings.Timeouts.IMAP_DEFAULT,
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

    /** The defaults of config/application.properties: 60 s doubling to 1 h, given up after 72 h. */
    private MailSettings asConfigured(int smtpPort) {
        return new MailSettings(null, 0, null, null, false, "INBOX", "127.0.0.1", smtpPort, null, null, false, false,
                TestMail.FROM, TestMail.FROM, 10L * 1024 * 1024, Duration.ofSeconds(60), Duration.ofHours(1),
                Duration.ofHours(72), dir, "", true, MailSettings.Timeouts.IMAP_DEFAULT,
                new MailSettings.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
    }

    private void queue(String key, List<String> to, List<String> cc) throws Exception {
        try (Connection c = db.connect()) {
            outbox.queue(c, new OutgoingMail("reminder", key, to, cc, "【行革実績】提出のお願い", "本文", null, List.of(),
                    null));
        }
    }

    /** Time passes until the mail's next attempt is due. */
    private void dueNow() {
        Sql.rows(db, "update outbox_mail set next_attempt_at = now() where status = 'pending' returning mail_id");
    }

    private ExceptionReport report() throws Exception {
        ExceptionReporter reporter = new ExceptionReporter(db, MASTER, List.of(), outbox, TestMail.offline(dir),
                ZoneId.of("Asia/Tokyo"));
        try (Connection c = db.connect()) {
            return reporter.build(c, MASTER.plan("atsugi-7-2").orElseThrow(), LocalDate.of(2026, 7, 1),
                    new MailMessageRepository().unknownSendersToReport(c), new OutboxRepository().undeliveredToReport(c));
        }
    }

    @Test
    void aMailServerDownOverALongWeekendLosesNoMailItIsSentOnceWhenTheServerIsBack() throws Exception {
        try (MailServer server = new MailServer()) {
            MailSettings settings = asConfigured(server.smtpPort());
            OutboxSender sender = new OutboxSender(db, new SmtpDelivery(settings), settings, "test");
            queue("receipt/R2026-000005", "keiyaku@atsugi.example.jp");
            server.stop();

            // 30 attempts: more than 24 hours of hourly retries after the first six
            for (int attempt = 1; attempt <= 30; attempt++) {
                assertThat(sender.sendDue().retrying()).as("attempt %d", attempt).isEqualTo(1);
                dueNow();
            }
            Map<String, Object> waiting = Sql.one(db, "select status, attempts, "
                    + "next_attempt_at > now() + interval '59 minutes' as hourly from outbox_mail");
            assertThat(waiting).containsEntry("status", "pending").containsEntry("attempts", 30);

            server.start();
            assertThat(sender.sendDue().sent()).isEqualTo(1);
            assertThat(sender.sendDue().sent()).isZero();
            assertThat(server.receivedBy("keiyaku@atsugi.example.jp")).hasSize(1);
            assertThat(Sql.one(db, "select status, last_error from outbox_mail"))
                    .containsEntry("status", "sent").containsEntry("last_error", null);
        }
    }

    @Test
    void aMailStillNotSentAfterThreeDaysOfRetriesIsMarkedFailedAndShownInTheNextExceptionReport() throws Exception {
        MailSettings settings = asConfigured(FreePorts.next()); // nothing listens there
        queue("receipt/R2026-000003", "keiyaku@atsugi.example.jp");
        OutboxSender sender = new OutboxSender(db, new SmtpDelivery(settings), settings, "test");
        // 76 attempts failed: the delays between them (60 s doubling to 1 h, then hourly) add up to 71 h 3 min
        Sql.rows(db, "update outbox_mail set attempts = 76 returning mail_id");

        assertThat(sender.sendDue().retrying()).isEqualTo(1); // the 77th: 72 h are not over yet
        assertThat(Sql.one(db, "select status from outbox_mail")).containsEntry("status", "pending");
        dueNow();
        assertThat(sender.sendDue().failed()).isEqualTo(1); // the 78th: retried for 72 h 3 min

        assertThat(Sql.one(db, "select status, attempts from outbox_mail"))
                .containsEntry("status", "failed").containsEntry("attempts", 78);
        assertThat(report().failedMails()).singleElement()
                .satisfies(f -> assertThat(f.recipients()).isEqualTo("keiyaku@atsugi.example.jp"))
                .satisfies(f -> assertThat(f.status()).isEqualTo("failed"));
        ExceptionReporter reporter = new ExceptionReporter(db, MASTER, List.of(), outbox, TestMail.offline(dir),
                ZoneId.of("Asia/Tokyo"));
        assertThat(reporter.queueReports(LocalDate.of(2026, 7, 1))).isEqualTo(2);
        assertThat(Sql.one(db, "select reported_at is not null as reported from outbox_mail where kind = 'receipt'"))
                .isEqualTo(Map.of("reported", true));
    }

    @Test
    void aRefusedAddressNoLongerStopsTheMailToTheOthersAndIsReportedToTheDivision() throws Exception {
        try (MailServer server = new MailServer();
             LogCapture logs = new LogCapture(OutboxSender.class)) {
            server.refuse("kyu-tanto@atsugi.example.jp", "550 5.1.1 <kyu-tanto@atsugi.example.jp>: User unknown");
            MailSettings settings = asConfigured(server.smtpPort());
            OutboxSender sender = new OutboxSender(db, new SmtpDelivery(settings), settings, "test");
            queue("reminder/職員課/2026-06-23", List.of("shokuin@atsugi.example.jp", "kyu-tanto@atsugi.example.jp"),
                    List.of("jinji@atsugi.example.jp"));

            assertThat(sender.sendDue().sent()).isEqualTo(1);
            assertThat(sender.sendDue().sent()).isZero();

            assertThat(server.receivedBy("shokuin@atsugi.example.jp")).hasSize(1);
            assertThat(server.receivedBy("jinji@atsugi.example.jp")).hasSize(1);
            assertThat(server.receivedBy("kyu-tanto@atsugi.example.jp")).isEmpty();
            Map<String, Object> row = Sql.one(db, "select status, attempts, last_error from outbox_mail");
            assertThat(row).containsEntry("status", "sent").containsEntry("attempts", 1);
            assertThat(row.get("last_error").toString()).contains("kyu-tanto@atsugi.example.jp", "550 5.1.1")
                    .doesNotContain("shokuin@", "jinji@", "\n");
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN ")
                    .contains("kyu-tanto@atsugi.example.jp", "550"));

            ExceptionReport report = report();
            assertThat(report.failedMails()).singleElement()
                    .satisfies(f -> assertThat(f.status()).isEqualTo("partial"));
            assertThat(new jp.reform.collector.exceptionreport.ExceptionReportHtml().body(report))
                    .contains("送信できなかったメール", "一部の宛先に送信できず", "kyu-tanto@atsugi.example.jp",
                            "User unknown");
            ExceptionReporter reporter = new ExceptionReporter(db, MASTER, List.of(), outbox, TestMail.offline(dir),
                    ZoneId.of("Asia/Tokyo"));
            reporter.queueReports(LocalDate.of(2026, 7, 1));
            assertThat(report().failedMails()).isEmpty(); // listed once
        }
    }

    @Test
    void aMailQueuedToAnAddressNoMailCanGoToFailsAtOnceAndTheMailAfterItIsStillSent() throws Exception {
        try (MailServer server = new MailServer()) {
            MailSettings settings = asConfigured(server.smtpPort());
            OutboxSender sender = new OutboxSender(db, new SmtpDelivery(settings), settings, "test");
            queue("reminder/職員課/2026-06-23", List.of("shokuin@atsugi.example.jp"), List.of());
            queue("receipt/R2026-000007", "keiyaku@atsugi.example.jp");
            // queued before the outbox left such addresses out (two addresses joined by a comma), and due first
            Sql.rows(db, "update outbox_mail set recipients_to = '{\"shokuin,jinji@atsugi.example.jp\"}', "
                    + "next_attempt_at = now() - interval '1 hour' where dedup_key like 'reminder/%' returning mail_id");

            OutboxSender.Sweep sweep = sender.sendDue();

            // no retry can mend the address: failed at once (and reported), not retried for three days while
            // holding back every mail behind it
            assertThat(sweep.failed()).isEqualTo(1);
            assertThat(sweep.sent()).isEqualTo(1);
            assertThat(server.receivedBy("keiyaku@atsugi.example.jp")).hasSize(1);
            Map<String, Object> bad = Sql.one(db, "select status, last_error from outbox_mail "
                    + "where dedup_key like 'reminder/%'");
            assertThat(bad).containsEntry("status", "failed");
            assertThat(bad.get("last_error").toString()).contains("shokuin,jinji@atsugi.example.jp");
            assertThat(report().failedMails()).singleElement()
                    .satisfies(f -> assertThat(f.status()).isEqualTo("failed"));
        }
    }

    @Test
    void aMailWhoseEveryAddressIsRefusedForGoodFailsAtOnceButOneAMailboxMayStillTakeIsRetried() throws Exception {
        try (MailServer server = new MailServer()) {
            server.refuse("kyu-tanto@atsugi.example.jp", "550 5.1.1 User unknown");
            server.refuse("taishoku@atsugi.example.jp", "550 5.1.1 User unknown");
            server.refuse("ippai@atsugi.example.jp", "452 4.2.2 Mailbox full");
            MailSettings settings = asConfigured(server.smtpPort());
            OutboxSender sender = new OutboxSender(db, new SmtpDelivery(settings), settings, "test");
            queue("reminder/職員課/2026-06-23", List.of("kyu-tanto@atsugi.example.jp", "taishoku@atsugi.example.jp"),
                    List.of());

            assertThat(sender.sendDue().failed()).isEqualTo(1);
            Map<String, Object> refused = Sql.one(db, "select status, attempts, last_error from outbox_mail");
            assertThat(refused).containsEntry("status", "failed").containsEntry("attempts", 1);
            assertThat(refused.get("last_error").toString())
                    .contains("kyu-tanto@atsugi.example.jp", "taishoku@atsugi.example.jp", "550");

            // one unknown, one full: the full mailbox may take it tomorrow, so the mail is tried again
            queue("reminder/財政課/2026-06-23", List.of("kyu-tanto@atsugi.example.jp", "ippai@atsugi.example.jp"),
                    List.of());
            assertThat(sender.sendDue().retrying()).isEqualTo(1);
            assertThat(Sql.one(db, "select status, last_error from outbox_mail where dedup_key like 'reminder/財政課/%'"))
                    .containsEntry("status", "pending")
                    .satisfies(row -> assertThat(row.get("last_error").toString()).contains("452"));
            assertThat(server.receivedBy("ippai@atsugi.example.jp")).isEmpty();
        }
    }

    @Test
    void aMailToAFullMailboxWaitsForItsRetryWithoutHoldingBackTheMailBehindIt() throws Exception {
        try (MailServer server = new MailServer()) {
            server.refuse("ippai@atsugi.example.jp", "452 4.2.2 Mailbox full");
            MailSettings settings = asConfigured(server.smtpPort());
            OutboxSender sender = new OutboxSender(db, new SmtpDelivery(settings), settings, "test");
            // yesterday's reminder to a full mailbox comes first; tonight's receipt and report come after it
            queue("reminder/職員課/2026-06-22", List.of("ippai@atsugi.example.jp"), List.of());
            queue("receipt/R2026-000008", "keiyaku@atsugi.example.jp");
            queue("receipt/R2026-000009", "zaisei@city.example.jp");

            // run-once sends once a night: the server answered, so the rest is sent now, not in three nights
            OutboxSender.Sweep sweep = sender.sendDue();

            assertThat(sweep.retrying()).isEqualTo(1);
            assertThat(sweep.sent()).isEqualTo(2);
            assertThat(server.receivedBy("keiyaku@atsugi.example.jp")).hasSize(1);
            assertThat(server.receivedBy("zaisei@city.example.jp")).hasSize(1);
            assertThat(Sql.one(db, "select status, last_error from outbox_mail where dedup_key like 'reminder/%'"))
                    .containsEntry("status", "pending")
                    .satisfies(row -> assertThat(row.get("last_error").toString()).contains("452"));
        }
    }

    @Test
    void aMailTheServerTookIsNeverSentAgainWhenTheDatabaseFailsWhileMarkingItSent() throws Exception {
        try (MailServer server = new MailServer()) {
            MailSettings settings = asConfigured(server.smtpPort());
            OutboxSender sender = new OutboxSender(db, new SmtpDelivery(settings), settings, "test");
            // the database fails the first update to 'sent' (a blip), as a dropped connection would
            execute("create sequence sent_blip");
            execute("create function sent_blip() returns trigger language plpgsql as $$ begin "
                    + "if nextval('sent_blip') = 1 then raise exception 'connection lost'; end if; return new; end $$");
            execute("create trigger sent_blip before update on outbox_mail for each row "
                    + "when (new.status = 'sent') execute function sent_blip()");
            queue("receipt/R2026-000006", "keiyaku@atsugi.example.jp");

            sender.sendDue();
            sender.sendDue();

            assertThat(server.receivedBy("keiyaku@atsugi.example.jp")).hasSize(1);
            assertThat(Sql.one(db, "select status, attempts from outbox_mail"))
                    .containsEntry("status", "sent").containsEntry("attempts", 1);
        }
    }

    @Test
    void aMailTheServerTookIsNeverSentAgainWhileTheDatabaseCannotMarkItSentButReportedAsUnconfirmed()
            throws Exception {
        try (MailServer server = new MailServer()) {
            MailSettings settings = asConfigured(server.smtpPort());
            OutboxSender sender = new OutboxSender(db, new SmtpDelivery(settings), settings, "test");
            execute("create function never_sent() returns trigger language plpgsql as $$ begin "
                    + "raise exception 'connection lost'; end $$");
            execute("create trigger never_sent before update on outbox_mail for each row "
                    + "when (new.status = 'sent') execute function never_sent()");
            queue("receipt/R2026-000007", "keiyaku@atsugi.example.jp");

            assertThatThrownBy(sender::sendDue).isInstanceOf(SQLException.class).hasMessageContaining("connection lost");
            sender.sendDue();
            execute("drop trigger never_sent on outbox_mail");
            Sql.rows(db, "update outbox_mail set claimed_at = now() - interval '20 minutes' returning mail_id");
            sender.sendDue();

            assertThat(server.receivedBy("keiyaku@atsugi.example.jp")).hasSize(1);
            assertThat(Sql.one(db, "select status from outbox_mail")).containsEntry("status", "unconfirmed");
            assertThat(report().failedMails()).singleElement()
                    .satisfies(f -> assertThat(f.status()).isEqualTo("unconfirmed"));
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
