package jp.reform.collector.committee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.evaluate.EvaluationRefresh;
import jp.reform.collector.evaluate.GradeOverrides;
import jp.reform.collector.intake.IncomingFile;
import jp.reform.collector.intake.SubmissionIngestor;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestMail;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committee workbook as the overnight run writes it, its lines read from the database part by part (never
 * all held): a plan of 3,000 indicators whose goals take turns in plan order (as a survey's 課 lists them) and
 * whose 取組 come two indicators at a time, one 課's file loaded, one grade settled by the committee. Read back
 * with POI: 取組一覧 lists each goal's indicators in plan order with their grades and merged 取組 cells, and
 * 総括表's lists and counts are as the grades say; the workbook is the one written from the lines held in memory.
 */
class StreamedCommitteeWorkbookTest {

    static final String PLAN = "survey-1";
    static final String DEPARTMENT = "統計課";
    static final int INDICATORS = 3_000;
    /** Goal I's three 取組, then goal II's: 取組 {@code (n - 1) / 2 % 6}, so the goals change every second indicator. */
    static final String[] INITIATIVES = {"I-1-ア", "I-1-イ", "I-2-ア", "II-1-ア", "II-2-ア", "II-2-イ"};
    static final String[] GRADES = {"未提出", "達成", "概ね達成", "未達成"};
    static final LocalDate AS_OF = LocalDate.of(2026, 7, 31);

    @TempDir
    Path dir;

    static String code(int n) {
        return "S-%05d".formatted(n);
    }

    static String initiative(int n) {
        return INITIATIVES[(n - 1) / 2 % INITIATIVES.length];
    }

    /** Indicator n's grade in FY2025: by n % 4; number 3 is 未達成 by its figures and 達成 by the committee. */
    static String grade(int n) {
        return n == 3 ? "達成※" : GRADES[n % 4];
    }

    @Test
    void aPlanWhoseGoalsTakeTurnsIsListedGoalByGoalInPlanOrderWithItsGrades() throws Exception {
        MasterData master = writePlan(Files.createDirectories(dir.resolve("config")));
        PlanMaster plan = master.plan(PLAN).orElseThrow();
        try (Database db = TestDatabase.fresh()) {
            new MasterDataSync().sync(db, master);
            new EvaluationRefresh().refreshAll(db, master);
            load(db, master);
            new GradeOverrides(db).set(new GradeOverrides.Actor("admin", "admin", null), PLAN, code(3), 2025, "達成",
                    "委員会で達成と判断");

            CommitteeReportBuilder builder = new CommitteeReportBuilder(db);
            Path streamed = builder.stream(plan, 2025, AS_OF,
                    r -> new CommitteeWorkbook().writeTo(Files.createDirectories(dir.resolve("streamed")), r));
            Path held = new CommitteeWorkbook().writeTo(Files.createDirectories(dir.resolve("held")),
                    builder.build(plan, 2025, AS_OF));

            try (InputStream in = Files.newInputStream(streamed); XSSFWorkbook wb = new XSSFWorkbook(in)) {
                XSSFSheet list = wb.getSheet("取組一覧");
                List<String> expected = new ArrayList<>();
                expected.add("I　効率的な行政運営");
                for (int n = 1; n <= INDICATORS; n++) {
                    if (initiative(n).startsWith("I-")) {
                        expected.add("成果指標" + n + " " + grade(n));
                    }
                }
                expected.add("II　市民サービスの向上");
                for (int n = 1; n <= INDICATORS; n++) {
                    if (initiative(n).startsWith("II-")) {
                        expected.add("成果指標" + n + " " + grade(n));
                    }
                }
                List<String> rows = new ArrayList<>();
                for (int r = 1; r <= list.getLastRowNum(); r++) {
                    Row row = list.getRow(r);
                    String name = text(row.getCell(4));
                    rows.add(name.isEmpty() ? text(row.getCell(0)) : name + " " + text(row.getCell(8)));
                }
                assertThat(rows).isEqualTo(expected);
                // each 取組's two indicators share 分類, 取組項目 and 取組内容; each goal heading spans the row
                assertThat(list.getMergedRegions()).hasSize(2 + 3 * INDICATORS / 2)
                        .contains(new CellRangeAddress(1, 1, 0, 11), new CellRangeAddress(2, 3, 0, 0),
                                new CellRangeAddress(2, 3, 2, 2), new CellRangeAddress(1500, 1501, 1, 1));
                assertThat(text(list.getRow(2).getCell(1))).isEqualTo("取組I-1-ア");
                assertThat(text(list.getRow(4).getCell(1))).isEqualTo("取組I-1-イ");

                XSSFSheet summary = wb.getSheet("総括表");
                List<String> texts = new ArrayList<>();
                summary.forEach(row -> texts.add(text(row.getCell(0))));
                // goal I: 500 達成, 500 概ね達成, 250 未達成 (number 3 moved to 達成), 250 未提出; goal II: 250, 250, 500, 500
                assertThat(texts).containsSubsequence("I　効率的な行政運営", "■ 達成・概ね達成指標（1001項目）", "成果指標1",
                        "成果指標2", "成果指標3", "成果指標5", "成果指標6", "成果指標13", "■ 未達成指標（249項目）", "成果指標15",
                        "成果指標27", "II　市民サービスの向上", "■ 達成・概ね達成指標（500項目）", "成果指標9", "成果指標10",
                        "成果指標21", "■ 未達成指標（500項目）", "成果指標7", "成果指標11", "成果指標19");
                assertThat(texts).filteredOn(t -> t.matches("成果指標\\d+")).hasSize(1001 + 249 + 500 + 500);
                assertThat(texts).contains("※ " + code(3) + " 成果指標3：算定 未達成 → 最終評価 達成（理由：委員会で達成と判断）");
            }
            assertThat(contents(streamed)).isEqualTo(contents(held));
        }
    }

    /** Every sheet's cells as text, row by row, and its merged regions: what the two workbooks must share. */
    private static List<String> contents(Path file) throws Exception {
        List<String> all = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            wb.forEach(sheet -> {
                all.add("# " + sheet.getSheetName() + " " + ((XSSFSheet) sheet).getMergedRegions());
                sheet.forEach(row -> {
                    StringBuilder line = new StringBuilder(row.getRowNum() + ":" + row.getHeightInPoints());
                    row.forEach(cell -> line.append('|').append(text(cell)));
                    all.add(line.toString());
                });
            });
        }
        return all;
    }

    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        return cell.getCellType() == CellType.NUMERIC
                ? BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString()
                : cell.getStringCellValue();
    }

    /** config/ of the plan as the division writes it: targets of 100件 each year. */
    private static MasterData writePlan(Path config) throws Exception {
        Path plan = Files.createDirectories(config.resolve("plans").resolve(PLAN));
        Files.write(config.resolve("departments.csv"), List.of(
                "department_name,former_names,emails,allowed_senders,notes",
                DEPARTMENT + ",,tokei@survey.example.jp,tokei@survey.example.jp,test"));
        Files.write(plan.resolve("plan.csv"), List.of(
                "plan_code,municipality,plan_name,fy_from,fy_to,admin_department,admin_email",
                PLAN + ",調査市,行政改革の取組状況調査,2024,2026,行政経営課,gyokaku@survey.example.jp"));
        Files.write(plan.resolve("structure.csv"), List.of("node_code,level,parent_code,title",
                "I,goal,,効率的な行政運営", "I-1,area,I,事務の効率化", "I-1-ア,initiative,I-1,取組I-1-ア",
                "I-1-イ,initiative,I-1,取組I-1-イ", "I-2,area,I,財源の確保", "I-2-ア,initiative,I-2,取組I-2-ア",
                "II,goal,,市民サービスの向上", "II-1,area,II,窓口サービスの改善", "II-1-ア,initiative,II-1,取組II-1-ア",
                "II-2,area,II,デジタル化の推進", "II-2-ア,initiative,II-2,取組II-2-ア",
                "II-2-イ,initiative,II-2,取組II-2-イ"));
        List<String> indicators = new ArrayList<>();
        indicators.add("indicator_code,initiative_code,name,unit,value_kind,direction,cumulative,baseline_text,"
                + "baseline_value,responsible_departments");
        List<String> targets = new ArrayList<>();
        targets.add("indicator_code,fiscal_year,target_text,target_value,target_kind");
        for (int n = 1; n <= INDICATORS; n++) {
            indicators.add(code(n) + "," + initiative(n) + ",成果指標" + n + ",件,numeric,higher_is_better,false,80件,80,"
                    + DEPARTMENT);
            for (int year = 2024; year <= 2026; year++) {
                targets.add(code(n) + "," + year + ",100件,100,absolute");
            }
        }
        Files.write(plan.resolve("indicators.csv"), indicators);
        Files.write(plan.resolve("targets.csv"), targets);
        return new MasterDataLoader().load(config);
    }

    /** The 課's file for FY2025: 120件 (達成), 90件 (概ね達成) or 50件 (未達成); every fourth indicator left out. */
    private void load(Database db, MasterData master) throws Exception {
        Path file = dir.resolve(DEPARTMENT + "_実績報告.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("\uFEFF指標コード,年度,実績値,取組状況,成果と課題,今後の取組\r\n");
            String[] actuals = {null, "120件", "90件", "50件"};
            for (int n = 1; n <= INDICATORS; n++) {
                if (actuals[n % 4] != null) {
                    out.write(code(n) + ",2025," + actuals[n % 4] + ",実施した。,成果" + n + "があった。,継続する。\r\n");
                }
            }
        }
        SubmissionIngestor ingestor = new SubmissionIngestor(db, master, ZoneId.of("Asia/Tokyo"), new ReceiptMailer(
                new Outbox(new MimeComposer(TestMail.offline(dir.resolve("outbox")), Clock.systemUTC())),
                new ReceiptNotice(TestMail.offline(dir.resolve("outbox")))), List.of());
        assertThat(ingestor.ingest(new IncomingFile(file, file.getFileName().toString(), "folder", DEPARTMENT,
                Instant.parse("2026-05-20T01:00:00Z"), null)).status()).isEqualTo(SubmissionStatus.ACCEPTED);
    }
}
