package jp.reform.collector.intake;

import static jp.reform.collector.support.DepartmentFiles.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
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
import jp.reform.collector.support.DepartmentFiles.ErrorValue;
import jp.reform.collector.support.DepartmentFiles.Percent;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestMail;
import jp.reform.collector.support.TestDatabase;
import org.apache.poi.ss.usermodel.FormulaError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Department files in, rows in a real PostgreSQL and a receipt out, through the one ingest path. */
class SubmissionIngestorTest {

    private static final MasterData MASTER = new MasterDataLoader().load(Path.of("config"));
    private static final String EVALUATIONS = "select indicator_code, fiscal_year, grade, rate, result_id, "
            + "array_to_string(flags, ';') as flags, evaluated_at from evaluation order by 1, 2";
    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");

    @TempDir
    Path dir;
    private Database db;
    private SubmissionIngestor ingestor;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.fresh();
        new MasterDataSync().sync(db, MASTER);
        ingestor = new SubmissionIngestor(db, MASTER, ZoneId.of("Asia/Tokyo"), new ReceiptMailer(
                new Outbox(new MimeComposer(TestMail.offline(dir.resolve("outbox")), Clock.systemUTC())),
                new ReceiptNotice(TestMail.offline(dir.resolve("outbox")))), List.of());
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    private IngestOutcome ingest(Path file, String department) throws Exception {
        return ingestor.ingest(new IncomingFile(file, file.getFileName().toString(), "folder", department,
                Instant.parse("2026-05-20T01:00:00Z"), null));
    }

    private Map<String, Object> current(String indicator, int year) {
        return Sql.one(db, "select * from result_current where indicator_code = ? and fiscal_year = ?", indicator, year);
    }

    private Map<String, Object> status(String indicator, int year) {
        return Sql.one(db, "select * from indicator_status where indicator_code = ? and fiscal_year = ?", indicator, year);
    }

    @Test
    void xlsxAsStaffWriteItIsLoadedWithNormalisedValuesAndEvaluated() throws Exception {
        Path file = DepartmentFiles.xlsx(dir.resolve("職員課_令和7年度実績.xlsx"), "令和７年度 行政改革実施計画 実績報告（職員課）",
                HEADER, List.of(
                        List.of("I-1-ア-1", "令和7年度", new Percent(0.975), "研修を12回実施", "理解度は高い", "継続", "概ね達成"),
                        List.of("Ｉ－１－ア－２", "Ｒ７", "５グループ", "自主研究を支援", "", "", ""),
                        List.of("I-3-ア-1", 2025, "170 時間", "縮減計画で管理", "", "", "達成"),
                        List.of("I-2-イ-3", "2025", "約1,050人", "採用PRを実施", "", "", ""),
                        List.of("I-1-イ-2", "2025年度", "", "制度の見直しを反映", "", "", "○")));

        IngestOutcome outcome = ingest(file, "職員課");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(outcome.receiptText()).contains("受け付けました", "5件の実績を登録しました");
        assertThat((BigDecimal) current("I-1-ア-1", 2025).get("actual_value")).isEqualByComparingTo("97.5");
        assertThat((BigDecimal) current("I-1-ア-2", 2025).get("actual_value")).isEqualByComparingTo("5");
        assertThat((BigDecimal) current("I-2-イ-3", 2025).get("actual_value")).isEqualByComparingTo("1050");
        assertThat(current("I-2-イ-3", 2025).get("approximate")).isEqualTo(true);
        assertThat(current("I-1-ア-1", 2025)).containsEntry("sheet_name", "実績報告").containsEntry("row_no", 4)
                .containsEntry("column_ref", "C").containsEntry("status_text", "研修を12回実施");
        // 97.5 / 100 → 概ね達成; overtime is lower-is-better: 175 / 170 → 103% 達成
        assertThat(status("I-1-ア-1", 2025)).containsEntry("grade", "概ね達成");
        assertThat(status("I-3-ア-1", 2025)).containsEntry("grade", "達成");
        assertThat((BigDecimal) status("I-3-ア-1", 2025).get("rate_percent")).isEqualByComparingTo("103");
        // qualitative: graded by the department's ○
        assertThat(status("I-1-イ-2", 2025)).containsEntry("grade", "達成");
        assertThat(Sql.one(db, "select * from submission")).containsEntry("status", "accepted")
                .containsEntry("department_name", "職員課").containsEntry("row_count", 5);
    }

    @Test
    void aFileWithoutTheOptionalColumnsCorrectsTheValueAndKeepsWhatThe課WroteThere() throws Exception {
        Path full = DepartmentFiles.csv(dir.resolve("full.csv"), StandardCharsets.UTF_8, true, ",", HEADER,
                List.of(List.of("I-3-ウ-1", "2025", "91", "拡充した", "成果あり課題なし", "来年度も拡充", "達成")));
        assertThat(ingest(full, "DX推進課").status()).isEqualTo(SubmissionStatus.ACCEPTED);

        // only the number corrected: a file of 指標コード, 年度, 実績値 and 取組状況
        Path numberOnly = DepartmentFiles.csv(dir.resolve("number.csv"), StandardCharsets.UTF_8, true, ",",
                List.of("指標コード", "年度", "実績値", "取組状況"), List.of(List.of("I-3-ウ-1", "2025", "92", "拡充した")));
        IngestOutcome corrected = ingest(numberOnly, "DX推進課");

        assertThat(corrected.status()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(corrected.receiptText()).contains("91 → 92").doesNotContain("自己評価 達成 → －");
        assertThat(current("I-3-ウ-1", 2025)).containsEntry("outcome_text", "成果あり課題なし")
                .containsEntry("next_steps_text", "来年度も拡充").containsEntry("self_assessment", "ACHIEVED")
                .containsEntry("self_assessment_text", "達成").containsEntry("version", 2);
        assertThat((BigDecimal) current("I-3-ウ-1", 2025).get("actual_value")).isEqualByComparingTo("92");

        // the same again changes nothing; a column the table has, left blank, does clear its entry
        assertThat(ingest(DepartmentFiles.csv(dir.resolve("again.csv"), StandardCharsets.UTF_8, false, ",",
                List.of("指標コード", "年度", "実績値", "取組状況"), List.of(List.of("I-3-ウ-1", "2025", "92", "拡充した"))),
                "DX推進課").receiptText()).contains("変更なし 1件");
        assertThat(current("I-3-ウ-1", 2025)).containsEntry("version", 2);
        Path cleared = DepartmentFiles.csv(dir.resolve("cleared.csv"), StandardCharsets.UTF_8, true, ",",
                List.of("指標コード", "年度", "実績値", "取組状況", "成果と課題"),
                List.of(List.of("I-3-ウ-1", "2025", "92", "拡充した", "")));
        assertThat(ingest(cleared, "DX推進課").status()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(current("I-3-ウ-1", 2025)).containsEntry("outcome_text", null)
                .containsEntry("next_steps_text", "来年度も拡充").containsEntry("self_assessment_text", "達成");
    }

    @Test
    void rejectedFileNamesEveryBadCellAndLoadsNothing() throws Exception {
        Path good = DepartmentFiles.xlsx(dir.resolve("first.xlsx"), null, HEADER,
                List.of(List.of("I-1-ア-1", 2025, "99%", "実施", "", "", "")));
        ingest(good, "職員課");
        long resultsBefore = Sql.count(db, "select count(*) from result");
        List<Map<String, Object>> evaluationsBefore = Sql.rows(db, EVALUATIONS);

        Path bad = DepartmentFiles.xlsx(dir.resolve("bad.xlsx"), "令和7年度 実績", HEADER, List.of(
                List.of("I-1-ア-1", 2025, "100%", "実施", "", "", ""),
                List.of("I-9-ア-9", 2025, "1", "x", "", "", ""),
                List.of("I-1-ウ-1", 2025, "二十件", "x", "", "", ""),
                List.of("I-1-ウ-2", 2023, "100%", "x", "", "", ""),
                List.of("I-2-ア-1", 2025, "100%", "x", "", "", ""),
                List.of("I-3-ア-2", 2025, "64件", "x", "", "", ""),
                List.of("I-1-イ-3", 2025, "", "x", "", "", "たぶん")));

        IngestOutcome outcome = ingest(bad, "職員課");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(outcome.archiveFolder()).startsWith(".error/");
        String receipt = outcome.receiptText();
        assertThat(receipt).contains("6件の誤り", "登録していません")
                .contains("[シート「実績報告」 5行目 A列] 指標コード「I-9-ア-9」は計画に登録されていません。")
                .contains("[シート「実績報告」 6行目 C列] 実績値を数値として読めません", "入力値：「二十件」")
                .contains("[シート「実績報告」 7行目 B列] 令和5年度（2023年度）はこの計画の期間（令和6年度～令和8年度）の外です。")
                .contains("[シート「実績報告」 8行目 A列] この指標の担当課は 行政総務課 です")
                .contains("[シート「実績報告」 9行目 C列] 単位「件」はこの指標の単位（%）に換算できません。")
                .contains("[シート「実績報告」 10行目 G列] 自己評価として読めません。", "直し方：");
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(resultsBefore);
        assertThat(Sql.rows(db, EVALUATIONS)).isEqualTo(evaluationsBefore);
        assertThat(Sql.one(db, "select status, error_count from submission where source_name = 'bad.xlsx'"))
                .containsEntry("status", "rejected").containsEntry("error_count", 6);
        assertThat(Sql.count(db, "select count(*) from finding f join submission s using (submission_id) "
                + "where s.source_name = 'bad.xlsx' and f.severity = 'ERROR'")).isEqualTo(6);
    }

    @Test
    void aFileWithoutA年度ColumnIsToldSoOnceNotAtEveryRow() throws Exception {
        Path file = DepartmentFiles.xlsx(dir.resolve("no-year.xlsx"), null,
                List.of("指標コード", "実績値", "取組状況"), List.of(
                        List.of("I-1-ア-1", "99%", "実施"),
                        List.of("I-1-ア-2", "5グループ", "支援"),
                        List.of("I-3-ア-1", "170時間", "管理")));

        IngestOutcome outcome = ingest(file, "職員課");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(outcome.receiptText()).contains("1件の誤り", "「年度」列が見つかりません。")
                .doesNotContain("年度が空欄です");
        assertThat(Sql.count(db, "select count(*) from finding f join submission s using (submission_id) "
                + "where s.source_name = 'no-year.xlsx'")).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from result")).isZero();
    }

    @Test
    void anEmpty年度CellIsStillNamedAtItsCell() throws Exception {
        Path file = DepartmentFiles.xlsx(dir.resolve("blank-year.xlsx"), null, HEADER, List.of(
                List.of("I-1-ア-1", 2025, "99%", "実施", "", "", ""),
                List.of("I-1-ア-2", "", "5グループ", "支援", "", "", "")));

        IngestOutcome outcome = ingest(file, "職員課");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(outcome.receiptText()).contains("1件の誤り", "3行目 B列] 年度が空欄です。");
    }

    @Test
    void sameContentDroppedTwiceIsLoadedOnce() throws Exception {
        Path file = DepartmentFiles.xlsx(dir.resolve("a.xlsx"), null, HEADER,
                List.of(List.of("I-1-ア-1", 2025, "99%", "実施", "", "", "")));
        IngestOutcome first = ingest(file, "職員課");
        Path copy = Files.copy(file, dir.resolve("a (2).xlsx"));

        IngestOutcome second = ingest(copy, "職員課");

        assertThat(second.status()).isEqualTo(SubmissionStatus.DUPLICATE);
        assertThat(second.receiptText()).contains("受付済み", first.receiptNo());
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from submission where status = 'duplicate'")).isEqualTo(1);
    }

    @Test
    void anotherDepartmentsFileDroppedInTheWrongFolderIsRefusedForItsIndicatorsNotAnsweredAsReceived()
            throws Exception {
        Path file = DepartmentFiles.xlsx(dir.resolve("shokuin.xlsx"), null, HEADER,
                List.of(List.of("I-1-ア-1", 2025, "99%", "実施", "", "", "")));
        IngestOutcome own = ingest(file, "職員課");
        assertThat(own.status()).isEqualTo(SubmissionStatus.ACCEPTED);

        // the very same bytes in 財政課's folder: 財政課 may not report I-1-ア-1
        IngestOutcome wrongFolder = ingest(Files.copy(file, dir.resolve("copy.xlsx")), "財政課");

        assertThat(wrongFolder.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(wrongFolder.receiptText()).contains("この指標の担当課は 職員課 です（財政課 からは提出できません）")
                .doesNotContain("受付済み", own.receiptNo());
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(1);
        assertThat(Sql.one(db, "select status, duplicate_of from submission where receipt_no = ?",
                wrongFolder.receiptNo())).containsEntry("status", "rejected").containsEntry("duplicate_of", null);

        // sent again by its own 課, under its former name too, it is the content received before
        Path dx = DepartmentFiles.csv(dir.resolve("dx.csv"), StandardCharsets.UTF_8, false, ",", HEADER,
                List.of(List.of("I-3-ウ-1", "2025", "88", "手続を拡充", "", "", "")));
        IngestOutcome dxOwn = ingest(dx, "DX推進課");
        IngestOutcome formerName = ingest(Files.copy(dx, dir.resolve("dx (2).csv")), "情報政策課");
        assertThat(formerName.status()).isEqualTo(SubmissionStatus.DUPLICATE);
        assertThat(formerName.receiptText()).contains("受付済み", dxOwn.receiptNo());

        // and a co-owner's copy of a file of their shared indicator holds nothing it may not report: the same
        // content, in the results already
        Path shared = DepartmentFiles.xlsx(dir.resolve("shared.xlsx"), null, HEADER,
                List.of(List.of("I-2-イ-2", 2025, "95%", "調査を実施", "", "", "")));
        IngestOutcome somu = ingest(shared, "行政総務課");
        assertThat(somu.status()).isEqualTo(SubmissionStatus.ACCEPTED);
        IngestOutcome coOwner = ingest(Files.copy(shared, dir.resolve("shared (2).xlsx")), "職員課");
        assertThat(coOwner.status()).isEqualTo(SubmissionStatus.DUPLICATE);
        assertThat(coOwner.receiptText()).contains("受付済み", somu.receiptNo());
    }

    @Test
    void aSelfAssessmentKeptFromAnEarlierFileIsNotNamedAsWrittenInAFileWithoutItsColumn() throws Exception {
        Path full = DepartmentFiles.csv(dir.resolve("full.csv"), StandardCharsets.UTF_8, true, ",", HEADER,
                List.of(List.of("I-3-ウ-1", "2025", "91", "拡充した", "成果あり", "来年度も拡充", "達成")));
        assertThat(ingest(full, "DX推進課").status()).isEqualTo(SubmissionStatus.ACCEPTED);

        // the number corrected downwards by a file of 指標コード, 年度, 実績値 and 取組状況: the 達成 kept contradicts it
        Path numberOnly = DepartmentFiles.csv(dir.resolve("number.csv"), StandardCharsets.UTF_8, true, ",",
                List.of("指標コード", "年度", "実績値", "取組状況"), List.of(List.of("I-3-ウ-1", "2025", "50", "拡充した")));
        IngestOutcome corrected = ingest(numberOnly, "DX推進課");

        assertThat(corrected.status()).isEqualTo(SubmissionStatus.ACCEPTED);
        // the department is not sent to look for a 「達成」 its file does not hold
        assertThat(corrected.receiptText())
                .contains("[2行目] I-3-ウ-1（2025年度）：自己評価（達成）と数値による判定（未達成、達成率56%）が一致しません。")
                .contains("このファイルには自己評価の列がないため、以前に提出された自己評価と比べています。")
                .doesNotContain("入力値：「達成」");
    }

    @Test
    void resubmissionAddsVersionsAndTheReceiptShowsOldAndNewValues() throws Exception {
        ingest(DepartmentFiles.xlsx(dir.resolve("v1.xlsx"), null, HEADER, List.of(
                List.of("I-1-ウ-1", 2025, "20件", "派遣した", "", "", ""),
                List.of("I-1-ウ-2", 2025, "100%", "派遣した", "", "", ""))), "職員課");

        IngestOutcome second = ingest(DepartmentFiles.xlsx(dir.resolve("v2.xlsx"), null, HEADER, List.of(
                List.of("I-1-ウ-1", 2025, "29件", "派遣した（修正）", "", "", ""),
                List.of("I-1-ウ-2", 2025, "100%", "派遣した", "", "", ""))), "職員課");

        assertThat(second.receiptText()).contains("新規・変更 1件、変更なし 1件", "I-1-ウ-1", "20件 → 29件");

        List<Map<String, Object>> history = Sql.rows(db, "select version, actual_value from result "
                + "where indicator_code = 'I-1-ウ-1' order by version");
        assertThat(history).hasSize(2);
        assertThat((BigDecimal) history.get(0).get("actual_value")).isEqualByComparingTo("20");
        assertThat((BigDecimal) history.get(1).get("actual_value")).isEqualByComparingTo("29");
        assertThat((BigDecimal) current("I-1-ウ-1", 2025).get("actual_value")).isEqualByComparingTo("29");
        assertThat(status("I-1-ウ-1", 2025)).containsEntry("grade", "達成");

        // the self-assessment alone changed: said as such, not 「100% → 100%」
        IngestOutcome third = ingest(DepartmentFiles.xlsx(dir.resolve("v3.xlsx"), null, HEADER, List.of(
                List.of("I-1-ウ-1", 2025, "29件", "派遣した（修正）", "", "", "概ね達成"),
                List.of("I-1-ウ-2", 2025, "100%", "派遣した", "", "", "達成"))), "職員課");
        assertThat(third.receiptText()).contains("■ 以前の提出から変更した実績値・自己評価（旧 → 新）",
                "（2025年度）：自己評価 － → 概ね達成\r\n", "（2025年度）：自己評価 － → 達成\r\n")
                .doesNotContain("100% → 100%");
    }

    @Test
    void aNumberGivenInAMilestoneYearIsTheBaseOfNextYearsRelativeTarget() throws Exception {
        // 2-1-3-1: 2027 「導入」 (a milestone), 2028 「アクセス数 前年比3%増加」
        Path file = DepartmentFiles.csv(dir.resolve("kanzai.csv"), StandardCharsets.UTF_8, false, ",", HEADER,
                List.of(List.of("2-1-3-1", "R9", "12,000件", "AIチャットボットを導入した", "", "", "A"),
                        List.of("2-1-3-1", "R10", "12,500", "利用を周知した", "", "", "A")));

        IngestOutcome outcome = ingest(file, "管財課");

        assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(current("2-1-3-1", 2027)).containsEntry("actual_text", "12,000件");
        assertThat((BigDecimal) current("2-1-3-1", 2027).get("actual_value")).isEqualByComparingTo("12000");
        // 12,000 × 1.03 = 12,360, not 「前年度実績がないため…計算できません」
        assertThat((BigDecimal) status("2-1-3-1", 2028).get("effective_target")).isEqualByComparingTo("12360");
        assertThat(outcome.receiptText()).doesNotContain("前年度実績がないため");
    }

    @Test
    void aRowErasingPartOfTheOtherDepartmentsReportOfASharedIndicatorIsRefused() throws Exception {
        // I-2-イ-2 is 行政総務課's and 職員課's; 職員課 reported it, so 行政総務課's template shows the line blank
        ingest(DepartmentFiles.csv(dir.resolve("shokuin.csv"), StandardCharsets.UTF_8, false, ",", HEADER,
                List.of(List.of("I-2-イ-2", "2025", "100%", "【職員課】配置を見直した", "", "", "達成"))), "職員課");
        long versions = Sql.count(db, "select count(*) from result");

        // 行政総務課 writes only its part of the 取組状況: accepting it would erase 職員課's 100% and 達成
        IngestOutcome partial = ingest(DepartmentFiles.csv(dir.resolve("somu.csv"), StandardCharsets.UTF_8, false,
                ",", HEADER, List.of(List.of("I-2-ア-1", "2025", "95%", "研修を実施", "", "", "概ね達成"),
                        List.of("I-2-イ-2", "2025", "", "【行政総務課】調査を実施した", "", "", ""))), "行政総務課");

        assertThat(partial.status()).as(partial.receiptText()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(partial.receiptText())
                .contains("3行目", "A列", "I-2-イ-2", "この指標は職員課と共同で担当しており",
                        "実績値・自己評価が空欄のため", "職員課が報告した実績値・自己評価が消えてしまいます",
                        "この行をすべて空欄にしてください")
                .doesNotContain("100%"); // the other 課's figures are not shown
        assertThat(Sql.count(db, "select count(*) from result")).isEqualTo(versions);
        assertThat(current("I-2-イ-2", 2025)).containsEntry("department_name", "職員課")
                .containsEntry("status_text", "【職員課】配置を見直した");
        assertThat(status("I-2-イ-2", 2025)).containsEntry("grade", "達成");

        // the whole line, as the 課 agreed with 職員課, replaces the report; 職員課 itself may leave entries blank
        IngestOutcome whole = ingest(DepartmentFiles.csv(dir.resolve("somu2.csv"), StandardCharsets.UTF_8, false,
                ",", HEADER, List.of(List.of("I-2-イ-2", "2025", "100%", "【行政総務課】調査を実施した", "", "",
                        "達成"))), "行政総務課");
        assertThat(whole.status()).as(whole.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(current("I-2-イ-2", 2025)).containsEntry("department_name", "行政総務課");
        IngestOutcome own = ingest(DepartmentFiles.csv(dir.resolve("somu3.csv"), StandardCharsets.UTF_8, false,
                ",", HEADER, List.of(List.of("I-2-イ-2", "2025", "100%", "", "", "", "達成"))), "行政総務課");
        assertThat(own.status()).as(own.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(current("I-2-イ-2", 2025).get("status_text")).isNull();
    }

    @Test
    void aReceiptSaysWhenTheValueReplacedWasTheOtherDepartmentsReportOfASharedIndicator() throws Exception {
        // I-2-イ-2 is 行政総務課's and 職員課's: 職員課 reported 100 and 達成
        ingest(DepartmentFiles.csv(dir.resolve("shokuin.csv"), StandardCharsets.UTF_8, false, ",", HEADER,
                List.of(List.of("I-2-イ-2", "2025", "100", "【職員課】配置を見直した", "", "", "達成"))), "職員課");

        IngestOutcome somu = ingest(DepartmentFiles.csv(dir.resolve("somu.csv"), StandardCharsets.UTF_8, false, ",",
                HEADER, List.of(List.of("I-2-イ-2", "2025", "98", "【行政総務課】調査を実施した", "", "", "概ね達成"))),
                "行政総務課");

        assertThat(somu.status()).as(somu.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        // 100 was 職員課's report, not an earlier one of 行政総務課
        assertThat(somu.receiptText()).contains("■ 以前の提出から変更した実績値・自己評価（旧 → 新）",
                "I-2-イ-2", "（2025年度）：100（職員課の報告）→ 98、自己評価 達成 → 概ね達成\r\n",
                "※ 共同で担当する職員課が報告していた実績 1件を、このファイルの内容に置き換えました。");
        // and 職員課 is told which value 行政総務課's file replaced (not the file, its sender or receipt)
        List<String> told = sharedReportMails();
        assertThat(told).hasSize(1);
        assertThat(told.get(0)).startsWith("[shokuin@atsugi.example.jp] 【行革実績】共同で担当する指標の実績が行政総務課の提出で置き換えられました（1件）")
                .contains("職員課ご担当者様", "職員課が報告していた実績を、行政総務課から提出された内容に置き換えました",
                        "■ 置き換えた実績値・自己評価（職員課の報告 → 行政総務課の提出）",
                        "・I-2-イ-2 専門職を必要とする職場への人事配置率（2025年度）：100 → 98、自己評価 達成 → 概ね達成")
                .doesNotContain("somu.csv", somu.receiptNo());

        // 行政総務課's own earlier value is its own: no label, no sentence
        IngestOutcome own = ingest(DepartmentFiles.csv(dir.resolve("somu2.csv"), StandardCharsets.UTF_8, false, ",",
                HEADER, List.of(List.of("I-2-イ-2", "2025", "97", "【行政総務課】調査を実施した", "", "", "概ね達成"))),
                "行政総務課");
        assertThat(own.receiptText()).contains("（2025年度）：98 → 97\r\n").doesNotContain("の報告", "共同で担当する");
        assertThat(sharedReportMails()).hasSize(1);

        // the same figures with 職員課's own texts: no value changed, but 行政総務課's report was replaced
        IngestOutcome back = ingest(DepartmentFiles.csv(dir.resolve("shokuin2.csv"), StandardCharsets.UTF_8, false,
                ",", HEADER, List.of(List.of("I-2-イ-2", "2025", "97", "【職員課】配置を見直した", "", "", "概ね達成"))),
                "職員課");
        assertThat(back.receiptText()).doesNotContain("以前の提出から変更した", "→")
                .contains("※ 共同で担当する行政総務課が報告していた実績 1件を、このファイルの内容に置き換えました。");
        assertThat(sharedReportMails()).hasSize(2);
        assertThat(sharedReportMails().get(1)).startsWith("[gyoseisomu@atsugi.example.jp]")
                .contains("（2025年度）：実績値 97（変更なし）\n");
    }

    /** The mails queued to tell a 課 another 課's file replaced its shared report, oldest first: "[to] subject\nbody". */
    private List<String> sharedReportMails() throws Exception {
        List<String> mails = new java.util.ArrayList<>();
        for (Map<String, Object> row : Sql.rows(db, "select mime from outbox_mail where kind = 'shared_report' "
                + "order by mail_id")) {
            var message = new jakarta.mail.internet.MimeMessage((jakarta.mail.Session) null,
                    new java.io.ByteArrayInputStream((byte[]) row.get("mime")));
            mails.add(java.util.Arrays.toString(message.getAllRecipients()) + " " + message.getSubject() + "\n"
                    + jp.reform.collector.support.MailServer.text(message).replace("\r\n", "\n"));
        }
        return mails;
    }

    @Test
    void aBlankEntryIsNamedAndShownAtItsOwnCell() throws Exception {
        Path file = DepartmentFiles.csv(dir.resolve("dx.csv"), StandardCharsets.UTF_8, false, ",", HEADER,
                List.of(List.of("I-3-ウ-1", "2025", "88", "", "", "", ""),
                        List.of("I-3-イ-1", "2025", "", "生成AIの利用を案内", "", "", "")));

        IngestOutcome outcome = ingest(file, "DX推進課");

        assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        // the 取組状況 is blank, not the 実績値 beside it: the receipt says so and points at column D
        assertThat(outcome.receiptText())
                .contains("[2行目 D列] I-3-ウ-1（2025年度）：取組状況が未記入です。",
                        "[3行目 C列] I-3-イ-1（2025年度）：実績値が未記入です。")
                .doesNotContain("実績値または取組状況");
    }

    @Test
    void formerDepartmentNameResolvesAndOtherDepartmentsIndicatorsAreRefused() throws Exception {
        Path file = DepartmentFiles.csv(dir.resolve("dx.csv"), StandardCharsets.UTF_8, false, ",", HEADER,
                List.of(List.of("I-3-ウ-1", "2025", "88", "手続を拡充", "", "", "")));
        assertThat(ingest(file, "情報政策課").status()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(current("I-3-ウ-1", 2025)).containsEntry("department_name", "DX推進課");

        Path other = DepartmentFiles.csv(dir.resolve("other.csv"), StandardCharsets.UTF_8, false, ",",
                List.of("指標コード", "年度", "実績値", "取組状況", "担当課"),
                List.of(List.of("I-3-ウ-1", "2025", "90", "拡充", "DX推進課")));
        IngestOutcome refused = ingest(other, "職員課");
        assertThat(refused.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(refused.receiptText()).contains("この指標の担当課は DX推進課 です（職員課 からは提出できません）");

        IngestOutcome unknownFolder = ingest(file, "総務課");
        assertThat(unknownFolder.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(unknownFolder.receiptText()).contains("フォルダ名「総務課」は登録された課名と一致しません",
                "修正したファイルは、このフォルダではなく自課のフォルダ（課名のフォルダ）に保存してください。")
                .doesNotContain("同じフォルダに保存し直してください");
        assertThat(refused.receiptText()).as("a file of another 課's indicators in the right folder")
                .contains("同じフォルダに保存し直してください");
    }

    @Test
    void csvInWindows31jAndUtf16TabsAreReadWithUnitsConverted() throws Exception {
        Path sjis = DepartmentFiles.csv(dir.resolve("keiei.csv"), WINDOWS_31J, false, ",", HEADER, List.of(
                List.of("II-2-ア-1", "令和７年度", "1.6億円", "広告枠を拡大（①バナー ②封筒）", "", "", ""),
                List.of("II-1-ア-1", "R7", "２事業", "事務事業評価を実施", "", "", ""),
                List.of("III-2-イ-2", "2025", "0件", "該当なし", "", "", "")));
        IngestOutcome outcome = ingest(sjis, "行政経営課");
        assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat((BigDecimal) current("II-2-ア-1", 2025).get("actual_value")).isEqualByComparingTo("160000");
        assertThat(current("II-2-ア-1", 2025).get("status_text")).isEqualTo("広告枠を拡大（①バナー ②封筒）");
        // target 0 with higher-is-better: achieved with no rate
        assertThat(status("III-2-イ-2", 2025)).containsEntry("grade", "達成").containsEntry("rate", null);

        Path utf16 = DepartmentFiles.csv(dir.resolve("dx.txt"), StandardCharsets.UTF_16LE, true, "\t", HEADER,
                List.of(List.of("I-3-イ-1", "2025", "1,620万文字", "生成AIの活用", "", "", "")));
        assertThat(ingest(utf16, "DX推進課").status()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat((BigDecimal) current("I-3-イ-1", 2025).get("actual_value")).isEqualByComparingTo("16200000");
    }

    @Test
    void aBareNumberIsInTheUnitItsRowsUnitColumnOrItsHeaderStatesConvertedOrRefusedAtThatCell() throws Exception {
        // II-2-ア-1 is in 千円, II-1-ア-1 in 事業: 円 in a 単位 column converts exactly, 件 counts 事業
        List<String> withUnit = List.of("指標コード", "年度", "単位", "実績値", "取組状況");
        Path column = DepartmentFiles.csv(dir.resolve("単位列.csv"), WINDOWS_31J, false, ",", withUnit, List.of(
                List.of("II-2-ア-1", "2025", "円", "15820500", "広告枠を拡大"),
                List.of("II-1-ア-1", "2025", "件", "3", "事務事業評価を実施")));
        IngestOutcome outcome = ingest(column, "行政経営課");
        assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat((BigDecimal) current("II-2-ア-1", 2025).get("actual_value")).isEqualByComparingTo("15820.5");
        assertThat((BigDecimal) current("II-1-ア-1", 2025).get("actual_value")).isEqualByComparingTo("3");

        // the unit in the 実績 header; a unit the master writes the same way is the indicator's own
        Path header = DepartmentFiles.csv(dir.resolve("見出し単位.csv"), WINDOWS_31J, false, ",",
                List.of("指標コード", "年度", "実績値（円）", "取組状況"),
                List.of(List.of("II-2-ア-1", "2025", "15,900,000", "広告枠を拡大")));
        IngestOutcome byHeader = ingest(header, "行政経営課");
        assertThat(byHeader.status()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat((BigDecimal) current("II-2-ア-1", 2025).get("actual_value")).isEqualByComparingTo("15900");
        // the receipt says what was stored when it is not the number written
        assertThat(byHeader.receiptText()).contains("（2025年度）：15820500 → 15,900,000（15,900千円として登録）");
        Path same = DepartmentFiles.csv(dir.resolve("同じ単位.csv"), WINDOWS_31J, false, ",", withUnit,
                List.of(List.of("II-2-ア-1", "2025", "千円", "16000", "広告枠を拡大")));
        IngestOutcome sameUnit = ingest(same, "行政経営課");
        assertThat(sameUnit.status()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat((BigDecimal) current("II-2-ア-1", 2025).get("actual_value")).isEqualByComparingTo("16000");
        assertThat(sameUnit.receiptText()).contains("：15,900,000 → 16000\r\n").doesNotContain("として登録");
        // an approximate value is stored as one: the receipt keeps its 約
        Path about = DepartmentFiles.csv(dir.resolve("約.csv"), WINDOWS_31J, false, ",", withUnit,
                List.of(List.of("II-2-ア-1", "2025", "円", "約16,500,000", "広告枠を拡大")));
        IngestOutcome approximate = ingest(about, "行政経営課");
        assertThat(approximate.status()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(approximate.receiptText()).contains("：16000 → 約16,500,000（約16,500千円として登録）");

        // a unit of another kind is refused at the 単位 cell, and nothing of the file is loaded
        Path other = DepartmentFiles.csv(dir.resolve("別の単位.csv"), WINDOWS_31J, false, ",", withUnit,
                List.of(List.of("II-2-ア-1", "2025", "人", "17000", "広告枠を拡大")));
        IngestOutcome refused = ingest(other, "行政経営課");
        assertThat(refused.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(refused.receiptText()).contains("[2行目 C列] 単位「人」はこの指標の単位（千円）に換算できません。");
        assertThat((BigDecimal) current("II-2-ア-1", 2025).get("actual_value")).isEqualByComparingTo("16500");
    }

    @Test
    void aFigureWithAWordSuchAs以上IsRefusedAtItsCellWithAdviceWhereTheWordGoes() throws Exception {
        Path file = DepartmentFiles.csv(dir.resolve("以上.csv"), StandardCharsets.UTF_8, true, ",", HEADER, List.of(
                List.of("I-1-ウ-1", "2025", "28件以上", "派遣研修を実施", "", "", ""),
                List.of("I-2-イ-3", "2025", "約1,050人程度", "採用PRを実施", "", "", ""),
                List.of("I-1-ウ-2", "2025", "28件", "派遣した", "", "", "")));

        IngestOutcome outcome = ingest(file, "職員課");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(outcome.receiptText())
                .contains("[2行目 C列] 実績値に「以上」という言葉が付いているため、数値として登録できません。",
                        "実績値の欄には数値だけを入力してください（この指標の単位は 件 です）。「以上」などの補足は「取組状況」欄に書いてください。",
                        "[3行目 C列] 実績値に「程度」という言葉が付いているため",
                        "[4行目 C列] 単位「件」はこの指標の単位（%）に換算できません。")
                .doesNotContain("単位「件以上」");
        assertThat(Sql.count(db, "select count(*) from result")).isZero();
    }

    @Test
    void anExcelErrorSavedIntoACsvIsRefusedAtItsCellNotTakenForThe課sText() throws Exception {
        // Excel saves a failing formula's cell into a CSV as the error's name
        Path file = DepartmentFiles.csv(dir.resolve("vlookup.csv"), WINDOWS_31J, false, ",", HEADER, List.of(
                List.of("I-1-ウ-1", "2025", "28", "#N/A", "", "", ""),
                List.of("I-1-ウ-2", "2025", "#DIV/0!", "派遣した", "", "", "")));

        IngestOutcome outcome = ingest(file, "職員課");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(outcome.receiptText()).contains("[2行目 D列] 「取組状況」欄にエラー値（#N/A）が入っています。",
                "[3行目 C列] 「実績値」欄にエラー値（#DIV/0!）が入っています。");
        assertThat(Sql.count(db, "select count(*) from result")).isZero();
    }

    @Test
    void aSelfAssessmentOrA担当課PastedWithAZeroWidthSpaceIsReadAsTheDepartmentSeesIt() throws Exception {
        List<String> header = List.of("指標コード", "年度", "実績値", "取組状況", "自己評価", "担当課");
        Path file = DepartmentFiles.csv(dir.resolve("web2.csv"), StandardCharsets.UTF_8, true, ",", header, List.of(
                List.of("I-1-イ-2", "2025", "", "制度の見直しを反映", "達成\u200B", "職員課\u200B")));

        IngestOutcome outcome = ingest(file, "職員課");

        assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(outcome.receiptText()).doesNotContain("自己評価として読めません", "担当課欄");
        assertThat(status("I-1-イ-2", 2025)).containsEntry("grade", "達成");
    }

    @Test
    void aNumberCodeOrYearPastedWithAZeroWidthSpaceIsReadAsTypedAndTheTextKeepsIt() throws Exception {
        // copied from a web page: 「28」 followed by U+200B, a code ending in U+2060, a year starting with a BOM
        Path file = DepartmentFiles.csv(dir.resolve("web.csv"), StandardCharsets.UTF_8, true, ",", HEADER, List.of(
                List.of("I-1-ウ-1\u2060", "\uFEFF2025", "28\u200B", "派遣研修を\u200B実施", "", "", ""),
                List.of("I-1-ウ-2", "2025\u200D", "\u200C100%", "派遣した", "", "", "")));

        IngestOutcome outcome = ingest(file, "職員課");

        assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(outcome.receiptText()).contains("2件の実績を登録しました（新規・変更 2件、変更なし 0件）。")
                .doesNotContain("換算できません", "確認をお願いする点");
        assertThat((BigDecimal) current("I-1-ウ-1", 2025).get("actual_value")).isEqualByComparingTo("28");
        assertThat((BigDecimal) current("I-1-ウ-2", 2025).get("actual_value")).isEqualByComparingTo("100");
        // the texts are kept as typed, invisible character included
        assertThat(current("I-1-ウ-1", 2025)).containsEntry("status_text", "派遣研修を\u200B実施");
    }

    @Test
    void aRatioTypedForAPercentageIsLoadedWithAWarningAtItsCellThatSaysWhatToType() throws Exception {
        // I-1-ア-1 is in %: baseline 98.4%, target 100%
        Path file = DepartmentFiles.xlsx(dir.resolve("ratio.xlsx"), null, HEADER,
                List.of(List.of("I-1-ア-1", 2025, 0.955, "研修を12回実施", "", "", "")));

        IngestOutcome outcome = ingest(file, "職員課");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(outcome.receiptText()).contains("■ 確認をお願いする点（1件）",
                "1. [シート「実績報告」 2行目 C列] I-1-ア-1（2025年度）：0.955 と入力されています。95.5% の意味であれば、"
                        + "95.5 と入力してください（割合を小数で入力していないか、ご確認ください）。\r\n"
                        + "   入力値：「0.955」\r\n")
                .doesNotContain("千円", "10倍を超えるか");
        assertThat((BigDecimal) current("I-1-ア-1", 2025).get("actual_value")).isEqualByComparingTo("0.955");
        assertThat(status("I-1-ア-1", 2025).get("flags").toString()).contains("implausible_change");

        // the same figure in a cell formatted as a percentage shows 95.5%: read as 95.5, nothing to ask
        Path percent = DepartmentFiles.xlsx(dir.resolve("percent.xlsx"), null, HEADER,
                List.of(List.of("I-1-ア-1", 2025, new Percent(0.955), "研修を12回実施", "", "", "")));
        IngestOutcome corrected = ingest(percent, "職員課");
        assertThat(corrected.status()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(corrected.receiptText()).contains("（2025年度）：0.955 → 95.5%\r\n")
                .doesNotContain("確認をお願いする点", "と入力されています");
        assertThat((BigDecimal) current("I-1-ア-1", 2025).get("actual_value")).isEqualByComparingTo("95.5");
        assertThat(status("I-1-ア-1", 2025)).containsEntry("grade", "概ね達成").containsEntry("flags", "");
    }

    @Test
    void anAbsurdlyLargeValueIsRefusedAtItsCellAndShownShortened() throws Exception {
        String thousandsOfZeros = "1" + "0".repeat(2_000);
        Path file = DepartmentFiles.xlsx(dir.resolve("zeros.xlsx"), null, HEADER, List.of(
                List.of("I-1-ウ-1", 2025, thousandsOfZeros, "派遣した", "", "", ""),
                List.of("I-1-ア-2", 2025, 1e300, "自主研究を支援", "", "", ""),
                List.of("I-3-ア-1", 2025, "170時間", "縮減計画で管理", "", "", "")));

        IngestOutcome outcome = ingest(file, "職員課");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(outcome.receiptText()).contains("2件の誤り", "登録していません",
                "[シート「実績報告」 2行目 C列] 実績値が大きすぎます（16桁以上）。単位や入力の誤りがないか確認してください。\r\n"
                        + "   入力値：「1" + "0".repeat(99) + "…（全2,001字）」\r\n"
                        + "   直し方：この指標の単位（件）で、整数部分が15桁以内の数値を入力してください。\r\n",
                // a numeric cell of 1E300, read in full as Excel holds it
                "[シート「実績報告」 3行目 C列] 実績値が大きすぎます（16桁以上）。単位や入力の誤りがないか確認してください。\r\n"
                        + "   入力値：「1" + "0".repeat(99) + "…（全301字）」\r\n")
                .doesNotContain("0".repeat(101));
        assertThat(Sql.count(db, "select count(*) from result")).isZero();
    }

    @Test
    void aLongValueIsShortenedOnEitherSideOfTheReceiptsOldAndNew() throws Exception {
        ingest(DepartmentFiles.xlsx(dir.resolve("v1.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, "20件", "派遣した", "", "", ""))), "職員課");
        // small enough to be a number, but thousands of characters long
        String longDecimal = "29." + "0".repeat(2_000) + "1";

        IngestOutcome second = ingest(DepartmentFiles.xlsx(dir.resolve("v2.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, longDecimal, "派遣した", "", "", ""))), "職員課");
        IngestOutcome third = ingest(DepartmentFiles.xlsx(dir.resolve("v3.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, "30件", "派遣した", "", "", ""))), "職員課");

        String shortened = "29." + "0".repeat(97) + "…（全2,004字）";
        assertThat(second.status()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(second.receiptText()).contains("（2025年度）：20件 → " + shortened + "\r\n")
                .doesNotContain("0".repeat(101));
        assertThat(third.receiptText()).contains("（2025年度）：" + shortened + " → 30件\r\n")
                .doesNotContain("0".repeat(101));
    }

    @Test
    void aHandEditedCsvWithAnUnquotedThousandsSeparatorIsRefusedAtThatRowNotLoadedWithItsCellsShifted()
            throws Exception {
        // 1,234 typed in Notepad: read as it stands it would be 実績値 1 and 取組状況 「234」, and 手続を拡充 dropped
        Path plain = Files.writeString(dir.resolve("dx.csv"), "指標コード,年度,実績値,取組状況\r\n"
                + "I-3-ウ-1,2025,1,234,手続を拡充\r\n", StandardCharsets.UTF_8);

        IngestOutcome outcome = ingest(plain, "DX推進課");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(outcome.archiveFolder()).startsWith(".error/");
        assertThat(outcome.receiptText()).contains("1件の誤り", "登録していません",
                "[2行目] 見出しより項目（列）が多い行です（見出しは4項目、この行は5項目）。"
                        + "値がどの列のものか確かめられないため、この行は読み取っていません。",
                "直し方：数値の桁区切りのカンマ（1,234）は \"1,234\" のように \" で囲むか、カンマを外してください"
                        + "（値の中にカンマがあると、そこで項目が分かれて、右の値が1列ずつずれます）。");
        assertThat(Sql.count(db, "select count(*) from result")).isZero();
        assertThat(Sql.one(db, "select status, error_count from submission where source_name = 'dx.csv'"))
                .containsEntry("status", "rejected").containsEntry("error_count", 1);

        // as many fields as the header: 「234」 would be stored as the 取組状況
        Path asLong = Files.writeString(dir.resolve("dx-4.csv"), "指標コード,年度,実績値,取組状況\r\n"
                + "I-3-ウ-1,2025,1,234\r\n", StandardCharsets.UTF_8);

        IngestOutcome split = ingest(asLong, "DX推進課");

        assertThat(split.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(split.receiptText()).contains("1件の誤り",
                "[2行目 C列] 実績値「1」と右隣の「取組状況」欄の「234」は、桁区切りのカンマで2つの項目に分かれた1つの数値"
                        + "（1,234）のようです。実績値を 1 と読むことになるため、この行は読み取っていません。",
                "直し方：数値の桁区切りのカンマ（1,234）は \"1,234\" のように \" で囲むか、カンマを外してください。");
        assertThat(Sql.count(db, "select count(*) from result")).isZero();

        // with a 自己評価 column the shifted 達成 would be refused as a 自己評価: the receipt named the wrong cell
        Path withAssessment = Files.writeString(dir.resolve("dx-評価.csv"), String.join(",", HEADER) + "\r\n"
                + "I-3-ウ-1,2025,1,234,手続を拡充,,,達成\r\n", StandardCharsets.UTF_8);

        IngestOutcome assessed = ingest(withAssessment, "DX推進課");

        assertThat(assessed.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(assessed.receiptText()).contains("1件の誤り",
                "[2行目] 見出しより項目（列）が多い行です（見出しは7項目、この行は8項目）。")
                .doesNotContain("自己評価として読めません");
        assertThat(Sql.count(db, "select count(*) from result")).isZero();

        // quoted, it is one value; blank fields after the last column are nothing
        Path quoted = Files.writeString(dir.resolve("dx-quoted.csv"), "指標コード,年度,実績値,取組状況\r\n"
                + "I-3-ウ-1,2025,\"1,234\",手続を拡充,,\r\n", StandardCharsets.UTF_8);
        IngestOutcome accepted = ingest(quoted, "DX推進課");
        assertThat(accepted.status()).as(accepted.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat((BigDecimal) current("I-3-ウ-1", 2025).get("actual_value")).isEqualByComparingTo("1234");
        assertThat(current("I-3-ウ-1", 2025)).containsEntry("status_text", "手続を拡充");
    }

    @Test
    void aCsvSavedByExcelWithANoteBesideTheTableIsLoadedAsBefore() throws Exception {
        // Excel writes every record as wide as the sheet's used range, blank fields included, and quotes 1,234
        Path file = Files.write(dir.resolve("DX推進課_実績.csv"), ("令和7年度 行政改革実施計画 実績報告（DX推進課）,,,,\r\n"
                + ",,,,\r\n"
                + "指標コード,年度,実績値,取組状況,\r\n"
                + "I-3-ウ-1,2025,88,手続を拡充,\"メモ: 前年度は85件、今年度は3件追加\"\r\n"
                + "I-3-イ-1,2025,,生成AIの利用を案内,\r\n").getBytes(WINDOWS_31J));

        IngestOutcome outcome = ingest(file, "DX推進課");

        assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(outcome.receiptText()).doesNotContain("見出しより項目");
        assertThat((BigDecimal) current("I-3-ウ-1", 2025).get("actual_value")).isEqualByComparingTo("88");
        assertThat(current("I-3-ウ-1", 2025)).containsEntry("status_text", "手続を拡充");
    }

    @Test
    void anExcelErrorValueInAnyColumnIsRefusedAtItsCellInXlsxAndXls() throws Exception {
        List<List<Object>> rows = List.of(
                List.of("I-1-ア-1", 2025, "99%", "=NA()", "", "", ""),
                List.of("I-1-ア-2", 2025, "=1/0", "自主研究を支援", "", "", ""),
                List.of("I-3-ア-1", 2025, "170時間", "縮減計画で管理", "=VALUE(\"実施\")", "", ""),
                List.of("I-1-イ-2", 2025, "", "制度の見直しを反映", "", "", new ErrorValue(FormulaError.REF)));
        for (String format : List.of("xlsx", "xls")) {
            Path file = dir.resolve("職員課_エラー." + format);
            if (format.equals("xlsx")) {
                DepartmentFiles.xlsx(file, "令和7年度 実績報告", HEADER, rows);
            } else {
                DepartmentFiles.xls(file, "令和7年度 実績報告", HEADER, rows);
            }

            IngestOutcome outcome = ingest(file, "職員課");

            assertThat(outcome.status()).as(format).isEqualTo(SubmissionStatus.REJECTED);
            assertThat(outcome.receiptText()).as(format).contains("4件の誤り", "登録していません",
                    "[シート「実績報告」 4行目 D列] 「取組状況」欄の計算式がエラー（#N/A）になっています。\r\n"
                            + "   入力値：「=NA()」\r\n"
                            + "   直し方：計算式を直すか、計算式を使わずに値を入力してから、もう一度提出してください。",
                    "[シート「実績報告」 5行目 C列] 「実績値」欄の計算式がエラー（#DIV/0!）になっています。\r\n"
                            + "   入力値：「=1/0」",
                    "[シート「実績報告」 6行目 E列] 「成果と課題」欄の計算式がエラー（#VALUE!）になっています。",
                    "[シート「実績報告」 7行目 G列] 「自己評価」欄にエラー値（#REF!）が入っています。\r\n"
                            + "   入力値：「#REF!」\r\n"
                            + "   直し方：正しい値を入力し直してから、もう一度提出してください")
                    .doesNotContain("数値として読めません", "自己評価として読めません");
            assertThat(Sql.count(db, "select count(*) from result")).as(format).isZero();
            assertThat(Sql.one(db, "select status, error_count from submission where source_name = ?",
                    file.getFileName().toString())).containsEntry("status", "rejected").containsEntry("error_count", 4);
        }
    }

    @Test
    void oldXlsWithFormulaAndAccountingMinusIsReadAndOutOfRangeIsFlagged() throws Exception {
        Path file = DepartmentFiles.xls(dir.resolve("sangyo.xls"), "令和7年度", HEADER, List.of(
                List.of("II-2-イ-2", 2025, "=150000+140000", "補助金を交付", "", "", ""),
                List.of("II-2-イ-1", 2025, "▲3件", "企業訪問", "", "", "")));
        IngestOutcome outcome = ingest(file, "産業振興課");
        assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat((BigDecimal) current("II-2-イ-2", 2025).get("actual_value")).isEqualByComparingTo("290000");
        assertThat((BigDecimal) current("II-2-イ-1", 2025).get("actual_value")).isEqualByComparingTo("-3");
        assertThat(status("II-2-イ-1", 2025).get("flags").toString()).contains("out_of_range");
        assertThat(outcome.receiptText()).contains("確認をお願いする点", "値が想定範囲");
    }

    @Test
    void minamiAlpsResultsAreGradedByTheirSelfAssessmentAndContradictionsFlagged() throws Exception {
        Path file = DepartmentFiles.xlsx(dir.resolve("納税課.xlsx"), "令和8年度 行政改革実施計画 取組結果", List.of(
                "指標コード", "実績値", "取組状況（Do）", "取組達成度"), List.of(
                List.of("1-1-1-1", new Percent(0.987), "納税相談を実施", "A:目標を達成"),
                List.of("1-1-2-1", "109,000件", "電子納付を周知", "A")));

        IngestOutcome outcome = ingest(file, "納税課");

        assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);
        assertThat(status("1-1-1-1", 2026)).containsEntry("grade", "達成").containsEntry("flags", "");
        // 109,000 of 110,000 is 99%: the department's A stands (Minami-Alps grades by 取組達成度) but is flagged
        assertThat(status("1-1-2-1", 2026)).containsEntry("grade", "達成")
                .containsEntry("flags", "assessment_contradiction");
        // shown at the 取組達成度 cell, with what the department wrote and what the numbers say in the plan's words
        assertThat(outcome.receiptText()).contains("[シート「実績報告」 5行目 D列] 1-1-2-1（2026年度）：自己評価（A）と"
                + "数値による判定（B、達成率99%）が一致しません。", "入力値：「A」");
        Map<String, Object> goal = Sql.one(db, "select * from goal_summary where plan_code = 'minamialps-5' "
                + "and fiscal_year = 2026 and goal_code = '1'");
        assertThat(goal).containsEntry("achieved", 2L).containsEntry("not_submitted", 9L);
        // the view's total row is titled as the committee's table titles it, not with one goal's title
        assertThat(Sql.one(db, "select goal_title from goal_summary where plan_code = 'minamialps-5' "
                + "and fiscal_year = 2026 and goal_code = 'total'")).containsEntry("goal_title", "合計");
    }

    @Test
    void aPasswordZipUnderAnExcelNameIsRefusedAsAPasswordZipNotAsABrokenWorkbook() throws Exception {
        byte[] workbook = Files.readAllBytes(DepartmentFiles.xlsx(dir.resolve("plain.xlsx"), null, HEADER,
                List.of(List.of("I-1-ウ-1", 2025, 29, "派遣研修を実施", "", "", ""))));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("実績.xlsx"));
            zip.write(workbook);
            zip.closeEntry();
        }
        byte[] zip = bytes.toByteArray();
        zip[6] |= 1; // the first local header: encrypted, as a ZIP tool with a password writes it
        Path file = Files.write(dir.resolve("実績.xlsx"), zip);

        IngestOutcome outcome = ingest(file, "職員課");

        assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(outcome.receiptText()).contains("パスワード付きの ZIP ファイルのため開けません。",
                "直し方：ZIP に圧縮せず、パスワードを設定していない Excel・CSV ファイルをそのまま提出してください")
                .doesNotContain("壊れている");
        assertThat(Sql.one(db, "select code from finding")).containsEntry("code", "encrypted_zip");
    }
}
