package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.MailServer.Attachment;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestHome;
import jp.reform.collector.support.Tnef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Result files mailed from Outlook in rich-text format arrive inside one winmail.dat (TNEF): they are taken
 * as if attached directly, and a winmail.dat that cannot be read, or is too large, gets a reply that says
 * what to do instead, without stopping the other mail.
 */
class WinmailDatMailTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 7, 1);
    private static final String SHOKUIN = "shokuin@atsugi.example.jp";
    private static final String TNEF_TYPE = "application/ms-tnef";
    private static final String SAMPLE_NAME = "職員課_令和7年度_実績報告.xlsx";
    private static final String CSV = "指標コード,年度,実績値,取組状況,成果と課題,今後の取組,自己評価\r\n"
            + "Ｉ－１－ウ－１,令和７年度,29,派遣研修を実施（①・②期）,,,\r\n";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};
    private static final String UNREADABLE = "Outlook から送られた添付ファイル（winmail.dat）を読み取れませんでした。";
    private static final String HOW = "メールの形式を「HTML 形式」または「テキスト形式」に変えてから";

    /** The collector's home is {@code top/home}, one level down, so that a name that climbs out is seen here. */
    @TempDir
    Path top;
    private Path dir;
    private MailServer mail;
    private String dbUrl;
    private Database db;

    @BeforeEach
    void setUp() throws Exception {
        dir = top.resolve("home");
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

    @Test
    void aWorkbookSentFromOutlookInsideWinmailDatIsLoadedAndReceiptedUnderItsLongName() throws Exception {
        byte[] workbook = Files.readAllBytes(Path.of("samples/inbox/職員課", SAMPLE_NAME));
        mail.deposit("<w1@atsugi.example.jp>", SHOKUIN, "実績報告（職員課）", "",
                new Attachment("winmail.dat", "UTF-8", TNEF_TYPE, Tnef.of(
                        new Tnef.File("___R7~1.XLS", SAMPLE_NAME, workbook),
                        new Tnef.File("IMAGE001.PNG", "image001.png", PNG))));

        var run = runOnce(Map.of());

        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        Map<String, Object> submission = Sql.one(db, "select * from submission");
        assertThat(submission).containsEntry("channel", "mail").containsEntry("department_name", "職員課")
                .containsEntry("source_name", SAMPLE_NAME).containsEntry("status", "accepted");
        assertThat(Sql.count(db, "select count(*) from result_current")).isEqualTo(14);
        String receiptNo = submission.get("receipt_no").toString();
        // the receipt, and no reply about the signature image beside the workbook
        assertThat(mail.mailsTo(SHOKUIN)).singleElement().satisfies(receipt -> {
            assertThat(receipt.getSubject()).isEqualTo("Re: 実績報告（職員課）");
            assertThat(MailServer.text(receipt)).contains("受付番号　：" + receiptNo, "受け付けました",
                    "14件の実績を登録しました", SAMPLE_NAME).doesNotContain("winmail.dat");
        });
        assertThat(Files.exists(dir.resolve("inbox/職員課/.done"))).isTrue();
        try (Stream<Path> archived = Files.walk(dir.resolve("inbox/職員課/.done"))) {
            assertThat(archived.map(p -> p.getFileName().toString())).contains(receiptNo + "_" + SAMPLE_NAME);
        }
        assertThat(Sql.one(db, "select outcome, array_to_string(attachment_names, '|') as names from mail_message"))
                .containsEntry("outcome", "processed")
                .containsEntry("names", "winmail.dat|" + SAMPLE_NAME + "|image001.png");
        assertThat(mail.unreadInMailbox()).isZero();
    }

    @Test
    void aDamagedWinmailDatGetsAReplyAskingForAnOrdinaryAttachmentAndTheNextMailIsStillRead() throws Exception {
        byte[] whole = Tnef.of(new Tnef.File("JISSEKI.CSV", "実績.csv", MailServer.windows31j(CSV)));
        mail.deposit("<cut@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("winmail.dat", "UTF-8", TNEF_TYPE, Arrays.copyOf(whole, whole.length - 40)));
        // named as Outlook names it, typed by a gateway that did not know better, and not TNEF at all
        mail.deposit("<fake@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("winmail.dat", "UTF-8", "application/octet-stream", MailServer.windows31j(CSV)));
        mail.deposit("<next@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("実績.csv", "UTF-8", "text/csv", MailServer.windows31j(CSV)));

        var run = runOnce(Map.of());

        assertThat(run.sweep().hasFailed()).isFalse();
        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(replyTo("<cut@atsugi.example.jp>")).contains("添付ファイルを、実績報告として受け付けできませんでした", UNREADABLE,
                "「リッチテキスト形式」のときは", HOW);
        assertThat(replyTo("<fake@atsugi.example.jp>")).contains(UNREADABLE, HOW);
        assertThat(replyTo("<next@atsugi.example.jp>")).contains("受け付けました", "実績.csv");
        assertThat(Sql.rows(db, "select source_name from submission")).extracting(r -> r.get("source_name"))
                .containsExactly("実績.csv");
        assertThat(Sql.count(db, "select count(*) from mail_message where outcome = 'no_usable_attachment'"))
                .isEqualTo(2);
        assertThat(mail.unreadInMailbox()).isZero();
    }

    @Test
    void whatIsInsideWinmailDatIsHeldToTheRulesOfAnOrdinaryAttachment() throws Exception {
        byte[] noise = new byte[2_600_000];
        new Random(1).nextBytes(noise);
        byte[] bigCsv = new byte[1_300_000];
        Arrays.fill(bigCsv, (byte) ',');
        mail.deposit("<huge@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("winmail.dat", "UTF-8", TNEF_TYPE, noise));
        mail.deposit("<big@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("winmail.dat", "UTF-8", TNEF_TYPE, Tnef.of(
                        new Tnef.File("JISSEK~1.CSV", "実績_写真入り.csv", bigCsv))));
        mail.deposit("<none@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("winmail.dat", "UTF-8", TNEF_TYPE, Tnef.of(
                        new Tnef.File("HOUKOK~1.PDF", "報告書.pdf", "%PDF-1.4".getBytes()),
                        new Tnef.File("IMAGE001.PNG", "image001.png", PNG))));
        mail.deposit("<empty@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("winmail.dat", "UTF-8", TNEF_TYPE, Tnef.of()));
        mail.deposit("<zip@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("winmail.dat", "UTF-8", TNEF_TYPE, Tnef.of(
                        new Tnef.File("JISSEKI.ZIP", "実績.zip", encryptedZip()))));
        mail.deposit("<path@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("winmail.dat", "UTF-8", TNEF_TYPE, Tnef.of(
                        new Tnef.File("JISSEKI.CSV", "..\\..\\..\\実績.csv", MailServer.windows31j(CSV)))));

        var run = runOnce(Map.of("MAIL_MAX_ATTACHMENT_MB", "1"));

        assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 0, already received 0");
        // refused by its size before it was parsed: the noise is never called unreadable
        assertThat(replyTo("<huge@atsugi.example.jp>"))
                .contains("Outlook から送られた添付ファイル（winmail.dat）は 2.5 MB で、受け付けられる大きさ（2.0 MB）を超えているため",
                        HOW, "共有フォルダ")
                .doesNotContain("読み取れませんでした");
        assertThat(replyTo("<big@atsugi.example.jp>"))
                .contains("実績_写真入り.csv は 1.2 MB で、受け付けられる大きさ（1.0 MB）を超えています");
        assertThat(replyTo("<none@atsugi.example.jp>"))
                .contains("添付されていたファイル（報告書.pdf、image001.png）は実績報告として読み取れる形式ではありません");
        assertThat(replyTo("<empty@atsugi.example.jp>")).contains("実績報告のファイルが添付されていませんでした");
        assertThat(replyTo("<zip@atsugi.example.jp>")).contains("実績.zip はパスワード付きZIPのため開けません");
        assertThat(replyTo("<path@atsugi.example.jp>")).contains("受け付けました", "実績.csv").doesNotContain("..");
        assertThat(Sql.rows(db, "select source_name from submission")).extracting(r -> r.get("source_name"))
                .containsExactly("実績.csv");
        // the name with path parts stayed a name: nothing of it outside the department's archive
        try (Stream<Path> written = Files.walk(top)) {
            assertThat(written.filter(p -> p.getFileName().toString().contains("実績.csv")))
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p).startsWith(dir.resolve("inbox/職員課/.done")));
        }
    }

    @Test
    void hostileNamesInsideWinmailDatReachDiskOnlyAsSafeNamesAndTheMailIsNotTriedForever() throws Exception {
        String longName = "令和7年度".repeat(20) + "実績報告.csv"; // 105 characters, 315 bytes of UTF-8
        byte[] csv = MailServer.windows31j(CSV);
        byte[] other = MailServer.windows31j(CSV.replace(",29,", ",30,"));
        mail.deposit("<names@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("winmail.dat", "UTF-8", TNEF_TYPE, Tnef.of(
                        new Tnef.File("JISSEK~1.CSV", longName, csv),
                        new Tnef.File("CON.CSV", "CON.csv", other),
                        new Tnef.File("JISSEKI.CSV", "\u202Evsc.\u0007実績.csv", csv),
                        new Tnef.File("JISSEKI.CSV", "...", csv))));

        var run = runOnce(Map.of());

        assertThat(run.sweep().hasFailed()).isFalse();
        assertThat(mail.unreadInMailbox()).isZero();
        assertThat(Sql.one(db, "select outcome from mail_message")).containsEntry("outcome", "processed");
        assertThat(Sql.rows(db, "select source_name from submission order by submission_id"))
                .extracting(r -> r.get("source_name")).contains(longName, "_CON.csv", "vsc.実績.csv");
        try (Stream<Path> written = Files.walk(top)) {
            assertThat(written.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .allSatisfy(n -> assertThat(n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                            .isLessThanOrEqualTo(255))
                    .noneMatch(n -> n.startsWith("CON") || n.contains("\u202E") || n.contains("\u0007"));
        }
    }

    @Test
    void theFilesInsideWinmailDatCountAgainstTheLimitOfOneMailAndThousandsOfImagesInsideItAreOnlyNamed()
            throws Exception {
        List<Tnef.File> csvs = new java.util.ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            csvs.add(new Tnef.File("JISS~" + i + ".CSV", String.format("実績_%03d.csv", i),
                    MailServer.windows31j(CSV.replace(",29,", "," + i + ","))));
        }
        mail.deposit("<many@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("winmail.dat", "UTF-8", TNEF_TYPE, Tnef.of(932, csvs)));
        List<Tnef.File> images = new java.util.ArrayList<>();
        images.add(new Tnef.File("JISSEKI.CSV", "実績.csv", MailServer.windows31j(CSV)));
        for (int i = 0; i < 10_000; i++) {
            images.add(new Tnef.File("IMG" + i + ".PNG", "image" + i + ".png", PNG));
        }
        mail.deposit("<images@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("winmail.dat", "UTF-8", TNEF_TYPE, Tnef.of(932, images)));
        mail.deposit("<only-images@atsugi.example.jp>", SHOKUIN, "実績報告", "",
                new Attachment("winmail.dat", "UTF-8", TNEF_TYPE, Tnef.of(932, images.subList(1, 31))));

        var run = runOnce(Map.of());

        assertThat(run.sweep().hasFailed()).isFalse();
        // mail.max-files (20) of the 150 in the mail's order: 20 receipts and one reply naming the rest
        assertThat(Sql.rows(db, "select source_name from submission where source_name <> '実績.csv' order by submission_id"))
                .extracting(r -> r.get("source_name"))
                .containsExactlyElementsOf(csvs.subList(0, 20).stream().map(Tnef.File::longName).toList());
        List<String> many = answersTo("<many@atsugi.example.jp>");
        assertThat(many).hasSize(21).filteredOn(a -> a.contains("受付番号")).hasSize(20);
        assertThat(many).filteredOn(a -> a.contains("読み取っていません")).singleElement().satisfies(reply -> assertThat(reply)
                .contains("1通のメールで受け付けるファイルは 20 個までのため、それより後に添付されていた次のファイルは読み取っていません："
                        + "実績_021.csv、", "実績_040.csv ほか 110 件。")
                .doesNotContain("実績_041.csv")
                .hasSizeLessThan(5_000));
        // images beside a data file are only noted, as beside an ordinary attachment; the record names the
        // first 100 of the 10,002 names and counts the rest
        assertThat(answersTo("<images@atsugi.example.jp>")).singleElement()
                .satisfies(a -> assertThat(a).contains("受け付けました", "実績.csv"));
        assertThat(Sql.one(db, "select cardinality(attachment_names) as n, attachment_names[101] as rest "
                + "from mail_message where message_key = '<images@atsugi.example.jp>'"))
                .containsEntry("n", 101).containsEntry("rest", "（ほか 9902 件）");
        assertThat(replyTo("<only-images@atsugi.example.jp>"))
                .contains("添付されていたファイル（image0.png、", "image19.png ほか 10 件）は実績報告として読み取れる形式ではありません")
                .doesNotContain("image20.png");
    }

    private CollectorApplication.RunOnceResult runOnce(Map<String, String> extraEnvironment) throws Exception {
        try (CollectorApplication app = CollectorApplication.open(
                TestHome.withMail(Path.of("config"), dir, dbUrl, mail, extraEnvironment))) {
            return app.runOnce(Duration.ofMinutes(2), TODAY);
        }
    }

    /** Every mail that answers a department's mail: its subject, a line break, its text. */
    private List<String> answersTo(String messageId) throws Exception {
        List<String> texts = new java.util.ArrayList<>();
        for (MimeMessage m : mail.mailsTo(SHOKUIN)) {
            if (messageId.equals(m.getHeader("In-Reply-To", null))) {
                texts.add(m.getSubject() + "\n" + MailServer.text(m));
            }
        }
        return texts;
    }

    /** The one mail that answers a department's mail: its subject, a line break, its text. */
    private String replyTo(String messageId) throws Exception {
        List<MimeMessage> answers = mail.mailsTo(SHOKUIN).stream()
                .filter(m -> {
                    try {
                        return messageId.equals(m.getHeader("In-Reply-To", null));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
        assertThat(answers).as("answers to " + messageId).hasSize(1);
        return answers.get(0).getSubject() + "\n" + MailServer.text(answers.get(0));
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
                zip[i + 6] |= 1;
            } else if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
                zip[i + 8] |= 1;
            }
        }
        return zip;
    }
}
