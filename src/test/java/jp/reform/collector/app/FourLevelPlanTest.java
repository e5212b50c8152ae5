package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.reform.collector.committee.CommitteeReport;
import jp.reform.collector.committee.CommitteeReportBuilder;
import jp.reform.collector.committee.CommitteeWorkbook;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.intake.IncomingFile;
import jp.reform.collector.intake.IngestOutcome;
import jp.reform.collector.intake.SubmissionIngestor;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataException;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.planbook.PlanBook;
import jp.reform.collector.planbook.Problem;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.support.Cli;
import jp.reform.collector.support.Cli.Run;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestMail;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans that grade in four levels (issue 11 part 3): S|A|B|C by rate at 120|100|80, and Minami-Alps' own
 * 取組達成度 A|B|C|D by self-assessment. Each level counts as one of the committee's 達成 / 概ね達成 / 未達成,
 * and every report shows the level itself.
 */
class FourLevelPlanTest {

    private static final String PLAN = "s-plan";

    @TempDir
    Path dir;

    /** The bundled config plus a small plan of four numeric indicators of 職員課, graded S|A|B|C. */
    private Path configWithFourLevels(String gradeColumns, String gradeValues) throws IOException {
        Path config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        Path folder = Files.createDirectories(config.resolve("plans").resolve(PLAN));
        Files.writeString(folder.resolve("plan.csv"), """
                plan_code,municipality,plan_name,fy_from,fy_to,admin_department,admin_email,%s
                s-plan,厚木市,四段階の計画,2024,2026,行政経営課,,%s
                """.formatted(gradeColumns, gradeValues));
        Files.writeString(folder.resolve("structure.csv"), """
                node_code,level,parent_code,title
                1,goal,,強い組織をつくる
                1-1,area,1,職員の能力向上
                1-1-1,initiative,1-1,研修の充実
                """);
        StringBuilder indicators = new StringBuilder("indicator_code,initiative_code,name,unit,value_kind,direction,"
                + "cumulative,responsible_departments\n");
        StringBuilder targets = new StringBuilder("indicator_code,fiscal_year,target_text,target_value\n");
        for (int i = 1; i <= 4; i++) {
            indicators.append("1-1-1-").append(i).append(",1-1-1,研修受講者数").append(i).append(",人,numeric,")
                    .append("higher_is_better,false,職員課\n");
            for (int year = 2024; year <= 2026; year++) {
                targets.append("1-1-1-").append(i).append(',').append(year).append(",100人,100\n");
            }
        }
        Files.writeString(folder.resolve("indicators.csv"), indicators);
        Files.writeString(folder.resolve("targets.csv"), targets);
        return config;
    }

    private SubmissionIngestor ingestor(Database db, MasterData master) {
        return new SubmissionIngestor(db, master, ZoneId.of("Asia/Tokyo"), new ReceiptMailer(
                new Outbox(new MimeComposer(TestMail.offline(dir.resolve("outbox")), Clock.systemUTC())),
                new ReceiptNotice(TestMail.offline(dir.resolve("outbox")))), List.of());
    }

    private IngestOutcome ingest(SubmissionIngestor ingestor, String folder, String name, List<List<Object>> rows)
            throws Exception {
        Path file = DepartmentFiles.csv(dir.resolve(folder + "_" + name + ".csv"), StandardCharsets.UTF_8, true, ",",
                DepartmentFiles.HEADER, rows);
        return ingestor.ingest(new IncomingFile(file, file.getFileName().toString(), "folder", folder,
                Instant.parse("2024-06-20T01:00:00Z"), null));
    }

    /** indicator code → the status CSV's columns. */
    private static Map<String, String[]> statusCsv(Path config, String plan, String fy, String url) {
        Run csv = Cli.run("status", "--config", config.toString(), "--plan", plan, "--fy", fy, "--format", "csv",
                "--db-url", url);
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        assertThat(csv.out().lines().findFirst().orElseThrow())
                .isEqualTo("indicator_code,department,target,actual,rate,grade,flags,grade_label,final_grade");
        Map<String, String[]> rows = new LinkedHashMap<>();
        csv.out().lines().skip(1).forEach(l -> rows.put(l.split(",")[0], l.split(",", -1)));
        return rows;
    }

    @Test
    void ratesOf125And100And90And50AreSAndAAndBAndCCountedAsTheCommitteesGrades() throws Exception {
        Path config = configWithFourLevels("grade_labels,grade_thresholds", "S|A|B|C,120|100|80");
        MasterData master = new MasterDataLoader().load(config);
        String url = TestDatabase.freshUrl();
        try (Database db = TestDatabase.at(url)) {
            new MasterDataSync().sync(db, master);

            IngestOutcome outcome = ingest(ingestor(db, master), "職員課", "R6", List.of(
                    List.of("1-1-1-1", "R6", "125人", "実施しました", "", "", ""),
                    List.of("1-1-1-2", "R6", "100人", "実施しました", "", "", ""),
                    List.of("1-1-1-3", "R6", "90人", "実施しました", "", "", ""),
                    List.of("1-1-1-4", "R6", "50人", "実施しました", "", "", "")));
            assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);

            // the canonical grade for tools, the plan's own level beside it
            Map<String, String[]> status = statusCsv(config, PLAN, "2024", url);
            assertThat(status.values()).extracting(r -> r[0] + " " + r[4] + " " + r[5] + " " + r[7]).containsExactly(
                    "1-1-1-1 125 達成 S", "1-1-1-2 100 達成 A", "1-1-1-3 90 概ね達成 B", "1-1-1-4 50 未達成 C");
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select string_agg(grade_level::text, ',' order by indicator_code) "
                         + "from evaluation where plan_code = 's-plan' and fiscal_year = 2024")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1,2,3,4");
            }

            // for people: the level in the 判定 column
            Run table = Cli.run("status", "--config", config.toString(), "--plan", PLAN, "--fy", "2024", "--db-url", url);
            assertThat(table.out().lines().filter(l -> l.startsWith("1-1-1-"))).extracting(l -> l.split("\\s+")[5])
                    .containsExactly("S", "A", "B", "C");

            // 設定項目 4: 達成 2 (S, A), 概ね達成 1 (B), 未達成 1 (C); 概ね達成率 (2 + 1) / 4
            Run summary = Cli.run("summary", "--config", config.toString(), "--plan", PLAN, "--fy", "2024",
                    "--format", "csv", "--db-url", url);
            assertThat(summary.out()).endsWith("total,4,2,1,1,75.0\n");
            Run summaryTable = Cli.run("summary", "--config", config.toString(), "--plan", PLAN, "--fy", "2024",
                    "--db-url", url);
            assertThat(summaryTable.out().lines().findFirst().orElseThrow().split("\\s+"))
                    .containsExactly("重点目標", "設定項目", "S・A", "B", "C", "未提出", "概ね達成率");
            assertThat(summaryTable.out().lines().filter(l -> l.startsWith("合計")).findFirst().orElseThrow())
                    .matches("合計\\s+4\\s+2\\s+1\\s+1\\s+0\\s+75\\.0%");

            // the committee's workbook: one column per level with its rates, and 概ね達成率
            CommitteeReport report = new CommitteeReportBuilder(db).build(master.plan(PLAN).orElseThrow(), 2024,
                    LocalDate.of(2025, 7, 31));
            Path file = new CommitteeWorkbook().writeTo(Files.createDirectories(dir.resolve("committee")), report);
            try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
                XSSFSheet sheet = wb.getSheet("総括表");
                assertThat(cells(sheet.getRow(3))).containsExactly("重点目標", "設定項目", "S（120％以上）",
                        "A（100％以上120％未満）", "B（80％以上100％未満）", "C（80％未満）", "未提出", "概ね達成率");
                assertThat(cells(sheet.getRow(5))).containsExactly("合計", "4", "1", "1", "1", "1", "0", "75");
                String all = allText(wb);
                assertThat(all).contains("S・A・B指標（3項目）", "C指標（1項目）",
                        "設定項目4項目のうち、S1項目（25.0％）、A1項目（25.0％）、B1項目（25.0％）、C1項目（25.0％）で、"
                                + "B以上は3項目（75.0％）でした。");
            }

            // the committee settles C as S (in the plan's words, not 達成): it counts as 達成 and, in the per-level
            // table, at 達成's first level (S)
            new jp.reform.collector.evaluate.GradeOverrides(db).set(
                    new jp.reform.collector.evaluate.GradeOverrides.Actor("admin", "admin", null), PLAN, "1-1-1-4", 2024,
                    "S", "委員会で達成と判断");
            assertThat(Cli.run("summary", "--config", config.toString(), "--plan", PLAN, "--fy", "2024", "--format", "csv",
                    "--db-url", url).out()).endsWith("total,4,3,1,0,100.0\n");
            report = new CommitteeReportBuilder(db).build(master.plan(PLAN).orElseThrow(), 2024, LocalDate.of(2025, 7, 31));
            file = new CommitteeWorkbook().writeTo(Files.createDirectories(dir.resolve("committee-final")), report);
            try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
                assertThat(cells(wb.getSheet("総括表").getRow(5))).containsExactly("合計", "4", "2", "1", "1", "0", "0",
                        "100");
                assertThat(allText(wb)).contains("S※", "委員会で達成と判断");
            }

            // or as A, the lower step of 達成: counted and shown at A, not at S
            new jp.reform.collector.evaluate.GradeOverrides(db).set(
                    new jp.reform.collector.evaluate.GradeOverrides.Actor("admin", "admin", null), PLAN, "1-1-1-4", 2024,
                    "A", "委員会でAと判断");
            assertThat(Cli.run("summary", "--config", config.toString(), "--plan", PLAN, "--fy", "2024", "--format", "csv",
                    "--db-url", url).out()).endsWith("total,4,3,1,0,100.0\n");
            assertThat(Cli.run("status", "--config", config.toString(), "--plan", PLAN, "--fy", "2024", "--db-url", url)
                    .out()).contains("A※", "算定 C → 最終評価 A（理由：委員会でAと判断）").doesNotContain("S※");
            report = new CommitteeReportBuilder(db).build(master.plan(PLAN).orElseThrow(), 2024, LocalDate.of(2025, 7, 31));
            file = new CommitteeWorkbook().writeTo(Files.createDirectories(dir.resolve("committee-final-a")), report);
            try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
                assertThat(cells(wb.getSheet("総括表").getRow(5))).containsExactly("合計", "4", "1", "2", "1", "0", "0",
                        "100");
                assertThat(allText(wb)).contains("A※", "算定 C → 最終評価 A（理由：委員会でAと判断）");
            }
            assertThat(jp.reform.collector.evaluate.GradeOverrides.choices(
                    jp.reform.collector.master.GradeWords.of(master.plan(PLAN).orElseThrow().plan())))
                    .extracting(jp.reform.collector.evaluate.GradeOverrides.Choice::word)
                    .containsExactly("S", "A", "B", "C", "対象外");
        }
    }

    @Test
    void aDepartmentsDIsKeptAsDCountedAsNotAchievedAndContradictionsAreFlagged() throws Exception {
        Path config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        Path planCsv = config.resolve("plans/minamialps-5/plan.csv");
        Files.writeString(planCsv, Files.readString(planCsv).replace(",grading\n", ",grading,grade_labels\n")
                .replace(",self_assessment\n", ",self_assessment,A|B|C|D\n"));
        MasterData master = new MasterDataLoader().load(config);
        String url = TestDatabase.freshUrl();
        try (Database db = TestDatabase.at(url)) {
            new MasterDataSync().sync(db, master);
            SubmissionIngestor ingestor = ingestor(db, master);

            // targets 70.5 / 32 / 6 / 32 % (FY2026)
            IngestOutcome outcome = ingest(ingestor, "市民活動支援課", "R8", List.of(
                    List.of("4-1-1-1", "R8", "65%", "実施しました", "", "", "A"),                  // 92 %: A contradicts
                    List.of("4-1-2-1", "R8", "40%", "実施しました", "", "", "D 未達成、取組困難"),  // 125 %: D contradicts
                    List.of("4-1-3-1", "R8", "5%", "実施しました", "", "", "B"),                   // 83 %
                    List.of("4-1-4-1", "R8", "20%", "実施しました", "", "", "D")));                // 62.5 %
            assertThat(outcome.status()).as(outcome.receiptText()).isEqualTo(SubmissionStatus.ACCEPTED);

            Map<String, String[]> status = statusCsv(config, "minamialps-5", "2026", url);
            assertThat(List.of("4-1-1-1", "4-1-2-1", "4-1-3-1", "4-1-4-1")).extracting(code -> {
                String[] r = status.get(code);
                return r[0] + " " + r[5] + " " + r[7] + " " + r[6].contains("assessment_contradiction");
            }).containsExactly("4-1-1-1 達成 A true", "4-1-2-1 未達成 D true", "4-1-3-1 概ね達成 B false",
                    "4-1-4-1 未達成 D false");
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select r.self_assessment, r.self_assessment_text, e.grade, e.grade_level "
                         + "from evaluation e join result r on r.result_id = e.result_id "
                         + "where e.plan_code = 'minamialps-5' and e.indicator_code = '4-1-2-1' and e.fiscal_year = 2026")) {
                rs.next();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                        .containsExactly("NOT_ACHIEVED", "D 未達成、取組困難", "未達成", "4");
            }

            CommitteeReport report = new CommitteeReportBuilder(db).build(master.plan("minamialps-5").orElseThrow(),
                    2026, LocalDate.of(2027, 7, 31));
            CommitteeReport.SummaryLine total = report.summary().get(report.summary().size() - 1);
            assertThat(total.goalCode()).isEqualTo("total");
            assertThat(List.of(total.achieved(), total.mostly(), total.notAchieved())).containsExactly(1, 1, 2);
            assertThat(total.levelCounts()).isEqualTo(Map.of(1, 1, 2, 1, 4, 2));
            assertThat(report.grades().levels()).extracting(l -> l.header()).containsExactly("A", "B", "C", "D");
            assertThat(report.indicators()).filteredOn(i -> i.indicatorCode().equals("4-1-4-1")).singleElement()
                    .satisfies(i -> assertThat(report.grades().label(i.grade(), i.gradeLevel())).isEqualTo("D"));

            // in a plan of four levels 未達成 alone might be C or D: the department is asked to name its level
            IngestOutcome vague = ingest(ingestor, "市民活動支援課", "vague", List.of(
                    List.of("4-1-1-1", "R8", "65%", "実施しました", "", "", "未達成")));
            assertThat(vague.status()).isEqualTo(SubmissionStatus.REJECTED);
            assertThat(vague.receiptText()).contains("自己評価「未達成」は、この計画の判定（A・B・C・D）にはありません。");
            // 概ね達成 is B alone: read as B
            assertThat(ingest(ingestor, "市民活動支援課", "mostly", List.of(
                    List.of("4-1-3-1", "R8", "5%", "実施しました", "", "", "概ね達成"))).status())
                    .isEqualTo(SubmissionStatus.ACCEPTED);
            assertThat(statusCsv(config, "minamialps-5", "2026", url).get("4-1-3-1")[7]).isEqualTo("B");

            // D → C changes nothing the committee counts (both 未達成), but it is a new version of the result
            assertThat(ingest(ingestor, "市民活動支援課", "c", List.of(
                    List.of("4-1-4-1", "R8", "20%", "実施しました", "", "", "C"))).status())
                    .isEqualTo(SubmissionStatus.ACCEPTED);
            assertThat(statusCsv(config, "minamialps-5", "2026", url).get("4-1-4-1")[7]).isEqualTo("C");
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select string_agg(version || ':' || self_assessment_level, ',' "
                         + "order by version) from result where plan_code = 'minamialps-5' "
                         + "and indicator_code = '4-1-4-1' and fiscal_year = 2026")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1:4,2:3");
            }

            // after 締切, C → D is a change of the closed year like any other: held, then stored as D when accepted
            jp.reform.collector.closing.RoundClosing closing = new jp.reform.collector.closing.RoundClosing(db, master,
                    new jp.reform.collector.audit.AuditLog(db), new Outbox(new MimeComposer(
                    TestMail.offline(dir.resolve("outbox")), Clock.systemUTC())), ZoneId.of("Asia/Tokyo"));
            jp.reform.collector.closing.RoundClosing.Actor admin =
                    new jp.reform.collector.closing.RoundClosing.Actor("gyosei", "admin", null);
            closing.close(admin, "minamialps-5", 2026);
            IngestOutcome held = ingest(ingestor, "市民活動支援課", "d-after-closing", List.of(
                    List.of("4-1-4-1", "R8", "20%", "実施しました", "", "", "D")));
            assertThat(held.status()).as(held.receiptText()).isEqualTo(SubmissionStatus.HELD);
            assertThat(statusCsv(config, "minamialps-5", "2026", url).get("4-1-4-1")[7]).isEqualTo("C");
            long heldId;
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select submission_id from submission where receipt_no = '"
                         + held.receiptNo() + "'")) {
                rs.next();
                heldId = rs.getLong(1);
            }
            assertThat(closing.accept(admin, heldId,
                    new jp.reform.collector.store.PendingChanges.Round("minamialps-5", 2026)).outcome())
                    .isEqualTo(jp.reform.collector.closing.RoundClosing.Outcome.DONE);
            assertThat(statusCsv(config, "minamialps-5", "2026", url).get("4-1-4-1")[7]).isEqualTo("D");
        }
    }

    @Test
    void badThresholdsStopTheStartWithFileAndLineAndPlanCheckNamesTheCellInJapanese() throws IOException {
        Path config = configWithFourLevels("grade_labels,grade_thresholds", "S|A|B|C,80|100|120");
        assertThatThrownBy(() -> new MasterDataLoader().load(config)).isInstanceOf(MasterDataException.class)
                .hasMessageContaining("s-plan/plan.csv:2").hasMessageContaining("grade_thresholds must go down");
        Run run = Cli.run("status", "--config", config.toString(), "--plan", PLAN, "--fy", "2024",
                "--db-url", TestDatabase.freshUrl());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("plan.csv:2", "grade_thresholds must go down");

        List<String> problems = new ArrayList<>();
        new PlanBook(config, Clock.systemUTC()).check(PLAN)
                .forEach(c -> c.problems().stream().map(Problem::describe).forEach(problems::add));
        assertThat(problems).singleElement().asString().startsWith("plan.csv 2行目 grade_thresholds列："
                + "段階の基準「80|100|120」が良い順（大きい順）に並んでいません。");

        Files.writeString(config.resolve("plans/s-plan/plan.csv"), Files.readString(config.resolve("plans/s-plan/plan.csv"))
                .replace("80|100|120", "1200|100|80"));
        problems.clear();
        new PlanBook(config, Clock.systemUTC()).check(PLAN)
                .forEach(c -> c.problems().stream().map(Problem::describe).forEach(problems::add));
        assertThat(problems).singleElement().asString().contains("grade_thresholds列",
                "段階の基準「1200|100|80」のうち「1200」は、達成率として使えません。", "0 より大きく 1000 以下");

        Files.writeString(config.resolve("plans/s-plan/plan.csv"), Files.readString(config.resolve("plans/s-plan/plan.csv"))
                .replace("1200|100|80", "120|100"));
        problems.clear();
        new PlanBook(config, Clock.systemUTC()).check(PLAN)
                .forEach(c -> c.problems().stream().map(Problem::describe).forEach(problems::add));
        assertThat(problems).singleElement().asString().contains(
                "段階の基準「120|100」の数が合いません。判定の表し方「S|A|B|C」には 3 つ必要です。");
    }

    @Test
    void aFourLevelPlanRoundTripsThroughThePlanWorkbook() throws IOException {
        Path config = configWithFourLevels("grade_labels,grade_thresholds", "S|A|B|C,120|100|80");
        PlanBook book = new PlanBook(config, Clock.systemUTC());
        Path out = dir.resolve("s-plan.xlsx");
        assertThat(book.export(PLAN, out, false).problems()).isEmpty();
        Path original = Files.createDirectories(dir.resolve("original"));
        for (String f : List.of("plan.csv", "structure.csv", "indicators.csv", "targets.csv")) {
            Files.copy(config.resolve("plans").resolve(PLAN).resolve(f), original.resolve(f));
        }
        PlanBook.Import result = book.importWorkbook(Files.readAllBytes(out), true);
        assertThat(result.problems()).isEmpty();
        for (String f : List.of("plan.csv", "structure.csv", "indicators.csv", "targets.csv")) {
            assertThat(Files.mismatch(original.resolve(f), result.folder().resolve(f))).as(f).isEqualTo(-1L);
        }
    }

    private static List<String> cells(Row row) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < row.getLastCellNum(); i++) {
            Cell cell = row.getCell(i);
            values.add(cell == null ? "" : switch (cell.getCellType()) {
                case NUMERIC -> BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString();
                case STRING -> cell.getStringCellValue();
                default -> "";
            });
        }
        return values;
    }

    private static String allText(XSSFWorkbook wb) {
        StringBuilder text = new StringBuilder();
        wb.forEach(sheet -> sheet.forEach(row -> row.forEach(cell -> {
            if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING) {
                text.append(cell.getStringCellValue()).append('\n');
            }
        })));
        return text.toString();
    }
}
