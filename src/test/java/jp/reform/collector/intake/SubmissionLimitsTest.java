package jp.reform.collector.intake;

import static jp.reform.collector.support.DepartmentFiles.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jp.reform.collector.domain.Limits;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestMail;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files past a limit are refused whole with a receipt naming the limit; files with very many problems
 * get a short receipt and mail, and at most the kept number of findings in the database.
 */
class SubmissionLimitsTest {

    private static final MasterData MASTER = new MasterDataLoader().load(Path.of("config"));

    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.fresh();
        new MasterDataSync().sync(db, MASTER);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    private SubmissionIngestor ingestor(Limits limits) {
        return new SubmissionIngestor(db, MASTER, ZoneId.of("Asia/Tokyo"), new ReceiptMailer(
                new Outbox(new MimeComposer(TestMail.offline(dir.resolve("outbox")), Clock.systemUTC())),
                new ReceiptNotice(TestMail.offline(dir.resolve("outbox")))), List.of(), limits);
    }

    private IngestOutcome ingest(Limits limits, Path file, String channel) throws Exception {
        return ingestor(limits).ingest(new IncomingFile(file, file.getFileName().toString(), channel, "職員課",
                Instant.parse("2026-05-20T01:00:00Z"), "mail".equals(channel) ? "shokuin@atsugi.example.jp" : null));
    }

    private static int utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private long findings(IngestOutcome outcome) {
        return Sql.count(db, "select count(*) from finding join submission using (submission_id) where receipt_no = ?",
                outcome.receiptNo());
    }

    private long mailBytes(IngestOutcome outcome) {
        return Sql.count(db, "select octet_length(mime) from outbox_mail m join submission s using (submission_id) "
                + "where s.receipt_no = ?", outcome.receiptNo());
    }

    @Test
    void aFileOverTheRowLimitIsRefusedAtOnceWithTheLimitReceiptAndNothingLoaded() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            rows.add(List.of("I-1-ア-1", 2025, "97.5%", "研修を実施", "", "", ""));
        }
        Path file = DepartmentFiles.xlsx(dir.resolve("職員課_全件.xlsx"), "令和7年度 実績", HEADER, rows);

        IngestOutcome outcome = ingest(new Limits(50, 1_000, 10_000, 20), file, "folder");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(outcome.archiveFolder()).startsWith(".error/");
        // title on row 1, header on row 3: the 51st data row is row 54, where reading stopped
        assertThat(outcome.receiptText())
                .contains("受け付けられるファイルの上限を超えているため、このファイルは登録していません")
                .contains("1. [シート「実績報告」 54行目] データの行数が、1つのファイルで受け付けられる上限（50行）を超えています（少なくとも51行あります）。")
                .contains("直し方：1つのファイルが50行以内になるようにファイルを分けて、それぞれ提出してください。")
                .contains("修正したファイルを、同じフォルダに保存し直してください")
                .doesNotContain("2. ");
        assertThat(Sql.count(db, "select count(*) from result")).isZero();
        assertThat(Sql.one(db, "select status, error_count from submission"))
                .containsEntry("status", "rejected").containsEntry("error_count", 1);
        assertThat(Sql.one(db, "select code, row_no from finding"))
                .containsEntry("code", Limits.ROWS_FINDING).containsEntry("row_no", 54);
    }

    /**
     * 20,000 rows, each one an error: every error counted, the first 1,000 stored, the first 100 in the
     * receipt. The 100,000-row file took 169 s and gave a 24 MB receipt and a 33 MB mail.
     */
    @Test
    @Timeout(300) // a guard against a hang, not a measurement
    void twentyThousandBadRowsGiveAShortReceiptAndAtMostTheKeptFindings() throws Exception {
        Path file = dir.resolve("職員課_貼り付け.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = wb.createSheet("実績報告");
            cells(sheet.createRow(0), "指標コード", "年度", "実績値", "取組状況");
            for (int i = 1; i <= 20_000; i++) {
                // alternately an unknown indicator and a value that is no number
                cells(sheet.createRow(i), i % 2 == 0 ? "I-9-ア-9" : "I-1-ア-1", "2025", "二十件", "研修を実施");
            }
            wb.write(out);
        }
        Limits limits = new Limits(200_000, 1_000, 10_000, 20);

        IngestOutcome outcome = ingest(limits, file, "folder");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        String receipt = outcome.receiptText();
        assertThat(receipt).contains("次の20,000件の誤りがあるため", "1. [シート「実績報告」 2行目 C列] 実績値を数値として読めません",
                "100. [シート「実績報告」 101行目 A列] 指標コード「I-9-ア-9」は計画に登録されていません。",
                "ほか 19,900件（この受付結果には最初の100件までを表示しています）。", "列の並びや入力の形式")
                .doesNotContain("101. ");
        assertThat(utf8Bytes(receipt)).isLessThan(50_000);
        assertThat(mailBytes(outcome)).isLessThan(100_000);
        assertThat(findings(outcome)).isEqualTo(limits.maxFindingsKept());
        assertThat(Sql.one(db, "select status, error_count from submission"))
                .containsEntry("status", "rejected").containsEntry("error_count", 20_000);
        assertThat(Sql.count(db, "select count(*) from result")).isZero();
    }

    @Test
    @Timeout(300) // a guard against a hang, not a measurement
    void twentyThousandRepeatedGoodRowsAreLoadedOnceWithTheRepeatsCounted() throws Exception {
        Path file = dir.resolve("職員課_重複.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("指標コード,年度,実績値,取組状況\r\n");
            for (int i = 0; i < 20_000; i++) {
                out.write("I-1-ア-1,2025,97.5%,研修を実施\r\n");
            }
        }
        Limits limits = new Limits(20_000, 1_000, 10_000, 20);

        IngestOutcome outcome = ingest(limits, file, "folder");

        assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(outcome.receiptText()).contains("1件の実績を登録しました", "確認をお願いする点（19,999件）",
                "100. [102行目 A列] 同じ指標・年度の行が重複しています", "ほか 19,899件").doesNotContain("101. ");
        assertThat(utf8Bytes(outcome.receiptText())).isLessThan(50_000);
        assertThat(findings(outcome)).isEqualTo(limits.maxFindingsKept());
        assertThat(Sql.one(db, "select status, warning_count, row_count from submission"))
                .containsEntry("status", "accepted").containsEntry("warning_count", 19_999).containsEntry("row_count", 1);
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(1);
    }

    @Test
    void aSevenMillionCharacterCellIsRefusedAtItsCellAndNotStored() throws Exception {
        Path file = dir.resolve("職員課_長文.csv");
        String longText = "研修を実施しました。".repeat(700_000); // 7,000,000 characters
        // Windows-31J as Japanese Excel saves CSV: two bytes a character keep the file under 20 MB
        try (BufferedWriter out = Files.newBufferedWriter(file, Charset.forName("windows-31j"))) {
            out.write("指標コード,年度,実績値,取組状況\r\n");
            out.write("I-1-ア-1,2025,97.5%,");
            out.write(longText);
            out.write("\r\nI-1-ウ-1,2025,20件,派遣した\r\n");
        }
        longText = null;

        IngestOutcome outcome = ingest(Limits.DEFAULTS, file, "folder");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(outcome.receiptText())
                .contains("次の1件の誤りがあるため")
                .contains("1. [2行目 D列] 「取組状況」欄の文字数（7,000,000字）が、1つのセルに入力できる上限（10,000字）を超えています。")
                .contains("入力値：「研修を実施しました。研修を実施しました。研修を実施しました。…」")
                .contains("直し方：10,000字以内にまとめて入力してください。");
        assertThat(utf8Bytes(outcome.receiptText())).isLessThan(5_000);
        assertThat(Sql.count(db, "select max(length(value_found)) from finding")).isEqualTo(31);
        assertThat(Sql.count(db, "select count(*) from result")).isZero();
        assertThat(mailBytes(outcome)).isLessThan(10_000);
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws Exception {
        // random bytes: read, this would be refused as a broken workbook instead
        byte[] content = new byte[3 * 512 * 1024];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("職員課_実績.xlsx"), content);

        IngestOutcome outcome = ingest(new Limits(10_000, 1_000, 10_000, 1), file, "mail");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(outcome.receiptText())
                .contains("受け付けられるファイルの上限を超えているため、このファイルは登録していません")
                .contains("1. ファイルのサイズ（1.5MB）が、受け付けられる上限（1MB）を超えています。")
                .contains("ファイルを分けて", "メールで送り直してください")
                .doesNotContain("壊れて");
        assertThat(Sql.rows(db, "select code from finding")).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("code", Limits.FILE_SIZE_FINDING));
        assertThat(Sql.one(db, "select size_bytes from submission")).containsEntry("size_bytes", (long) content.length);
    }

    @Test
    void aFileOfExactlyTheSizeLimitIsRead() throws Exception {
        Path file = DepartmentFiles.csv(dir.resolve("職員課.csv"), StandardCharsets.UTF_8, false, ",", HEADER,
                List.of(List.of("I-1-ア-1", "2025", "97.5%", "研修を実施", "", "", "")));
        // blank lines fill it up to 1 MB exactly; they are no data rows
        long missing = 1024 * 1024 - Files.size(file);
        Files.writeString(file, "\r\n".repeat((int) missing / 2) + (missing % 2 == 1 ? "\n" : ""),
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertThat(Files.size(file)).isEqualTo(1024 * 1024);

        IngestOutcome outcome = ingest(new Limits(10_000, 1_000, 10_000, 1), file, "folder");

        assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
    }

    private static void cells(Row row, String... values) {
        for (int i = 0; i < values.length; i++) {
            row.createCell(i).setCellValue(values[i]);
        }
    }
}
