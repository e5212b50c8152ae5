package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.store.Database;
import jp.reform.collector.support.ExcelResave;
import jp.reform.collector.support.Sql;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestHome;
import jp.reform.collector.template.TemplateSpec;
import jp.reform.collector.template.TemplateSpecBuilder;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated template, filled in as a department would and dropped back, loads without any manual
 * step as .xlsx, as .xls and as Windows-31J CSV; a template of another department, another year or an
 * old layout is refused with a clear reason.
 */
class TemplateRoundTripTest {

    private static final String ROUND = "atsugi-7-2,2025,2026-05-01,2026-06-30,7|1,7,14";
    /** Columns of the template: 実績値, 取組状況, 自己評価 (0-based), data from the fifth row. */
    private static final int ACTUAL = 6;
    private static final int STATUS = 7;
    private static final int ASSESSMENT = 10;
    private static final int FIRST_ROW = 4;

    @TempDir
    Path dir;
    private String dbUrl;
    private Database db;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        dbUrl = TestDatabase.freshUrl();
        db = TestDatabase.at(dbUrl);
        config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        Files.writeString(config.resolve("rounds.csv"),
                "plan_code,fiscal_year,opens,deadline,remind_days_before,overdue_every_days,escalate_after_days\n"
                        + ROUND + "\n");
        Files.createDirectories(dir.resolve("inbox"));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private CollectorApplication open() throws Exception {
        return CollectorApplication.open(TestHome.under(AppSettings.load(config, Map.of()), dir, dbUrl));
    }

    /** Writes the department's template for the year and fills every line as the department would. */
    private Path filledTemplate(String department, int fiscalYear) throws Exception {
        Path template;
        TemplateSpec spec;
        try (CollectorApplication app = open()) {
            PlanMaster plan = app.master().plan("atsugi-7-2").orElseThrow();
            template = app.writeTemplates(plan, fiscalYear, department, dir.resolve("templates")).get(0);
            spec = new TemplateSpecBuilder(app.database()).build(plan, fiscalYear,
                    app.master().department(department).orElseThrow());
        }
        Path filled = dir.resolve("filled-" + department + fiscalYear + ".xlsx");
        try (InputStream in = Files.newInputStream(template); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Sheet sheet = workbook.getSheet("実績報告");
            for (int i = 0; i < spec.lines().size(); i++) {
                TemplateSpec.Line line = spec.lines().get(i);
                Row row = sheet.getRow(FIRST_ROW + i);
                assertThat(row.getCell(0).getStringCellValue()).isEqualTo(line.indicatorCode());
                if (line.numeric()) {
                    row.getCell(ACTUAL).setCellValue("%".equals(line.unit()) ? 50 : 12);
                } else {
                    row.getCell(ASSESSMENT).setCellValue("概ね達成");
                }
                row.getCell(STATUS).setCellValue("計画どおり実施した（" + line.indicatorCode() + "）");
            }
            try (OutputStream out = Files.newOutputStream(filled)) {
                workbook.write(out);
            }
        }
        return filled;
    }

    /** A copy of a workbook as a department (or an older version of us) changed it. */
    private static void edited(Path from, Path to, WorkbookEdit edit) throws Exception {
        try (InputStream in = Files.newInputStream(from); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            edit.apply(workbook);
            try (OutputStream out = Files.newOutputStream(to)) {
                workbook.write(out);
            }
        }
    }

    private interface WorkbookEdit {
        void apply(XSSFWorkbook workbook) throws Exception;
    }

    private String runOnce() throws Exception {
        try (CollectorApplication app = open()) {
            return app.runOnce(Duration.ofMinutes(2), LocalDate.of(2026, 6, 1)).sweep().summary();
        }
    }

    private String receipt(String department, String folder) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("inbox").resolve(department).resolve(folder))) {
            Path receipt = files.filter(p -> p.toString().endsWith("受付結果.txt")).findFirst().orElseThrow();
            return Files.readString(receipt, StandardCharsets.UTF_8);
        }
    }

    private long loaded(String department) {
        return Sql.count(db, "select count(*) from result_current where department_name = ? and fiscal_year = 2025",
                department);
    }

    private long expected(String department) {
        return Sql.count(db, "select count(*) from indicator_department where plan_code = 'atsugi-7-2' "
                + "and department_name = ?", department);
    }

    @Test
    void aFilledTemplateLoadsAsXlsxUnderAnyName() throws Exception {
        Path filled = filledTemplate("職員課", 2025);
        Files.copy(filled, Files.createDirectories(dir.resolve("inbox/職員課")).resolve("うちの課の報告.xlsx"));

        assertThat(runOnce()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(loaded("職員課")).isEqualTo(expected("職員課")).isGreaterThan(5);
        assertThat(Sql.one(db, "select status_text from result_current where indicator_code = 'I-1-ア-1'"))
                .containsEntry("status_text", "計画どおり実施した（I-1-ア-1）");
    }

    @Test
    void aFilledTemplateResavedAsXlsLoads() throws Exception {
        Path filled = filledTemplate("行政経営課", 2025);
        ExcelResave.asXls(filled, Files.createDirectories(dir.resolve("inbox/行政経営課")).resolve("報告.xls"));

        assertThat(runOnce()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(loaded("行政経営課")).isEqualTo(expected("行政経営課"));
    }

    @Test
    void aFilledTemplateResavedAsWindows31jCsvLoads() throws Exception {
        Path filled = filledTemplate("DX推進課", 2025);
        ExcelResave.asWindows31jCsv(filled, Files.createDirectories(dir.resolve("inbox/DX推進課")).resolve("報告.csv"));

        assertThat(runOnce()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(loaded("DX推進課")).isEqualTo(expected("DX推進課"));
    }

    @Test
    void aTemplateOfAnotherDepartmentIsRefused() throws Exception {
        Path filled = filledTemplate("職員課", 2025);
        Files.copy(filled, Files.createDirectories(dir.resolve("inbox/行政経営課")).resolve("報告.xlsx"));

        assertThat(runOnce()).isEqualTo("accepted 0, rejected 1, already received 0");
        assertThat(receipt("行政経営課", ".error")).contains("この様式は 職員課 用です（提出元は 行政経営課）",
                "[シート「実績報告」 2行目 A列]");
    }

    @Test
    void aTemplateOfAnotherYearIsRefusedWhileTheRoundCollectsThisYear() throws Exception {
        Path filled = filledTemplate("職員課", 2024);
        Files.copy(filled, Files.createDirectories(dir.resolve("inbox/職員課")).resolve("報告.xlsx"));

        assertThat(runOnce()).isEqualTo("accepted 0, rejected 1, already received 0");
        assertThat(receipt("職員課", ".error")).contains(
                "この様式は令和6年度（2024年度）の実績報告用です。現在受け付けているのは令和7年度（2025年度）の実績です。");
    }

    @Test
    void theTemplateOfAnEarlierRoundStillOpenIsTakenAnswering督促WhileTheNextRoundCollects() throws Exception {
        // FY2026's round has opened, FY2025's is not closed: its 督促 still goes out with the FY2025 template
        Files.writeString(config.resolve("rounds.csv"),
                "plan_code,fiscal_year,opens,deadline,remind_days_before,overdue_every_days,escalate_after_days\n"
                        + ROUND + "\natsugi-7-2,2026,2026-11-01,2027-06-30,7|1,7,14\n");
        Path inbox = Files.createDirectories(dir.resolve("inbox/職員課"));
        Files.copy(filledTemplate("職員課", 2025), inbox.resolve("督促への回答.xlsx"));

        assertThat(runOnce()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(loaded("職員課")).isEqualTo(expected("職員課"));

        // last year's form is refused naming both years taken, without the caution that a correction would do
        Files.copy(filledTemplate("職員課", 2024), inbox.resolve("昨年度の様式.xlsx"));
        assertThat(runOnce()).isEqualTo("accepted 0, rejected 1, already received 0");
        assertThat(receipt("職員課", ".error"))
                .contains("この様式は令和6年度（2024年度）の実績報告用です。現在受け付けているのは"
                        + "令和7年度（2025年度）・令和8年度（2026年度）の実績です。")
                .doesNotContain("訂正でなければ");

        // once FY2025 is closed (締切), its form is refused like any other year's
        Sql.execute(db, "insert into round_closure (plan_code, fiscal_year, closed_by) values ('atsugi-7-2', 2025, 'test')");
        Files.walk(dir.resolve("inbox/職員課/.error")).sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
        edited(filledTemplate("職員課", 2025), inbox.resolve("締切後.xlsx"),
                workbook -> workbook.getSheet("実績報告").getRow(FIRST_ROW).getCell(STATUS).setCellValue("締切後に修正"));
        assertThat(runOnce()).isEqualTo("accepted 0, rejected 1, already received 0");
        assertThat(receipt("職員課", ".error")).contains("現在受け付けているのは令和8年度（2026年度）の実績です。");
    }

    @Test
    void aTemplateOfAnOldLayoutIsRefused() throws Exception {
        Path filled = filledTemplate("職員課", 2025);
        Path old = Files.createDirectories(dir.resolve("inbox/職員課")).resolve("報告.xlsx");
        edited(filled, old, workbook -> {
            // as a template written by an earlier version: both its mark line and its hidden metadata say v0
            var mark = workbook.getSheet("実績報告").getRow(1).getCell(0);
            mark.setCellValue(mark.getStringCellValue().replace("|v1", "|v0"));
            for (var row : workbook.getSheet("_meta")) {
                if ("template_version".equals(row.getCell(0).getStringCellValue())) {
                    row.getCell(1).setCellValue("0");
                }
            }
        });

        assertThat(runOnce()).isEqualTo("accepted 0, rejected 1, already received 0");
        assertThat(receipt("職員課", ".error")).contains("古い様式（v0）です。現在の様式は v1 です。");
    }

    @Test
    void theHiddenMetadataRecognisesATemplateEvenWithoutItsMarkLine() throws Exception {
        Path filled = filledTemplate("職員課", 2025);
        Path copy = Files.createDirectories(dir.resolve("inbox/行政経営課")).resolve("報告.xlsx");
        edited(filled, copy, workbook -> {
            workbook.getSheet("実績報告").getRow(1).getCell(0).setBlank(); // the visible mark, deleted
        });

        assertThat(runOnce()).isEqualTo("accepted 0, rejected 1, already received 0");
        assertThat(receipt("行政経営課", ".error")).contains("この様式は 職員課 用です（提出元は 行政経営課）");
    }

    @Test
    void theTemplateIsAlsoACorrectionForm() throws Exception {
        Path filled = filledTemplate("職員課", 2025);
        Path dropped = Files.createDirectories(dir.resolve("inbox/職員課")).resolve("報告.xlsx");
        edited(filled, dropped, workbook -> {
            // I-1-ア-2 (グループ) reported as an approximate number
            workbook.getSheet("実績報告").getRow(FIRST_ROW + 1).getCell(ACTUAL).setCellValue("約12");
        });
        runOnce();

        try (CollectorApplication app = open()) {
            Path again = app.writeTemplates(app.master().plan("atsugi-7-2").orElseThrow(), 2025, "職員課",
                    dir.resolve("again")).get(0);
            try (InputStream in = Files.newInputStream(again); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
                Sheet sheet = workbook.getSheet("実績報告");
                Row first = sheet.getRow(FIRST_ROW);
                assertThat(first.getCell(STATUS).getStringCellValue())
                        .isEqualTo("計画どおり実施した（" + first.getCell(0).getStringCellValue() + "）");
                assertThat(sheet.getRow(FIRST_ROW + 1).getCell(0).getStringCellValue()).isEqualTo("I-1-ア-2");
                assertThat(sheet.getRow(FIRST_ROW + 1).getCell(ACTUAL).getStringCellValue()).isEqualTo("約12");
            }
        }
    }

    /** The line of an indicator in a written template. */
    private static Row line(Sheet sheet, String indicatorCode) {
        for (int r = FIRST_ROW; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            if (row != null && row.getCell(0) != null && indicatorCode.equals(row.getCell(0).getStringCellValue())) {
                return row;
            }
        }
        throw new AssertionError("no line of " + indicatorCode);
    }

    private Path template(int fiscalYear, String department, String folder) throws Exception {
        try (CollectorApplication app = open()) {
            return app.writeTemplates(app.master().plan("atsugi-7-2").orElseThrow(), fiscalYear, department,
                    dir.resolve(folder)).get(0);
        }
    }

    /**
     * 広告料収入 is in 千円; 行政経営課 writes 15,820,500 with 円 in its 単位 column, stored as 15,820.5. Next year's
     * template shows 前年度実績 15,820.5 in the line whose 単位 is 千円 (not 15,820,500), and 3 of a count of 事業
     * as before. An approximate value (約16,500,000 beside 円) is pre-filled in this year's template as 約16,500,
     * so that the template sent back unchanged still means 16,500千円 (約16,500,000 in a line of 千円 would be a
     * thousand times it), and is next year's 前年度実績 so.
     */
    @Test
    void aValueWrittenInYenReadsInTheIndicatorsThousandsInTheTemplates() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox/行政経営課"));
        List<String> header = List.of("指標コード", "年度", "実績値", "単位", "取組状況");
        jp.reform.collector.support.DepartmentFiles.csv(inbox.resolve("実績.csv"), StandardCharsets.UTF_8, true, ",",
                header, List.of(List.of("II-2-ア-1", "2025", "15,820,500", "円", "広告枠を拡大した"),
                        List.of("II-1-ア-1", "2025", "3", "件", "事務事業評価を実施した")));
        assertThat(runOnce()).isEqualTo("accepted 1, rejected 0, already received 0");

        try (InputStream in = Files.newInputStream(template(2026, "行政経営課", "next"));
             XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Sheet sheet = workbook.getSheet("実績報告");
            Row amount = line(sheet, "II-2-ア-1");
            assertThat(amount.getCell(3).getStringCellValue()).isEqualTo("千円");
            assertThat(amount.getCell(5).getStringCellValue()).isEqualTo("15,820.5");
            assertThat(line(sheet, "II-1-ア-1").getCell(5).getStringCellValue()).isEqualTo("3");
        }

        jp.reform.collector.support.DepartmentFiles.csv(inbox.resolve("訂正.csv"), StandardCharsets.UTF_8, true, ",",
                header, List.of(List.of("II-2-ア-1", "2025", "約16,500,000", "円", "広告枠を拡大した")));
        assertThat(runOnce()).isEqualTo("accepted 1, rejected 0, already received 0");
        Path again = template(2025, "行政経営課", "again");
        try (InputStream in = Files.newInputStream(again); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            assertThat(line(workbook.getSheet("実績報告"), "II-2-ア-1").getCell(ACTUAL).getStringCellValue())
                    .isEqualTo("約16,500");
        }
        try (InputStream in = Files.newInputStream(template(2026, "行政経営課", "next-approximate"));
             XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            assertThat(line(workbook.getSheet("実績報告"), "II-2-ア-1").getCell(5).getStringCellValue())
                    .isEqualTo("約16,500");
        }

        // this year's template sent back as it came: still 16,500千円
        Files.copy(again, inbox.resolve("様式のまま.xlsx"));
        assertThat(runOnce()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(Sql.one(db, "select actual_value, approximate from result_current "
                + "where indicator_code = 'II-2-ア-1' and fiscal_year = 2025"))
                .satisfies(r -> assertThat((java.math.BigDecimal) r.get("actual_value")).isEqualByComparingTo("16500"))
                .containsEntry("approximate", true);
    }

    @Test
    void aSharedIndicatorIsPreFilledOnlyInTheTemplateOfThe課ThatReportedItAndTheOthersTemplateLeavesItsReportAlone()
            throws Exception {
        // I-2-イ-2 is 職員課's and 行政総務課's; 職員課 reports it (and the rest of its lines)
        Files.copy(filledTemplate("職員課", 2025), Files.createDirectories(dir.resolve("inbox/職員課")).resolve("報告.xlsx"));
        runOnce();
        assertThat(Sql.one(db, "select department_name, status_text from result_current "
                + "where indicator_code = 'I-2-イ-2' and fiscal_year = 2025"))
                .containsEntry("department_name", "職員課").containsEntry("status_text", "計画どおり実施した（I-2-イ-2）");

        // 行政総務課's template: its line of I-2-イ-2 is blank, nothing of 職員課's report in the whole workbook
        Path template;
        try (CollectorApplication app = open()) {
            template = app.writeTemplates(app.master().plan("atsugi-7-2").orElseThrow(), 2025, "行政総務課",
                    dir.resolve("somu")).get(0);
        }
        int shared;
        try (InputStream in = Files.newInputStream(template); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Sheet sheet = workbook.getSheet("実績報告");
            shared = FIRST_ROW;
            while (!sheet.getRow(shared).getCell(0).getStringCellValue().equals("I-2-イ-2")) {
                shared++;
            }
            Row line = sheet.getRow(shared);
            assertThat(line.getCell(ACTUAL).toString()).isEmpty();
            assertThat(line.getCell(STATUS).getStringCellValue()).isEmpty();
            assertThat(new org.apache.poi.xssf.extractor.XSSFExcelExtractor(workbook).getText())
                    .doesNotContain("計画どおり実施した");
        }

        // 行政総務課 fills its other lines and sends the template back: 職員課's report of I-2-イ-2 stays as it is
        int sharedRow = shared;
        edited(filledTemplate("行政総務課", 2025), Files.createDirectories(dir.resolve("inbox/行政総務課"))
                .resolve("報告.xlsx"), workbook -> {
                    Row line = workbook.getSheet("実績報告").getRow(sharedRow);
                    line.getCell(ACTUAL).setBlank();
                    line.getCell(STATUS).setBlank();
                    line.getCell(ASSESSMENT).setBlank();
                });
        assertThat(runOnce()).isEqualTo("accepted 1, rejected 0, already received 0");
        assertThat(Sql.one(db, "select department_name, status_text from result_current "
                + "where indicator_code = 'I-2-イ-2' and fiscal_year = 2025"))
                .containsEntry("department_name", "職員課").containsEntry("status_text", "計画どおり実施した（I-2-イ-2）");
        assertThat(loaded("行政総務課")).isEqualTo(expected("行政総務課") - 1);
    }

    @Test
    void resultsOfAnotherYearThanTheRoundsAreLoadedAndTheReceiptAsksOnceToCheckTheYear() throws Exception {
        // last year's form: its title says 令和6年度 and it has no 年度 column, while the round collects 2025
        Path inbox = Files.createDirectories(dir.resolve("inbox/職員課"));
        jp.reform.collector.support.DepartmentFiles.csv(inbox.resolve("昨年度の様式.csv"), StandardCharsets.UTF_8, true,
                ",", List.of("指標コード", "令和6年度実績", "取組状況"), List.of(
                        List.of("I-1-ウ-1", "31", "派遣研修を実施"), List.of("I-1-ウ-2", "95%", "研修を実施")));

        assertThat(runOnce()).isEqualTo("accepted 1, rejected 0, already received 0");

        String receipt = receipt("職員課", ".done");
        assertThat(receipt).contains("令和6年度（2024年度）の実績として読み取りました（現在受け付けているのは令和7年度（2025年度）の実績です）。");
        assertThat(receipt.split("の実績として読み取りました", -1)).as("once for the file, not once a row").hasSize(2);
        assertThat(Sql.count(db, "select count(*) from result_current where department_name = '職員課' "
                + "and fiscal_year = 2024")).isEqualTo(2);
    }
}
