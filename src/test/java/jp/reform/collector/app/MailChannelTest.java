package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.reform.collector.intake.MailIntake;
import jp.reform.collector.notify.OutboxSender;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.LogCapture;
import jp.reform.collector.support.MailServer.Attachment;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mailbox channel against a real IMAP and SMTP server: mail from departments in, results in
 * PostgreSQL, receipts and replies out, unknown senders reported and never answered.
 */
class MailChannelTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 7, 1);
    private static final String SHOKUIN = "shokuin@atsugi.example.jp";
    private static final String HOSTILE = "報告\r\nBcc: evil@example.com";
    private static final String CSV = "指標コード,年度,実績値,取組状況,成果と課題,今後の取組,自己評価\r\n"
            + "Ｉ－１－ウ－１,令和７年度,29,派遣研修を実施（①・②期）,,,\r\n";

    @TempDir
    Path dir;
    private MailServer mail;
    private String dbUrl;
    private Database db;

    @BeforeEach
    void setUp() throws Exception {
        mail = new MailServer();
        dbUrl = TestDatabase.freshUrl();
        db = Database.server(dbUrl, null, null);
        Files.createDirectories(dir.resolve("inbox"));
    }

    @AfterEach
    void tearDown() {
        db.close();
        mail.close();
    }

    private CollectorApplication.RunOnceResult runOnce(Map<String, String> extraEnvironment) throws Exception {
        return runOnce(extraEnvironment, Duration.ofMinutes(2), TODAY);
    }

    private CollectorApplication.RunOnceResult runOnce(Map<String, String> extraEnvironment, Duration timeout,
                                                       LocalDate asOf) throws Exception {
        try (CollectorApplication app = CollectorApplication.open(settings(extraEnvironment))) {
            return app.runOnce(timeout, asOf);
        }
    }

    private AppSettings settings(Map<String, String> extraEnvironment) {
        Map<String, String> env = new java.util.HashMap<>(mail.environment());
        env.putAll(extraEnvironment);
        return AppSettings.load(Path.of("config"), env)
                .override("collector.inbox", dir.resolve("inbox"))
                .override("collector.data", dir.resolve("data"))
                .override("collector.outbox", dir.resolve("outbox"))
                .override("collector.reports", dir.resolve("reports"))
                .override("db.url", dbUrl)
                .override("intake.read-lock-check-ms", 100);
    }

    @Test
    void aCp932CsvMailedByARegisteredSenderIsLoadedArchivedAndAnswered() throws Exception {
        mail.deposit("<m1@atsugi.example.jp>", "職員課 <Shokuin@Atsugi.example.jp>", "実績報告（職員課）", "よろしくお願いします。",
                new Attachment("令和7年度実績_職員課①.csv", "ISO-2022-JP", "text/csv", MailServer.windows31j(CSV)));

        var run = runOnce(Map.of());

        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        Map<String, Object> submission = Sql.one(db, "select * from submission");
        assertThat(submission).containsEntry("channel", "mail").containsEntry("department_name", "職員課")
                .containsEntry("source_name", "令和7年度実績_職員課①.csv").containsEntry("status", "accepted");
        assertThat(Sql.one(db, "select actual_value, status_text from result_current where indicator_code = 'I-1-ウ-1'"))
                .containsEntry("status_text", "派遣研修を実施（①・②期）");
        String receiptNo = submission.get("receipt_no").toString();

        List<MimeMessage> receipts = mail.mailsTo(SHOKUIN);
        assertThat(receipts).hasSize(1);
        assertThat(receipts.get(0).getSubject()).contains("受け付けました", receiptNo, "令和7年度実績_職員課①.csv");
        assertThat(MailServer.text(receipts.get(0)))
                .contains("職員課 ご担当者様", "メールで提出された", "受付番号　：" + receiptNo, "1件の実績を登録しました",
                        "行政経営課");
        assertThat(mail.unreadInMailbox()).isZero();
        try (Stream<Path> archived = Files.walk(dir.resolve("inbox/職員課/.done"))) {
            assertThat(archived.map(p -> p.getFileName().toString()))
                    .contains(receiptNo + "_令和7年度実績_職員課①.csv", receiptNo + "_令和7年度実績_職員課①.csv_受付結果.txt");
        }
        assertThat(Sql.one(db, "select outcome, department_name from mail_message"))
                .containsEntry("outcome", "processed").containsEntry("department_name", "職員課");
    }

    @Test
    void aMessageIsProcessedOnceEvenWhenItIsMarkedUnreadAgainAfterARestart() throws Exception {
        mail.deposit("<m2@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));
        runOnce(Map.of());
        mail.markAllUnread();

        var second = runOnce(Map.of());

        assertThat(second.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(1);
        assertThat(mail.mailsTo(SHOKUIN)).hasSize(1);
        assertThat(mail.unreadInMailbox()).isZero();
    }

    @Test
    void theSameAttachmentInANewMessageIsReceiptedAsAlreadyReceived() throws Exception {
        mail.deposit("<m3@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));
        runOnce(Map.of());
        mail.deposit("<m4@atsugi.example.jp>", SHOKUIN, "Fw: 実績報告", "",
                new Attachment("実績(再送).csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));

        var second = runOnce(Map.of());

        assertThat(second.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 1");
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(1);
        assertThat(mail.mailsTo(SHOKUIN)).extracting(MimeMessage::getSubject)
                .anySatisfy(s -> assertThat(s).contains("受付済みのファイルです", "実績(再送).csv"));
    }

    @Test
    void mailFromAnUnknownAddressIsNotProcessedNotAnsweredButReported() throws Exception {
        mail.deposit("<x1@example.com>", "someone@example.com", "請求書", "ご確認ください",
                new Attachment("請求書.xlsx", "UTF-8", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        new byte[] {1, 2, 3}));

        var run = runOnce(Map.of());

        assertThat(run.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(Sql.count(db, "select count(*) from submission")).isZero();
        assertThat(mail.mailsTo("someone@example.com")).isEmpty();
        assertThat(Sql.one(db, "select outcome, from_address from mail_message"))
                .containsEntry("outcome", "unknown_sender").containsEntry("from_address", "someone@example.com");
        List<MimeMessage> reports = mail.mailsTo("gyoseikeiei@atsugi.example.jp");
        assertThat(reports).hasSize(1);
        assertThat(MailServer.html(reports.get(0))).contains("someone@example.com", "請求書.xlsx");
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(
                MailServer.attachments(reports.get(0)).values().iterator().next()))) {
            var sheet = workbook.getSheet("未登録の送信者");
            assertThat(sheet.getRow(1).getCell(1).getStringCellValue()).isEqualTo("someone@example.com");
        }
        assertThat(mail.unreadInMailbox()).isZero();
    }

    @Test
    void aRegisteredSenderGetsAReplySayingWhatToSendInstead() throws Exception {
        mail.deposit("<r1@atsugi.example.jp>", SHOKUIN, "実績報告", "添付を忘れました");
        mail.deposit("<r2@atsugi.example.jp>", SHOKUIN, "実績報告（パスワード別送）", "",
                new Attachment("実績.zip", "ISO-2022-JP", "application/zip", encryptedZip()));
        mail.deposit("<r3@atsugi.example.jp>", SHOKUIN, "実績報告（大きいファイル）", "",
                new Attachment("実績_写真入り.csv", "UTF-8", "text/csv", new byte[1_300_000]));

        var run = runOnce(Map.of("MAIL_MAX_ATTACHMENT_MB", "1"));

        assertThat(run.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        List<MimeMessage> replies = mail.mailsTo(SHOKUIN);
        assertThat(replies).hasSize(3).allSatisfy(r -> assertThat(r.getSubject()).contains("受け付けできませんでした"));
        String all = String.join("\n", replies.stream().map(r -> {
            try {
                return MailServer.text(r);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList());
        assertThat(all).contains("ファイルが添付されていませんでした",
                "実績.zip はパスワード付きZIPのため開けません。ZIPにせず",
                "実績_写真入り.csv は 1.2 MB で、受け付けられる大きさ（1.0 MB）を超えています",
                MailServer.MAILBOX);
        assertThat(Sql.count(db, "select count(*) from mail_message where outcome = 'no_usable_attachment'"))
                .isEqualTo(3);
    }

    @Test
    void lineBreaksInASubjectOrAFileNameNeverReachAMailHeaderOrALogLine() throws Exception {
        mail.deposit("<crlf1@atsugi.example.jp>", SHOKUIN, HOSTILE, "",
                new Attachment(HOSTILE + ".csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));
        mail.deposit("<crlf2@atsugi.example.jp>", SHOKUIN, HOSTILE, "添付を忘れました");

        CollectorApplication.RunOnceResult run;
        List<String> logLines;
        try (LogCapture logs = new LogCapture(MailIntake.class.getName(), "jp.reform.collector.ingest",
                OutboxSender.class.getName(), RunControl.class.getName())) {
            run = runOnce(Map.of());
            logLines = logs.lines();
        }

        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        List<MimeMessage> answers = mail.mailsTo(SHOKUIN);
        assertThat(answers).extracting(MimeMessage::getSubject).hasSize(2)
                .anySatisfy(s -> assertThat(s).contains("受け付けました", "evil@example.com.csv"))
                .anySatisfy(s -> assertThat(s).contains("受け付けできませんでした", "報告 Bcc: evil@example.com"))
                .allSatisfy(s -> assertThat(s).doesNotContain("\r", "\n"));
        for (MimeMessage answer : answers) {
            assertThat(answer.getHeader("Bcc")).isNull();
            assertThat(java.util.Collections.list(answer.getAllHeaderLines()))
                    .noneSatisfy(line -> assertThat(line).startsWithIgnoringCase("bcc"));
            assertThat(answer.getAllRecipients()).extracting(Object::toString).containsExactly(SHOKUIN);
        }
        assertThat(mail.mailsTo("evil@example.com")).isEmpty();
        assertThat(Sql.count(db, "select count(*) from outbox_mail where subject ~ '[\\r\\n]'")).isZero();
        assertThat(logLines).anySatisfy(l -> assertThat(l).contains("ACCEPTED", "evil@example.com.csv"))
                .noneSatisfy(l -> assertThat(l).containsAnyOf("\r", "\n"));
    }

    @Test
    void aMailboxServerThatNeverAnswersFailsTheRunWithinItsTimeoutWithTheCauseInOneLine() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never say a word
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
            Files.writeString(config.resolve("application.properties"), String.join("\n", "",
                    "mail.imap.host=127.0.0.1", "mail.imap.port=" + silent.getLocalPort(), "mail.imap.ssl=false",
                    "mail.imap.username=" + MailServer.MAILBOX, "mail.imap.password=" + MailServer.PASSWORD,
                    "mail.imap.connect-timeout-seconds=2", "mail.imap.timeout-seconds=2", ""),
                    StandardOpenOption.APPEND);

            long start = System.nanoTime();
            int exit;
            String err;
            List<String> logLines;
            try (LogCapture logs = new LogCapture(RunControl.class)) {
                PrintStream stderr = System.err;
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
                try {
                    exit = CollectorCommand.execute("run-once", "--config", config.toString(),
                            "--inbox", dir.resolve("inbox").toString(), "--outbox", dir.resolve("outbox").toString(),
                            "--reports", dir.resolve("reports").toString(), "--db-url", dbUrl,
                            "--today", TODAY.toString(), "--timeout-minutes", "1");
                } finally {
                    System.setErr(stderr);
                }
                err = captured.toString(StandardCharsets.UTF_8);
                logLines = logs.lines();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(exit).isEqualTo(1);
            assertThat(took).isLessThan(Duration.ofSeconds(45));
            assertThat(err).contains("could not be processed");
            assertThat(accepted).isNotEmpty();
            assertThat(logLines).anySatisfy(l -> assertThat(l).startsWith("ERROR Mail left to be processed again:")
                    .containsIgnoringCase("timed out").doesNotContain("\n", "\r"));
            // the overnight steps did not run: nothing was queued
            assertThat(Sql.count(db, "select count(*) from outbox_mail")).isZero();
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /** A ZIP whose entry is marked encrypted (general purpose flag bit 0), as password ZIP tools write. */
    private static byte[] encryptedZip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("jisseki.xlsx"));
            zip.write(new byte[] {9, 9, 9, 9});
            zip.closeEntry();
        }
        byte[] zip = bytes.toByteArray();
        for (int i = 0; i + 4 < zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4) {
                zip[i + 6] |= 1; // local header flags
            } else if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
                zip[i + 8] |= 1; // central directory flags
            }
        }
        return zip;
    }
}
