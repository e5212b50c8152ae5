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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.reform.collector.intake.MailIntake;
import jp.reform.collector.intake.ReadMailWindow;
import jp.reform.collector.notify.OutboxSender;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.LogCapture;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.MailServer.Attachment;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestHome;
import jp.reform.collector.support.Tnef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mailbox channel against a real IMAP and SMTP server: mail from departments in, results in
 * PostgreSQL, receipts and replies out, unknown senders reported and never answered, unreadable mail
 * reported once, outside text never in a header or a log line as it came, mail servers never waited
 * for without end.
 */
class MailChannelTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 7, 1);
    private static final String SHOKUIN = "shokuin@atsugi.example.jp";
    private static final String ADMIN = "gyoseikeiei@atsugi.example.jp";
    private static final String HOSTILE = "報告\r\nBcc: evil@example.com";
    /** A From header without its closing '>', and a subject that decodes to two lines. */
    private static final String BROKEN_FROM = "From: =?UTF-8?B?5aOK?= <broken@example.jp\r\n"
            + "To: " + MailServer.MAILBOX + "\r\n"
            + "Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString(HOSTILE.getBytes(StandardCharsets.UTF_8))
            + "?=\r\n"
            + "Message-ID: <broken1@example.jp>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=US-ASCII\r\n\r\nresults attached\r\n";
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
        db = TestDatabase.at(dbUrl);
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
        return TestHome.withMail(Path.of("config"), dir, dbUrl, mail, extraEnvironment);
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
        // the receipt answers the department's mail: one conversation in Outlook
        assertThat(receipts.get(0).getSubject()).isEqualTo("Re: 実績報告（職員課）");
        assertThat(receipts.get(0).getHeader("In-Reply-To", null)).isEqualTo("<m1@atsugi.example.jp>");
        assertThat(receipts.get(0).getHeader("References", null)).isEqualTo("<m1@atsugi.example.jp>");
        assertThat(MailServer.text(receipts.get(0)))
                .startsWith("職員課ご担当者様\r\n\r\nお疲れさまです。")
                .contains("メールで提出された", "受付番号　：" + receiptNo, "受け付けました", "1件の実績を登録しました",
                        "令和7年度実績_職員課①.csv", "行政経営課");
        assertThat(mail.unreadInMailbox()).isZero();
        try (Stream<Path> archived = Files.walk(dir.resolve("inbox/職員課/.done"))) {
            assertThat(archived.map(p -> p.getFileName().toString()))
                    .contains(receiptNo + "_令和7年度実績_職員課①.csv", receiptNo + "_令和7年度実績_職員課①.csv_受付結果.txt");
        }
        assertThat(Sql.one(db, "select outcome, department_name from mail_message"))
                .containsEntry("outcome", "processed").containsEntry("department_name", "職員課");
    }

    @Test
    void aMailWithOneGoodAndOneRefusedAttachmentSaysTheGoodOneWentOnToBeCheckedNotThatItWasAccepted()
            throws Exception {
        mail.deposit("<m2@atsugi.example.jp>", SHOKUIN, "実績報告（職員課）", "",
                new Attachment("令和7年度実績_職員課.csv", "ISO-2022-JP", "text/csv", MailServer.windows31j(CSV)),
                new Attachment("実績.zip", "ISO-2022-JP", "application/zip", encryptedZip()));

        var run = runOnce(Map.of());

        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        List<String> texts = new java.util.ArrayList<>();
        for (MimeMessage m : mail.mailsTo(SHOKUIN)) {
            texts.add(m.getSubject() + "\n" + MailServer.text(m));
        }
        assertThat(texts).hasSize(2);
        assertThat(texts).anySatisfy(t -> assertThat(t)
                .contains("実績.zip はパスワード付きZIPのため開けません",
                        "同じメールの 令和7年度実績_職員課.csv は受け取りました。内容を確認した結果は、別のメールでお知らせします。",
                        "共有フォルダ内の「職員課」フォルダに保存してください。")
                .doesNotContain("受け付けました（受付結果"));
        assertThat(texts).anySatisfy(t -> assertThat(t).contains("令和7年度実績_職員課.csv", "1件の実績を登録しました"));
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
        // recorded before: only moved again
        assertThat(mail.messagesIn("INBOX")).isZero();
        assertThat(mail.messagesIn(MailServer.PROCESSED)).isEqualTo(1);
    }

    @Test
    void aMailIsReceivedWhenTheMailServerReceivedItNotWhenTheNightlyRunTookIt() throws Exception {
        // sent the evening before the run, taken after midnight: 受付日時 is the evening's
        Instant evening = Instant.now().minus(Duration.ofHours(7)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        mail.depositReceived(evening, false, "<evening@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                csv("夕方.csv", 34));

        assertThat(runOnce(Map.of()).sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");

        assertThat(((java.sql.Timestamp) Sql.one(db, "select received_at from submission").get("received_at"))
                .toInstant()).isEqualTo(evening);
        assertThat(((java.sql.Timestamp) Sql.one(db, "select received_at from mail_message").get("received_at"))
                .toInstant()).isEqualTo(evening);
        String shown = java.time.format.DateTimeFormatter.ofPattern("yyyy年M月d日 H時mm分")
                .format(evening.atZone(java.time.ZoneId.of("Asia/Tokyo")));
        assertThat(subjectAndText(mail.mailsTo(SHOKUIN).get(0))).contains("受付日時　：" + shown);
    }

    @Test
    void anotherMailUnderAMessageIdUsedBeforeIsTakenNotSkippedAsProcessed() throws Exception {
        // a scanner that gives every mail the same Message-ID: the second mail is another one, with another subject
        mail.deposit("<scan@atsugi.example.jp>", SHOKUIN, "実績報告（1回目）", "", csv("1回目.csv", 31));
        runOnce(Map.of());
        mail.deposit("<scan@atsugi.example.jp>", SHOKUIN, "実績報告（訂正）", "", csv("訂正.csv", 33));

        var second = runOnce(Map.of());

        assertThat(second.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(Sql.rows(db, "select source_name from submission order by submission_id"))
                .extracting(r -> r.get("source_name")).containsExactly("1回目.csv", "訂正.csv");
        assertThat(mail.mailsTo(SHOKUIN)).as("a receipt for each").hasSize(2);
        // the same mail put back is still only moved
        mail.markAllUnread();
        assertThat(runOnce(Map.of()).sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(2);
    }

    @Test
    void aMailSomeoneOpenedBeforeThePollIsCollectedAndEveryProcessedMailIsMovedToTheProcessedFolder()
            throws Exception {
        mail.deposit("<opened@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));
        mail.deposit("<stranger@example.com>", "someone@example.com", "ご案内", "");
        mail.markAllRead(); // 行政経営課's staff glanced at the collection mailbox in Outlook

        var run = runOnce(Map.of());

        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(Sql.one(db, "select channel, source_name, status from submission"))
                .containsEntry("source_name", "実績.csv").containsEntry("status", "accepted");
        assertThat(mail.mailsTo(SHOKUIN)).hasSize(1);
        // the folder read holds only what is left to process; the rest is in 取込済み, under its Japanese name
        assertThat(mail.messagesIn("INBOX")).isZero();
        assertThat(mail.messageIdsIn(MailServer.PROCESSED))
                .containsExactlyInAnyOrder("<opened@atsugi.example.jp>", "<stranger@example.com>");
        assertThat(mail.folders()).contains(MailServer.PROCESSED);
    }

    @Test
    void oldReadMailIsLeftInTheFolderUntouchedWhileRecentReadMailAndOldUnreadMailAreCollected() throws Exception {
        Instant now = Instant.now();
        // a mailbox people used before the collector (or before it read more than unread mail): read long ago
        mail.depositReceived(now.minus(Duration.ofDays(30)), true, "<old-read@atsugi.example.jp>", SHOKUIN,
                "実績報告（前回分）", "", new Attachment("前回の実績.csv", "UTF-8", "text/csv",
                        MailServer.windows31j(CSV.replace(",29,", ",12,"))));
        mail.depositReceived(now.minus(Duration.ofDays(30)), true, "<old-note@atsugi.example.jp>", SHOKUIN,
                "お礼", "ありがとうございました。");
        // opened in Outlook yesterday, before the poll
        mail.depositReceived(now.minus(Duration.ofDays(1)), true, "<recent-read@atsugi.example.jp>", SHOKUIN,
                "実績報告", "", new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));
        // never opened, however old
        mail.depositReceived(now.minus(Duration.ofDays(30)), false, "<old-unread@atsugi.example.jp>", SHOKUIN,
                "実績報告（追加）", "", new Attachment("実績_追加.csv", "UTF-8", "text/csv",
                        MailServer.windows31j(CSV.replace("Ｉ－１－ウ－１", "Ｉ－１－ウ－２"))));

        CollectorApplication.RunOnceResult run;
        List<String> logLines;
        try (LogCapture logs = new LogCapture(ReadMailWindow.class)) {
            run = runOnce(Map.of());
            logLines = logs.lines();
        }

        assertThat(run.sweep().summary()).isEqualTo("accepted 2, rejected 0, already received 0");
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(2);
        assertThat(Sql.count(db, "select count(*) from submission where source_name = '前回の実績.csv'")).isZero();
        assertThat(Sql.one(db, "select actual_value from result_current where indicator_code = 'I-1-ウ-1'")
                .get("actual_value").toString()).startsWith("29");
        // receipts for the two mails collected; nothing for the old ones (no 「添付ファイルがありません」 for the note)
        assertThat(mail.mailsTo(SHOKUIN)).extracting(MimeMessage::getSubject)
                .containsExactlyInAnyOrder("Re: 実績報告", "Re: 実績報告（追加）");
        assertThat(mail.messageIdsIn("INBOX"))
                .containsExactlyInAnyOrder("<old-read@atsugi.example.jp>", "<old-note@atsugi.example.jp>");
        assertThat(mail.messageIdsIn(MailServer.PROCESSED))
                .containsExactlyInAnyOrder("<recent-read@atsugi.example.jp>", "<old-unread@atsugi.example.jp>");
        assertThat(Sql.count(db, "select count(*) from mail_message where message_key in"
                + " ('<old-read@atsugi.example.jp>', '<old-note@atsugi.example.jp>')")).isZero();
        // one line for the run, however many polls it took, telling the operator what to do
        assertThat(logLines).filteredOn(l -> l.contains("left alone")).singleElement().asString()
                .startsWith("INFO 2 read mail(s) in INBOX received before ")
                .contains("mail.imap.read-mail-days=7", "Mark one unread");

        // a person marks them unread (wanting one collected after all): they are collected then, the rest only moved
        mail.markAllUnread();
        var again = runOnce(Map.of());

        assertThat(again.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(Sql.one(db, "select status from submission where source_name = '前回の実績.csv'"))
                .containsEntry("status", "accepted");
        assertThat(mail.messagesIn("INBOX")).isZero();
        assertThat(mail.messagesIn(MailServer.PROCESSED)).isEqualTo(4);
    }

    @Test
    void aProcessedFolderOfAnotherNameIsCreatedAndTheSameFolderAsTheOneReadIsRefusedAtStart() throws Exception {
        mail.deposit("<elsewhere@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));

        runOnce(Map.of("MAIL_IMAP_PROCESSED_FOLDER", "Collected"));

        assertThat(mail.messageIdsIn("Collected")).containsExactly("<elsewhere@atsugi.example.jp>");
        assertThat(mail.messagesIn("INBOX")).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> runOnce(Map.of("MAIL_IMAP_PROCESSED_FOLDER", "inbox")))
                .hasMessageContaining("mail.imap.processed-folder");
    }

    @Test
    void aMailAnotherInstanceHasClaimedStaysInTheFolderUntouchedAndIsCollectedWhenThatInstanceFails()
            throws Exception {
        runOnce(Map.of()); // the schema
        mail.deposit("<claimed@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));
        // serve on another server has just claimed it
        Sql.execute(db, "insert into file_claim (repository, claim_key, claimed_by)"
                + " values ('mail', '<claimed@atsugi.example.jp>', '4242@otherhost/serve')");

        var left = runOnce(Map.of(), Duration.ofMinutes(1), TODAY);

        assertThat(left.sweep().hasFailed()).isFalse();
        assertThat(left.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0, skipped 1");
        assertThat(mail.unreadInMailbox()).isEqualTo(1);
        assertThat(mail.messagesIn(MailServer.PROCESSED)).isZero();
        assertThat(Sql.count(db, "select count(*) from mail_message")).isZero();

        // that instance failed (killed, or the database went away under it): its claim is released or expires
        Sql.execute(db, "delete from file_claim");
        var next = runOnce(Map.of());

        assertThat(next.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(Sql.one(db, "select source_name from submission")).containsEntry("source_name", "実績.csv");
        assertThat(mail.mailsTo(SHOKUIN)).hasSize(1);
        assertThat(mail.messagesIn("INBOX")).isZero();
        assertThat(mail.messagesIn(MailServer.PROCESSED)).isEqualTo(1);
    }

    @Test
    void anOutOfOfficeReplyGetsNoAnswerAndIsNotReportedButOneWithADataFileIsProcessed() throws Exception {
        String kikikanri = "kikikanri@atsugi.example.jp";
        mail.depositRaw("From: 危機管理課 <" + kikikanri + ">\r\nTo: " + MailServer.MAILBOX + "\r\n"
                + "Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString(
                        "自動応答: 【行革実績】実績報告のお願い".getBytes(StandardCharsets.UTF_8)) + "?=\r\n"
                + "Message-ID: <oof1@atsugi.example.jp>\r\nAuto-Submitted: auto-replied\r\n"
                + "X-Auto-Response-Suppress: All\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=US-ASCII\r\n\r\nI am out of office until July 10.\r\n");
        mail.depositRaw("From: " + SHOKUIN + "\r\nTo: " + MailServer.MAILBOX + "\r\nSubject: Out of office\r\n"
                + "Message-ID: <oof2@atsugi.example.jp>\r\nPrecedence: bulk\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\naway\r\n"
                + "--B\r\nContent-Type: image/png; name=\"away.png\"\r\n"
                + "Content-Disposition: attachment; filename=\"away.png\"\r\n\r\nPNG\r\n--B--\r\n");
        // the out-of-office reply of someone who had the results attached: a person reads the receipt later
        mail.depositRaw("From: " + SHOKUIN + "\r\nTo: " + MailServer.MAILBOX + "\r\nSubject: Automatic reply\r\n"
                + "Message-ID: <oof3@atsugi.example.jp>\r\nX-Autoreply: yes\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=C\r\n\r\n--C\r\nContent-Type: text/plain\r\n\r\nx\r\n"
                + "--C\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"jisseki.csv\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(MailServer.windows31j(CSV)) + "\r\n--C--\r\n");

        var run = runOnce(Map.of());

        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(mail.mailsTo(kikikanri)).isEmpty();
        List<MimeMessage> toShokuin = mail.mailsTo(SHOKUIN);
        assertThat(toShokuin).singleElement().satisfies(receipt -> {
            assertThat(MailServer.text(receipt)).contains("jisseki.csv", "受け付けました");
            assertThat(receipt.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        });
        assertThat(Sql.rows(db, "select message_key, outcome, cardinality(problems) as problems from mail_message"
                + " order by message_key")).extracting(r -> r.get("message_key") + " " + r.get("outcome") + " "
                        + r.get("problems"))
                .containsExactly("<oof1@atsugi.example.jp> no_usable_attachment 0",
                        "<oof2@atsugi.example.jp> no_usable_attachment 0", "<oof3@atsugi.example.jp> processed 0");
        // the division's report has nothing of them; it is a program's mail too
        for (MimeMessage report : mail.mailsTo(ADMIN)) {
            assertThat(MailServer.html(report) + MailServer.text(report)).doesNotContain("自動応答", "Out of office");
            assertThat(report.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        }
        assertThat(mail.messagesIn("INBOX")).isZero();
    }

    @Test
    void aSubjectAndAFileNameInRawIso2022jpOfAnOldJapaneseMailerAreReadAsJapanese() throws Exception {
        java.nio.charset.Charset jis = java.nio.charset.Charset.forName("ISO-2022-JP");
        String subject = new String("実績報告（職員課）".getBytes(jis), StandardCharsets.ISO_8859_1);
        String name = new String("実績.csv".getBytes(jis), StandardCharsets.ISO_8859_1);
        mail.depositRaw("From: " + SHOKUIN + "\r\nTo: " + MailServer.MAILBOX + "\r\nSubject: " + subject + "\r\n"
                + "Message-ID: <jis@atsugi.example.jp>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=J\r\n\r\n--J\r\nContent-Type: text/plain\r\n\r\nx\r\n"
                + "--J\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(MailServer.windows31j(CSV)) + "\r\n--J--\r\n");

        var run = runOnce(Map.of());

        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(Sql.one(db, "select source_name from submission")).containsEntry("source_name", "実績.csv");
        assertThat(Sql.one(db, "select subject from mail_message")).containsEntry("subject", "実績報告（職員課）");
        assertThat(mail.mailsTo(SHOKUIN)).singleElement().satisfies(receipt -> {
            assertThat(receipt.getSubject()).isEqualTo("Re: 実績報告（職員課）");
            assertThat(MailServer.text(receipt)).contains("実績.csv");
        });
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
        assertThat(mail.mailsTo(SHOKUIN)).extracting(MailChannelTest::subjectAndText)
                .anySatisfy(s -> assertThat(s).startsWith("Re: Fw: 実績報告\n").contains("受付済み", "実績(再送).csv"));
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
        List<MimeMessage> reports = mail.mailsTo(ADMIN);
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

        var run = runOnce(Map.of("MAIL_MAX_ATTACHMENT_MB", "1",
                "COLLECTOR_INBOX_SHOWN_TO_DEPARTMENTS", "\\\\fileserver\\行革\\inbox"));

        assertThat(run.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        List<MimeMessage> replies = mail.mailsTo(SHOKUIN);
        assertThat(replies).hasSize(3).allSatisfy(r -> assertThat(r.getSubject()).startsWith("Re: 実績報告"));
        assertThat(replies).allSatisfy(r -> assertThat(r.getHeader("In-Reply-To", null)).matches("<r[123]@atsugi.example.jp>"));
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
                MailServer.MAILBOX, "共有フォルダ（\\\\fileserver\\行革\\inbox\\職員課）に保存してください。")
                .doesNotContain(dir.toString(), "職員課 ");
        assertThat(Sql.count(db, "select count(*) from mail_message where outcome = 'no_usable_attachment'"))
                .isEqualTo(3);
    }

    @Test
    void everyAttachmentNotTakenBesideATakenFileIsNamedToItsSenderButAnImageInTheMailsTextIsNot() throws Exception {
        mail.deposit("<ods@atsugi.example.jp>", SHOKUIN, "実績報告（集計表つき）", "",
                csv("職員課_本体.csv", 70),
                new Attachment("集計表.ods", "UTF-8", "application/vnd.oasis.opendocument.spreadsheet",
                        new byte[] {'P', 'K', 3, 4}),
                new Attachment("表紙.pdf", "UTF-8", "application/pdf", new byte[] {'%', 'P', 'D', 'F'}));
        // an Outlook HTML mail: the signature's logo is part of its text, and the CSV is attached
        String logo = Base64.getMimeEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        mail.depositRaw("From: " + SHOKUIN + "\r\nTo: " + MailServer.MAILBOX + "\r\nSubject: logo\r\n"
                + "Message-ID: <logo@atsugi.example.jp>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=M\r\n\r\n--M\r\n"
                + "Content-Type: multipart/related; boundary=R\r\n\r\n--R\r\n"
                + "Content-Type: text/html; charset=US-ASCII\r\n\r\n<p>results</p><img src=\"cid:image001\">\r\n"
                + "--R\r\nContent-Type: image/png; name=\"image001.png\"\r\nContent-ID: <image001>\r\n"
                + "Content-Disposition: inline; filename=\"image001.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + logo + "\r\n--R--\r\n--M\r\nContent-Type: text/csv; name=\"logo.csv\"\r\n"
                + "Content-Disposition: attachment; filename=\"logo.csv\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(MailServer.windows31j(CSV)) + "\r\n--M--\r\n");

        var run = runOnce(Map.of());

        assertThat(run.sweep().summary()).isEqualTo("accepted 2, rejected 0, already received 0");
        List<MimeMessage> replies = mail.mailsTo(SHOKUIN).stream()
                .filter(m -> subjectAndText(m).contains("受け付けできませんでした")).toList();
        assertThat(replies).singleElement().extracting(MailChannelTest::subjectAndText).asString()
                .contains("集計表.ods は、Excel ブック（.xlsx・.xlsm・.xls）・CSV ファイル（.csv）以外の形式のため読み取っていません",
                        "添付されていた 表紙.pdf は、実績報告として読み取れる形式",
                        "なお、同じメールの 職員課_本体.csv は受け取りました")
                .doesNotContain("image001.png");
        assertThat(mail.mailsTo(SHOKUIN)).as("the reply and the two receipts").hasSize(3);
    }

    @Test
    void excelsUnicodeTextMailedBesideACsvIsReadAsInTheFolder() throws Exception {
        String unicodeText = "\uFEFF指標コード\t年度\t実績値\t取組状況\r\nI-1-ア-2\t令和7年度\t31\t実施した\r\n";
        mail.deposit("<txt@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績1.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)),
                new Attachment("実績2.txt", "UTF-8", "text/plain", unicodeText.getBytes(StandardCharsets.UTF_16LE)));

        var run = runOnce(Map.of());

        assertThat(run.sweep().summary()).isEqualTo("accepted 2, rejected 0, already received 0");
        assertThat(Sql.rows(db, "select source_name from submission order by submission_id"))
                .extracting(r -> r.get("source_name")).containsExactly("実績1.csv", "実績2.txt");
        assertThat(Sql.one(db, "select status_text from result_current where indicator_code = 'I-1-ア-2'"))
                .containsEntry("status_text", "実施した");
        assertThat(mail.mailsTo(SHOKUIN)).as("a receipt for each, no reply").hasSize(2)
                .noneSatisfy(m -> assertThat(subjectAndText(m)).contains("受け付けできませんでした"));
    }

    @Test
    void exchangesCutOffMailTextAttt00001TxtIsNeitherReadNorNamed() throws Exception {
        // the sender typed a line below the CSV in Outlook: Exchange sends that text as ATT00001.txt
        mail.deposit("<att@atsugi.example.jp>", SHOKUIN, "実績報告", "実績を送ります。",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)),
                new Attachment("ATT00001.txt", "UTF-8", "text/plain",
                        "よろしくお願いします。\r\n職員課 山田".getBytes(StandardCharsets.UTF_8)));

        var run = runOnce(Map.of());

        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(mail.mailsTo(SHOKUIN)).as("the receipt only").hasSize(1)
                .noneSatisfy(m -> assertThat(subjectAndText(m)).contains("ATT00001"));
    }

    @Test
    void noMoreFilesThanTheLimitAreTakenFromOneMailAndTheSenderIsToldOnceWhichWereNot() throws Exception {
        // mail.max-files 3 (an operator's environment): 3 + 5 CSV files
        Attachment[] eight = new Attachment[8];
        for (int i = 0; i < eight.length; i++) {
            eight[i] = csv("多い_" + (i + 1) + ".csv", 30 + i);
        }
        mail.deposit("<over@atsugi.example.jp>", SHOKUIN, "実績報告", "", eight);
        // counted together in the mail's order: one attached, two inside winmail.dat (the image is no file to
        // read), then the third of winmail.dat and the one after it are past the limit
        mail.deposit("<mixed@atsugi.example.jp>", SHOKUIN, "実績報告（Outlook）", "",
                csv("混在_1.csv", 40),
                new Attachment("winmail.dat", "UTF-8", "application/ms-tnef", Tnef.of(
                        new Tnef.File("KONZAI~2.CSV", "混在_2.csv", MailServer.windows31j(csvText(41))),
                        new Tnef.File("IMAGE001.PNG", "image001.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
                        new Tnef.File("KONZAI~3.CSV", "混在_3.csv", MailServer.windows31j(csvText(42))),
                        new Tnef.File("KONZAI~4.CSV", "混在_4.csv", MailServer.windows31j(csvText(43))))),
                csv("混在_5.csv", 44));
        mail.deposit("<exact@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                csv("ちょうど_1.csv", 50), csv("ちょうど_2.csv", 51), csv("ちょうど_3.csv", 52));
        // a forged From of a 課: thousands of 1-byte files in a few hundred kilobytes
        Attachment[] flood = new Attachment[2_000];
        for (int i = 0; i < flood.length; i++) {
            flood[i] = new Attachment("flood_" + (i + 1) + ".csv", "UTF-8", "text/csv", new byte[] {'x'});
        }
        mail.deposit("<flood@atsugi.example.jp>", SHOKUIN, "大量", "", flood);

        // a guard against a mail that costs thousands of ingests, not a measurement
        var run = runOnce(Map.of("MAIL_MAX_FILES", "3"), Duration.ofSeconds(90), TODAY);

        assertThat(run.sweep().hasFailed()).as(run.sweep().firstFailure()).isFalse();
        assertThat(Sql.rows(db, "select source_name from submission order by submission_id"))
                .extracting(r -> r.get("source_name").toString())
                .containsExactly("多い_1.csv", "多い_2.csv", "多い_3.csv", "混在_1.csv", "混在_2.csv", "混在_3.csv",
                        "ちょうど_1.csv", "ちょうど_2.csv", "ちょうど_3.csv", "flood_1.csv", "flood_2.csv", "flood_3.csv");
        assertThat(run.sweep().summary()).isEqualTo("accepted 9, rejected 3, already received 0");

        // three receipts and one reply that names the five not read, and the three that were
        List<String> over = answersTo("<over@atsugi.example.jp>");
        assertThat(over).hasSize(4).filteredOn(a -> a.contains("受付番号")).hasSize(3);
        assertThat(over).filteredOn(a -> a.contains("読み取っていません")).singleElement().satisfies(reply -> assertThat(reply)
                .startsWith("Re: 実績報告\n")
                .contains("1通のメールで受け付けるファイルは 3 個までのため、それより後に添付されていた次のファイルは読み取っていません："
                                + "多い_4.csv、多い_5.csv、多い_6.csv、多い_7.csv、多い_8.csv。",
                        "1通に 3 個までとなるよう何通かのメールに分けて送信してください",
                        "なお、同じメールの 多い_1.csv、多い_2.csv、多い_3.csv は受け取りました。"));
        assertThat(Sql.one(db, "select outcome, array_to_string(attachment_names, '|') as names, "
                + "cardinality(problems) as problems from mail_message where message_key = '<over@atsugi.example.jp>'"))
                .containsEntry("outcome", "processed").containsEntry("problems", 1)
                .containsEntry("names", "多い_1.csv|多い_2.csv|多い_3.csv|多い_4.csv|多い_5.csv|多い_6.csv|多い_7.csv|多い_8.csv");

        List<String> mixed = answersTo("<mixed@atsugi.example.jp>");
        assertThat(mixed).hasSize(4).filteredOn(a -> a.contains("読み取っていません")).singleElement()
                .satisfies(reply -> assertThat(reply).contains("読み取っていません：混在_4.csv、混在_5.csv。")
                        .doesNotContain("image001.png"));

        // exactly at the limit: all taken, only receipts
        assertThat(answersTo("<exact@atsugi.example.jp>")).hasSize(3)
                .allSatisfy(a -> assertThat(a).contains("受付番号", "受け付けました").doesNotContain("読み取っていません"));

        // the flood: three receipts and one short reply; its record keeps 100 names and the count of the rest
        List<String> flooded = answersTo("<flood@atsugi.example.jp>");
        assertThat(flooded).hasSize(4).filteredOn(a -> a.contains("読み取っていません")).singleElement()
                .satisfies(reply -> assertThat(reply)
                        .contains("読み取っていません：flood_4.csv、", "flood_23.csv ほか 1977 件。")
                        .doesNotContain("flood_24.csv")
                        .hasSizeLessThan(3_000));
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind in ('receipt', 'reply')")).isEqualTo(12 + 3);
        assertThat(Sql.one(db, "select cardinality(attachment_names) as n, attachment_names[100] as last_name, "
                + "attachment_names[101] as rest from mail_message where message_key = '<flood@atsugi.example.jp>'"))
                .containsEntry("n", 101).containsEntry("last_name", "flood_100.csv").containsEntry("rest", "（ほか 1900 件）");
        try (Stream<Path> archived = Files.walk(dir.resolve("inbox/職員課"))) {
            assertThat(archived.filter(p -> p.getFileName().toString().contains("flood_")))
                    .hasSize(3 * 2); // each file read and its receipt
        }
        assertThat(mail.unreadInMailbox()).isZero();
    }

    @Test
    void mailOfA課WhoseFilesWereNotAllTakenIsInTheNextExceptionReportOnceWithWhatItsSenderWasTold() throws Exception {
        // mail.max-files 2: the third CSV is past it; the PDF beside them is only noted (not a data file)
        mail.deposit("<past@atsugi.example.jp>", SHOKUIN, "実績報告（3ファイル）", "",
                csv("職員課_1.csv", 60), csv("職員課_2.csv", 61), csv("職員課_3.csv", 62),
                new Attachment("表紙.pdf", "UTF-8", "application/pdf", new byte[] {'%', 'P', 'D', 'F'}));
        mail.deposit("<pdf@atsugi.example.jp>", SHOKUIN, "実績報告（PDF）", "",
                new Attachment("実績報告書.pdf", "UTF-8", "application/pdf", new byte[] {'%', 'P', 'D', 'F'}));
        mail.deposit("<markup@atsugi.example.jp>", SHOKUIN, "<img src=x onerror=alert(1)>実績&報告", "添付を忘れました");
        mail.deposit("<whole@atsugi.example.jp>", SHOKUIN, "実績報告（全部受付）", "", csv("職員課_全部.csv", 63));
        mail.deposit("<stranger@example.com>", "someone@example.com", "請求書（未登録）", "",
                new Attachment("請求書.pdf", "UTF-8", "application/pdf", new byte[] {'%', 'P', 'D', 'F'}));

        var run = runOnce(Map.of("MAIL_MAX_FILES", "2"), Duration.ofSeconds(90), TODAY);

        assertThat(run.sweep().hasFailed()).as(run.sweep().firstFailure()).isFalse();
        MimeMessage report = mail.lastTo(ADMIN, "例外レポート");
        assertThat(report.getSubject()).contains("添付未受付 3件");
        String html = MailServer.html(report);
        assertThat(html).contains(">添付ファイルを受け付けなかったメール（3件）</h2>",
                        "実績報告（3ファイル）", "読み取っていません：職員課_3.csv。",
                        "実績報告（PDF）", "添付されていたファイル（実績報告書.pdf）は実績報告として読み取れる形式ではありません",
                        "&lt;img src=x onerror=alert(1)&gt;実績&amp;報告", "ファイルが添付されていませんでした",
                        ">" + SHOKUIN + "<", ">職員課<")
                .doesNotContain("<img", "実績報告（全部受付）");
        // unknown senders keep their section: listed there, not here again
        assertThat(html.split("請求書（未登録）", -1)).hasSize(2);
        String text = MailServer.text(report);
        assertThat(text).contains("■ 添付ファイルを受け付けなかったメール（3件）", "実績報告（3ファイル）",
                "読み取っていません：職員課_3.csv。", "実績報告書.pdf", "<img src=x onerror=alert(1)>実績&報告")
                .doesNotContain("実績報告（全部受付）");
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(
                MailServer.attachments(report).values().iterator().next()))) {
            var sheet = workbook.getSheet("添付ファイルを受け付けなかったメール");
            assertThat(sheet.getLastRowNum()).isEqualTo(3);
            Map<String, List<String>> rows = new java.util.HashMap<>();
            for (int i = 1; i <= 3; i++) {
                var row = sheet.getRow(i);
                rows.put(row.getCell(3).getStringCellValue(), List.of(row.getCell(1).getStringCellValue(),
                        row.getCell(2).getStringCellValue(), row.getCell(4).getStringCellValue(),
                        row.getCell(5).getStringCellValue()));
            }
            assertThat(rows).containsOnlyKeys("実績報告（3ファイル）", "実績報告（PDF）", "<img src=x onerror=alert(1)>実績&報告");
            List<String> past = rows.get("実績報告（3ファイル）");
            assertThat(past.subList(0, 3)).containsExactly("職員課", SHOKUIN,
                    "職員課_1.csv\n職員課_2.csv\n職員課_3.csv\n表紙.pdf");
            assertThat(past.get(3)).contains("読み取っていません：職員課_3.csv。");
            assertThat(rows.get("実績報告（PDF）").get(3)).contains("実績報告書.pdf");
        }
        assertThat(Sql.count(db, "select count(*) from mail_message where reported_at is not null")).isEqualTo(4);

        var next = runOnce(Map.of("MAIL_MAX_FILES", "2"), Duration.ofSeconds(60), TODAY.plusDays(1));

        assertThat(next.sweep().hasFailed()).isFalse();
        List<MimeMessage> reports = mail.mailsTo(ADMIN);
        assertThat(reports).hasSize(2);
        MimeMessage second = reports.get(1);
        assertThat(second.getSubject()).doesNotContain("添付未受付");
        assertThat(MailServer.html(second)).containsPattern(">添付ファイルを受け付けなかったメール</td><td[^>]*>0件<")
                .doesNotContain("実績報告（3ファイル）", "実績報告（PDF）", "onerror");
        assertThat(MailServer.text(second)).doesNotContain("実績報告（3ファイル）", "実績報告書.pdf");
    }

    private static Attachment csv(String name, int value) {
        return new Attachment(name, "UTF-8", "text/csv", MailServer.windows31j(csvText(value)));
    }

    /** The department's CSV with another value, so that each file is a new one. */
    private static String csvText(int value) {
        return CSV.replace(",29,", "," + value + ",");
    }

    /** Every mail that answers a department's mail: its subject, a line break, its text. */
    private List<String> answersTo(String messageId) throws Exception {
        List<String> texts = new java.util.ArrayList<>();
        for (MimeMessage m : mail.mailsTo(SHOKUIN)) {
            if (messageId.equals(m.getHeader("In-Reply-To", null))) {
                texts.add(subjectAndText(m));
            }
        }
        return texts;
    }

    @Test
    void aMailWithABrokenFromHeaderIsRecordedReportedMarkedReadAndNeverTriedAgain() throws Exception {
        mail.depositRaw(BROKEN_FROM);
        mail.deposit("<good1@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));

        long start = System.nanoTime();
        CollectorApplication.RunOnceResult run;
        List<String> logLines;
        try (LogCapture logs = new LogCapture(MailIntake.class, RunControl.class)) {
            run = runOnce(Map.of(), Duration.ofSeconds(60), TODAY);
            logLines = logs.lines();
        }

        // promptly, and as a run that handled everything (run-once exits 0)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        assertThat(run.sweep().hasFailed()).isFalse();
        assertThat(run.overnight()).isNotNull();
        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(mail.mailsTo(SHOKUIN)).singleElement().extracting(MailChannelTest::subjectAndText)
                .satisfies(s -> assertThat(s).contains("受け付けました", "実績.csv"));
        assertThat(mail.unreadInMailbox()).isZero();
        Map<String, Object> recorded = Sql.one(db, "select * from mail_message where outcome = 'unreadable'");
        assertThat(recorded).containsEntry("message_key", "<broken1@example.jp>");
        assertThat(recorded.get("from_address").toString()).contains("broken@example.jp");
        assertThat(recorded.get("subject")).isEqualTo(HOSTILE);
        assertThat(recorded.get("error").toString()).contains("読み取れませんでした");
        assertThat(recorded.get("reported_at")).isNotNull();

        // in the division's exception report, mail body and workbook
        MimeMessage report = mail.mailsTo(ADMIN).get(0);
        assertThat(MailServer.html(report)).contains("読み取れなかったメール", "broken@example.jp", "報告 Bcc: evil@example.com",
                "読み取れませんでした");
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(
                MailServer.attachments(report).values().iterator().next()))) {
            var row = workbook.getSheet("読み取れなかったメール").getRow(1);
            assertThat(row.getCell(1).getStringCellValue()).contains("broken@example.jp");
            assertThat(row.getCell(4).getStringCellValue()).contains("読み取れませんでした");
        }
        // the subject holds a line break: escaped, never a forged line
        assertThat(logLines).anySatisfy(l -> assertThat(l).startsWith("WARN Mail <broken1@example.jp>")
                .contains("\\u000d\\u000aBcc: evil@example.com"));
        assertThat(logLines).noneSatisfy(l -> assertThat(l).containsAnyOf("\r", "\n"));

        mail.markAllUnread();
        var second = runOnce(Map.of(), Duration.ofSeconds(60), TODAY.plusDays(1));

        assertThat(second.sweep().hasFailed()).isFalse();
        assertThat(second.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(Sql.count(db, "select count(*) from mail_message")).isEqualTo(2);
        assertThat(mail.mailsTo(SHOKUIN)).hasSize(1);
        assertThat(mail.unreadInMailbox()).isZero();
        List<MimeMessage> reports = mail.mailsTo(ADMIN);
        assertThat(reports).hasSize(2);
        assertThat(MailServer.html(reports.get(1))).doesNotContain("broken@example.jp");
    }

    @Test
    void anAttachmentThatCannotBeDecodedEndsRecordedAsUnreadableNotRetried() throws Exception {
        mail.depositRaw("From: " + SHOKUIN + "\r\n"
                + "To: " + MailServer.MAILBOX + "\r\n"
                + "Subject: results\r\n"
                + "Message-ID: <b64@atsugi.example.jp>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=US-ASCII\r\n\r\nattached\r\n"
                + "--b\r\nContent-Type: text/csv; name=\"jisseki.csv\"\r\n"
                + "Content-Disposition: attachment; filename=\"jisseki.csv\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nQUJDQ\r\n" // cut off inside a group
                + "--b--\r\n");

        var run = runOnce(Map.of(), Duration.ofSeconds(60), TODAY);

        assertThat(run.sweep().hasFailed()).isFalse();
        assertThat(Sql.one(db, "select outcome, department_name, attachment_names, error from mail_message"))
                .containsEntry("outcome", "unreadable").containsEntry("department_name", "職員課")
                .satisfies(row -> assertThat(row.get("error").toString())
                        .startsWith("メールの本文または添付ファイルを読み取れませんでした（")
                        .contains("DecodingException"));
        assertThat(mail.unreadInMailbox()).isZero();
        assertThat(mail.mailsTo(SHOKUIN)).isEmpty();
        assertThat(Sql.count(db, "select count(*) from submission")).isZero();
    }

    @Test
    void aMailNestedHundredsOfPartsDeepIsRecordedAsUnreadableAndTheNextMailIsRead() throws Exception {
        // multipart inside multipart, 200 levels (past MailIntake.MAX_NESTING): thousands would overflow the stack
        // of a walk part by part (also GreenMail's own, here in the test)
        StringBuilder raw = new StringBuilder("From: " + SHOKUIN + "\r\n"
                + "To: " + MailServer.MAILBOX + "\r\n"
                + "Subject: nested\r\n"
                + "Message-ID: <deep@atsugi.example.jp>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
        int levels = 200;
        for (int i = 1; i < levels; i++) {
            raw.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i)
                    .append("\"\r\n\r\n");
        }
        raw.append("--b").append(levels - 1).append("\r\nContent-Type: text/csv; name=\"jisseki.csv\"\r\n\r\nx\r\n");
        for (int i = levels - 1; i >= 0; i--) {
            raw.append("--b").append(i).append("--\r\n");
        }
        mail.depositRaw(raw.toString());
        mail.deposit("<after-deep@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));

        var run = runOnce(Map.of(), Duration.ofSeconds(60), TODAY);

        assertThat(run.sweep().hasFailed()).isFalse();
        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(Sql.one(db, "select outcome, error from mail_message where message_key = '<deep@atsugi.example.jp>'"))
                .containsEntry("outcome", "unreadable")
                .satisfies(row -> assertThat(row.get("error").toString())
                        .startsWith("メールの本文または添付ファイルを読み取れませんでした"));
        assertThat(mail.unreadInMailbox()).isZero();
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
                .allSatisfy(s -> assertThat(s).isEqualTo("Re: 報告 Bcc: evil@example.com"));
        assertThat(answers).extracting(MailChannelTest::subjectAndText)
                .anySatisfy(s -> assertThat(s).contains("受け付けました", "evil@example.com.csv"))
                .anySatisfy(s -> assertThat(s).contains("受け付けできませんでした", "報告 Bcc: evil@example.com"));
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
    void anXlsWithANulCharacterInACellIsRefusedAtThatCellAndTheMailIsAnsweredOnceNotTriedAgainAndAgain()
            throws Exception {
        // PostgreSQL cannot store a NUL: the load of this file failed, the mail stayed unread, and every run
        // failed on it and answered the good attachment before it once more as 受付済み
        Path xls = jp.reform.collector.support.DepartmentFiles.xls(dir.resolve("nul.xls"), null,
                jp.reform.collector.support.DepartmentFiles.HEADER,
                List.of(List.of("I-1-ウ-2", 2025, 30, "研修を\u0000実施", "", "", "")));
        mail.deposit("<nul1@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)),
                new Attachment("実績2.xls", "UTF-8", "application/vnd.ms-excel", Files.readAllBytes(xls)));

        var first = runOnce(Map.of());
        mail.markAllUnread();
        var second = runOnce(Map.of());

        assertThat(first.sweep().hasFailed()).isFalse();
        assertThat(first.sweep().summary()).isEqualTo("accepted 1, rejected 1, already received 0");
        assertThat(second.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(2);
        assertThat(Sql.one(db, "select outcome from mail_message")).containsEntry("outcome", "processed");
        List<MimeMessage> answers = mail.mailsTo(SHOKUIN);
        assertThat(answers).hasSize(2);
        assertThat(answers).extracting(MailChannelTest::subjectAndText)
                .anySatisfy(t -> assertThat(t).contains("実績2.xls", "受け付けできませんでした",
                        "2行目 D列] 「取組状況」欄に、登録できない制御文字", "研修を�実施"))
                .noneSatisfy(t -> assertThat(t).contains("受付済み"));
    }

    @Test
    void aNulInTheSubjectOrMessageIdIsStoredAsAReplacementCharacterAndTheMailIsTakenOnce() throws Exception {
        // a decoded subject (=00 in an encoded word) or a raw header can hold a NUL, which PostgreSQL text cannot:
        // the mail's record failed, the mail stayed unread, and every run failed on it and received its file again
        mail.deposit("<nul9@atsugi.example.jp>", SHOKUIN, "実績\u0000報告", "",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));
        mail.depositRaw("From: " + SHOKUIN + "\r\nTo: " + MailServer.MAILBOX + "\r\nSubject: nul id\r\n"
                + "Message-ID: <nul\u0000id@atsugi.example.jp>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "no attachment\r\n");

        var first = runOnce(Map.of());
        mail.markAllUnread();
        var second = runOnce(Map.of());

        assertThat(first.sweep().hasFailed()).isFalse();
        assertThat(first.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(second.sweep().hasFailed()).isFalse();
        assertThat(second.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from mail_message where subject = '実績\uFFFD報告'")).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from mail_message where message_key = '<nul\uFFFDid@atsugi.example.jp>'"))
                .isEqualTo(1);
        // one receipt for the file, one reply for the mail without an attachment: nothing twice
        assertThat(mail.mailsTo(SHOKUIN)).hasSize(2);
    }

    @Test
    void aMailedFileThatCannotBeArchivedIsAnsweredOnceAndReportedNotReceivedAgainAtEveryRun() throws Exception {
        // the 課's archive cannot be made (here a file stands where .done should be; a full disk or a folder
        // without write permission end the same way)
        Files.createDirectories(dir.resolve("inbox/職員課"));
        Files.writeString(dir.resolve("inbox/職員課/.done"), "not a folder");
        mail.deposit("<arch1@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));

        var first = runOnce(Map.of());
        var second = runOnce(Map.of());

        assertThat(first.sweep().hasFailed()).as("one 課's archive does not fail the run").isFalse();
        assertThat(first.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(second.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(mail.unreadInMailbox()).isZero();
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(1);
        assertThat(mail.mailsTo(SHOKUIN)).hasSize(1);
        // the division learns that the file is not in the 課's archive
        assertThat(Sql.one(db, "select f.kind, s.receipt_no from folder_refusal f join submission s using (submission_id)"))
                .containsEntry("kind", "unarchivable").containsEntry("receipt_no", "R2026-000001");
        List<String> reports = new java.util.ArrayList<>();
        for (MimeMessage m : mail.mailsTo(ADMIN)) {
            reports.add(MailServer.html(m));
        }
        assertThat(reports).anySatisfy(r -> assertThat(r).contains("実績.csv（メールの添付ファイル。元のメールは受信箱に残っています）",
                "受け付けたファイルを保存先（.done / .error）に移せませんでした"));
    }

    @Test
    void aMailLeftUnreadAfterItsFirstFileWasReceivedGoesOnWithTheOthersAndEachFileAndTheMailAreAnsweredOnce()
            throws Exception {
        String other = CSV.replace("29,", "31,").replace("Ｉ－１－ウ－１", "I-1-ア-2");
        mail.deposit("<half1@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績1.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)),
                new Attachment("実績2.csv", "UTF-8", "text/csv", MailServer.windows31j(other)),
                new Attachment("実績.zip", "ISO-2022-JP", "application/zip", encryptedZip()));
        // the interruption: the first file is received (and archived), then the database fails on the second,
        // so the mail is neither recorded nor answered and stays unread (a crash there leaves the same)
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("create function refuse_second() returns trigger language plpgsql as $$ begin "
                    + "if new.source_name = '実績2.csv' then raise exception 'the database went away'; end if; "
                    + "return new; end $$");
            s.execute("create trigger refuse_second before insert on submission for each row "
                    + "execute function refuse_second()");
        }
        var first = runOnce(Map.of());
        assertThat(first.sweep().hasFailed()).isTrue();
        assertThat(mail.unreadInMailbox()).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(1);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("drop trigger refuse_second on submission");
        }

        var second = runOnce(Map.of());

        assertThat(second.sweep().summary())
                .isEqualTo("accepted 1, rejected 0, already received 0, finished after an interruption 1");
        assertThat(Sql.rows(db, "select source_name, status from submission order by submission_id"))
                .extracting(r -> r.get("source_name") + " " + r.get("status"))
                .containsExactly("実績1.csv accepted", "実績2.csv accepted");
        assertThat(Sql.one(db, "select outcome from mail_message")).containsEntry("outcome", "processed");
        assertThat(mail.unreadInMailbox()).isZero();
        // one receipt per file and one reply for the ZIP: nothing twice, no 受付済み
        List<String> answers = mail.mailsTo(SHOKUIN).stream().map(MailChannelTest::subjectAndText).toList();
        assertThat(answers).hasSize(3).noneSatisfy(a -> assertThat(a).contains("受付済み"));
        assertThat(answers).filteredOn(a -> a.contains("実績.zip はパスワード付きZIPのため開けません")).hasSize(1);
        String secondNo = Sql.one(db, "select receipt_no from submission where source_name = '実績2.csv'")
                .get("receipt_no").toString();
        try (Stream<Path> archived = Files.walk(dir.resolve("inbox/職員課/.done"))) {
            assertThat(archived.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("R")))
                    .containsExactlyInAnyOrder("R2026-000001_実績1.csv", "R2026-000001_実績1.csv_受付結果.txt",
                            secondNo + "_実績2.csv", secondNo + "_実績2.csv_受付結果.txt");
        }

        // the same file in a new mail later is received again, as 受付済み
        mail.deposit("<half2@atsugi.example.jp>", SHOKUIN, "再送", "",
                new Attachment("実績1.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));
        assertThat(runOnce(Map.of()).sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 1");
        assertThat(mail.mailsTo(SHOKUIN)).hasSize(4);
    }

    @Test
    void aDatabaseOutageLeavesTheMailUnreadForTheNextRun() throws Exception {
        mail.deposit("<db1@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));

        try (CollectorApplication app = CollectorApplication.open(settings(Map.of()))) {
            TestDatabase.setReachable(dbUrl, false);
            try {
                assertThat(app.runOnce(Duration.ofMinutes(2), TODAY).sweep().hasFailed()).isTrue();
            } finally {
                TestDatabase.setReachable(dbUrl, true);
            }
        }
        assertThat(mail.unreadInMailbox()).isEqualTo(1);
        assertThat(mail.messagesIn(MailServer.PROCESSED)).isZero();
        assertThat(Sql.count(db, "select count(*) from mail_message")).isZero();

        var next = runOnce(Map.of());

        assertThat(next.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(mail.messagesIn("INBOX")).isZero();
        assertThat(mail.messagesIn(MailServer.PROCESSED)).isEqualTo(1);
        assertThat(Sql.one(db, "select outcome from mail_message")).containsEntry("outcome", "processed");
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
            assertThat(logLines).anySatisfy(l -> assertThat(l).startsWith("ERROR The mailbox left to be processed again:")
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
    /** What a department reads of an answer: its subject, a line break, its text. */
    private static String subjectAndText(MimeMessage m) {
        try {
            return m.getSubject() + "\n" + MailServer.text(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

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
