package jp.reform.collector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.reform.collector.committee.CommitteeReport;
import jp.reform.collector.committee.CommitteeReportBuilder;
import jp.reform.collector.domain.SubmissionStatus;
import jp.reform.collector.intake.IncomingFile;
import jp.reform.collector.intake.IngestOutcome;
import jp.reform.collector.intake.SubmissionIngestor;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataException;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.notify.MimeComposer;
import jp.reform.collector.notify.Outbox;
import jp.reform.collector.notify.ReceiptMailer;
import jp.reform.collector.notify.ReceiptNotice;
import jp.reform.collector.store.ChaseQueries.Outstanding;
import jp.reform.collector.store.ChaseQueries;
import jp.reform.collector.store.Database;
import jp.reform.collector.store.MasterDataSync;
import jp.reform.collector.support.Cli.Run;
import jp.reform.collector.support.Cli;
import jp.reform.collector.support.DepartmentFiles;
import jp.reform.collector.support.TestDatabase;
import jp.reform.collector.support.TestFiles;
import jp.reform.collector.support.TestMail;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The older Atsugi plan (行政経営プラン実施計画, FY2018–2020, ../shared/data/atsugi-plan-2018, copied verbatim to
 * src/test/resources/older-plan) as a city would load it: written under former department names and with
 * 関係各課, baseline years (現状値の把握), 5%減(前年度比) targets and the city's own FY2018 marks to compare with.
 *
 * <p>The transcription is one wide indicators.csv (target_2018 … mark_2018); {@link #configFor} turns it
 * into the loader's layout (plan, structure, indicators, targets), changing nothing but the shape, except
 * where a test says so.
 */
class OlderPlanTest {

    private static final String PLAN = "atsugi-plan-2018";
    private static final Path SOURCE = Path.of("src/test/resources/older-plan/atsugi-plan-2018/indicators.csv");
    private static final Map<String, String> GOALS = Map.of("1", "強い組織をつくる", "2", "強い財政をつくる",
            "3", "市民とともに公共サービスを向上させる");
    /** 分類 1-(1)-ア-1 → area 1-(1), initiative 1-(1)-ア. */
    private static final Pattern CODE = Pattern.compile("((\\d)-\\(\\d\\))-[ア-ン]");
    private static final Pattern NUMBER = Pattern.compile("([0-9,]+(?:\\.[0-9]+)?)(.*)");
    /** The plan's 担当課 the bundled departments.csv does not know; current names as far as we know. */
    private static final String MORE_DEPARTMENTS = """
            収納課,,,,厚木市 行政経営プラン (2018): 2-(2)-ア
            財産管理課,,,,厚木市 行政経営プラン (2018): 2-(2)-エ、2-(3)-イ
            環境政策課,,,,厚木市 行政経営プラン (2018): 2-(2)-エ
            """;

    @TempDir
    Path dir;

    /** How a test wants the transcription read. */
    private enum Reading {
        /** exactly as transcribed */
        AS_TRANSCRIBED,
        /** as transcribed, but 2-(1)-ア-1 reports overtime hours (see {@link #configFor}) */
        OVERTIME_HOURS
    }

    /**
     * A config folder: the bundled one (its plans and departments) plus the older plan, with the three
     * departments added that the bundled departments.csv lacks. 情報政策課 resolves through DX推進課's
     * former_names, which the bundled departments.csv already lists.
     *
     * <p>{@link Reading#OVERTIME_HOURS}: 2-(1)-ア-1 is transcribed as 時間外勤務時間の削減率 in %, higher is
     * better, with targets 「5%減(前年度比)」. Read literally, a reduction rate that must fall 5% a year makes
     * no sense, so the loader refuses it. Its ※ remark (時間外勤務時間は職員一人当たり年間平均) and the
     * 現状値の把握 year say what is measured: overtime hours per employee, to fall 5% a year. This reading
     * gives the indicator unit 時間 and lower_is_better, as the city would correct its master data.
     */
    private Path configFor(Reading reading, boolean withMoreDepartments) throws IOException {
        Path config = TestFiles.copyTree(Path.of("config"), dir.resolve("config-" + reading + withMoreDepartments));
        if (withMoreDepartments) {
            Files.writeString(config.resolve("departments.csv"), MORE_DEPARTMENTS, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        Path folder = Files.createDirectories(config.resolve("plans").resolve(PLAN));
        Files.writeString(folder.resolve("plan.csv"), """
                plan_code,municipality,plan_name,fy_from,fy_to,admin_department,admin_email,grade_labels
                atsugi-plan-2018,厚木市,行政経営プラン実施計画,2018,2020,行政経営課,,○|×
                """);
        // ○ from 100 %, × below, no middle level (DOMAIN.md: "Atsugi 2018: ○ at 100 %")
        Map<String, String[]> structure = new LinkedHashMap<>();
        List<List<String>> indicators = new ArrayList<>();
        List<List<String>> targets = new ArrayList<>();
        for (CSVRecord r : source()) {
            String code = r.get("indicator_code");
            Matcher m = CODE.matcher(code);
            assertThat(m.lookingAt()).as(code).isTrue();
            String goal = m.group(2);
            String area = m.group(1);
            String initiative = m.group();
            structure.putIfAbsent(goal, new String[] {goal, "goal", "", GOALS.get(goal)});
            // the source names no area titles: the area's number stands for its title
            structure.putIfAbsent(area, new String[] {area, "area", goal, area.substring(2)});
            structure.putIfAbsent(initiative, new String[] {initiative, "initiative", area, r.get("initiative_title")});
            String unit = r.get("unit");
            String direction = r.get("direction");
            if (reading == Reading.OVERTIME_HOURS && code.equals("2-(1)-ア-1")) {
                unit = "時間";
                direction = "lower_is_better";
            }
            indicators.add(List.of(code, initiative, r.get("name"), unit, unit.isEmpty() ? "qualitative" : "numeric",
                    direction, Boolean.toString(r.get("name").contains("累計")), r.get("departments")));
            for (int year = 2018; year <= 2020; year++) {
                String text = r.get("target_" + year);
                targets.add(List.of(code, Integer.toString(year), text, value(text, unit)));
            }
        }
        write(folder.resolve("structure.csv"), List.of("node_code", "level", "parent_code", "title"),
                structure.values().stream().map(List::of).toList());
        write(folder.resolve("indicators.csv"), List.of("indicator_code", "initiative_code", "name", "unit",
                "value_kind", "direction", "cumulative", "responsible_departments"), indicators);
        write(folder.resolve("targets.csv"), List.of("indicator_code", "fiscal_year", "target_text", "target_value"),
                targets);
        return config;
    }

    /** 「85.0%」 → 85.0, 「200,000千円」 → 200000: a number in the indicator's own unit; anything else no value. */
    private static String value(String text, String unit) {
        Matcher m = NUMBER.matcher(text);
        return !unit.isEmpty() && m.matches() && m.group(2).equals(unit) ? m.group(1).replace(",", "") : "";
    }

    private static List<CSVRecord> source() throws IOException {
        try (Reader in = Files.newBufferedReader(SOURCE, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    private static void write(Path file, List<String> header, List<List<String>> rows) throws IOException {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
            printer.printRecord(header);
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        }
        Files.writeString(file, out);
    }

    @Test
    void asTranscribedTheReductionRateThatMustFall5PercentStopsTheStart() throws IOException {
        Path config = configFor(Reading.AS_TRANSCRIBED, true);

        // targets.csv line 27: 2-(1)-ア-1, 2019 (line 1 header, three years per indicator, ninth indicator)
        assertThatThrownBy(() -> new MasterDataLoader().load(config)).isInstanceOf(MasterDataException.class)
                .hasMessageContaining("targets.csv:27")
                .hasMessageContaining("target 「5%減(前年度比)」 of 2-(1)-ア-1 asks for a decrease of last year's actual, "
                        + "but the indicator is higher_is_better in indicators.csv");
        Run run = Cli.run("status", "--config", config.toString(), "--plan", PLAN, "--fy", "2018",
                "--db-url", TestDatabase.freshUrl());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("targets.csv:27", "2-(1)-ア-1 asks for a decrease");
    }

    @Test
    void aDepartmentThatIsNeitherCurrentNorFormerStopsTheStart() throws IOException {
        Path config = configFor(Reading.OVERTIME_HOURS, false);
        // 2-(2)-ア-1 (indicators.csv line 14) names 収納課, which the bundled departments.csv does not list
        assertThatThrownBy(() -> new MasterDataLoader().load(config))
                .hasMessageContaining("indicators.csv:14")
                .hasMessageContaining("responsible department 収納課 is not in config/departments.csv");
    }

    @Test
    void itLoadsWithItsFormerNamesGenericEntriesBaselineYearsAndDecreaseTargets() throws IOException {
        MasterData master = new MasterDataLoader().load(configFor(Reading.OVERTIME_HOURS, true));
        PlanMaster plan = master.plan(PLAN).orElseThrow();

        assertThat(plan.indicators()).hasSize(30);
        assertThat(plan.targets()).hasSize(90);
        assertThat(plan.indicator("3-(2)-ア-1").orElseThrow().departments()).containsExactly("DX推進課");
        assertThat(plan.indicator("2-(1)-イ-1").orElseThrow().departments())
                .containsExactly("企画政策課", "行政経営課", "財政課");
        assertThat(master.warnings()).contains(
                "Plan atsugi-plan-2018: department 情報政策課 is a former name, read as DX推進課 (indicators.csv:27)",
                "Plan atsugi-plan-2018: 関係各課 names no department; read as no responsible department, never chased "
                        + "(indicators.csv:10, 11, 12, 14, 17, 18, 19, 24, 27, 28, 29, 31)");
        assertThat(master.warnings()).filteredOn(w -> w.startsWith("Plan atsugi-plan-2018")).hasSize(2);

        assertThat(plan.target("1-(1)-イ-1", 2018).kind()).isEqualTo("baseline");
        assertThat(plan.target("2-(1)-ア-1", 2018).kind()).isEqualTo("baseline");
        assertThat(plan.target("2-(1)-ア-1", 2019).kind()).isEqualTo("relative_decrease");
        assertThat(plan.target("2-(1)-ア-1", 2020).relativeChange().orElseThrow().factor()).isEqualByComparingTo("0.95");
        assertThat(plan.target("1-(1)-イ-1", 2019).value()).isEqualByComparingTo("65.5");
        assertThat(plan.target("2-(3)-ア-1", 2018).kind()).isEqualTo("none");
        assertThat(plan.target("2-(2)-イ-1", 2018).kind()).isEqualTo("milestone");
        assertThat(plan.targets().stream().filter(t -> t.fiscalYear() == 2018 && t.isSet())).hasSize(26);
    }

    /**
     * The FY2018 results of the source, submitted by the departments through the ingest path, graded as the
     * city marked them: baseline years 未設定 and outside 設定項目; ○ = 達成, × = 未達成.
     */
    @Test
    void fy2018IsGradedAsTheCityReportedItAndTheBaselineIsTheBaseOfFy2019() throws Exception {
        Path config = configFor(Reading.OVERTIME_HOURS, true);
        MasterData master = new MasterDataLoader().load(config);
        PlanMaster plan = master.plan(PLAN).orElseThrow();
        String url = TestDatabase.freshUrl();
        try (Database db = TestDatabase.at(url)) {
            new MasterDataSync().sync(db, master);
            SubmissionIngestor ingestor = new SubmissionIngestor(db, master, ZoneId.of("Asia/Tokyo"), new ReceiptMailer(
                    new Outbox(new MimeComposer(TestMail.offline(dir.resolve("outbox")), Clock.systemUTC())),
                    new ReceiptNotice(TestMail.offline(dir.resolve("outbox")))), List.of());

            // what the source reports for FY2018: numbers as written; milestones as text with the city's mark
            Map<String, List<List<Object>>> byFolder = new LinkedHashMap<>();
            Map<String, String> marks = new LinkedHashMap<>();
            for (CSVRecord r : source()) {
                String actual = r.get("actual_2018");
                if (actual.isEmpty() || actual.equals("-")) {
                    continue; // not reported in the source (see the README's doubts), or no target that year
                }
                boolean milestone = r.get("unit").isEmpty();
                String department = plan.indicator(r.get("indicator_code")).orElseThrow().departments().get(0);
                // DX推進課 still files under its former name, as the plan does
                String folder = department.equals("DX推進課") ? "情報政策課" : department;
                byFolder.computeIfAbsent(folder, f -> new ArrayList<>()).add(List.of(r.get("indicator_code"), "H30",
                        milestone ? "" : actual, milestone ? actual : "実施しました", "", "",
                        milestone ? r.get("mark_2018") : ""));
                marks.put(r.get("indicator_code"), r.get("mark_2018"));
            }
            for (Map.Entry<String, List<List<Object>>> e : byFolder.entrySet()) {
                assertThat(ingest(ingestor, e.getKey(), "2018", e.getValue()).status()).as(e.getKey())
                        .isEqualTo(SubmissionStatus.ACCEPTED);
            }

            Run csv = Cli.run("status", "--config", config.toString(), "--plan", PLAN, "--fy", "H30", "--format", "csv",
                    "--db-url", url);
            assertThat(csv.exitCode()).as(csv.err()).isZero();
            Map<String, String[]> status = new LinkedHashMap<>();
            csv.out().lines().skip(1).forEach(l -> status.put(l.split(",")[0], l.split(",", -1)));
            marks.forEach((code, mark) -> assertThat(status.get(code)[5]).as(code)
                    .isEqualTo(switch (mark) {
                        case "○" -> "達成";
                        case "×" -> "未達成";
                        default -> ""; // 未設定: the baseline year 1-(1)-イ-1
                    }));
            // the plan's own marks beside the canonical words (grade_labels ○|×)
            marks.forEach((code, mark) -> assertThat(status.get(code)[7]).as(code)
                    .isEqualTo("○".equals(mark) || "×".equals(mark) ? mark : ""));
            // the canonical CSV: a baseline year has neither target nor grade; its value is kept
            assertThat(csv.out()).contains("\n1-(1)-イ-1,職員課|行政総務課,,63.5,,,,,\n")
                    .contains("\n2-(1)-ア-1,行政経営課,,,,,missing,,\n");

            Run table = Cli.run("status", "--config", config.toString(), "--plan", PLAN, "--fy", "2018",
                    "--db-url", url);
            assertThat(table.out().lines().filter(l -> l.startsWith("1-(1)-イ-1 ")).findFirst().orElseThrow())
                    .contains("現状値の把握", "63.5%", "未設定").doesNotContain("未提出");
            assertThat(table.out().lines().filter(l -> l.startsWith("2-(1)-ア-1 ")).findFirst().orElseThrow())
                    .contains("現状値の把握", "未設定");

            // 設定項目 26 of 30: two baseline years and two 「-」 are not counted. Of the 26, five have no FY2018
            // result in the source (未提出); the other 21 agree with the city's 11 ○ and 10 ×.
            Run summary = Cli.run("summary", "--config", config.toString(), "--plan", PLAN, "--fy", "2018",
                    "--format", "csv", "--db-url", url);
            assertThat(summary.out()).endsWith("total,26,11,0,10,42.3\n");
            // for people: the plan's marks as column heads, and no 概ね達成 column in a plan of two levels
            Run summaryTable = Cli.run("summary", "--config", config.toString(), "--plan", PLAN, "--fy", "2018",
                    "--db-url", url);
            assertThat(summaryTable.out().lines().findFirst().orElseThrow()).contains("○", "×", "達成率")
                    .doesNotContain("概ね");
            assertThat(summaryTable.out().lines().filter(l -> l.startsWith("合計")).findFirst().orElseThrow())
                    .matches("合計\\s+26\\s+11\\s+10\\s+5\\s+42\\.3%");

            // the committee's list reads 未設定 where the city's report does
            CommitteeReport report = new CommitteeReportBuilder(db).build(plan, 2018, LocalDate.of(2019, 7, 31));
            assertThat(report.indicators()).filteredOn(i -> i.indicatorCode().equals("1-(1)-イ-1")).singleElement()
                    .satisfies(i -> {
                        assertThat(i.targetText()).isEqualTo("現状値の把握");
                        assertThat(i.grade()).isEqualTo("未設定");
                    });
            assertThat(report.indicators()).filteredOn(i -> i.indicatorCode().equals("2-(3)-ア-1")).singleElement()
                    .satisfies(i -> assertThat(i.grade()).isNull());

            // the chase: the baseline value of 2-(1)-ア-1 is still owed (it is next year's base); 1-(1)-イ-1, sent
            // without a self-assessment, is complete; the 「-」 years and 関係各課 are never chased
            try (Connection c = db.connect()) {
                List<Outstanding> owed = new ChaseQueries().outstanding(c, PLAN, 2018);
                assertThat(owed).extracting(Outstanding::indicatorCode).contains("2-(1)-ア-1")
                        .doesNotContain("1-(1)-イ-1", "2-(3)-ア-1", "3-(1)-エ-1");
                assertThat(owed).filteredOn(o -> o.indicatorCode().equals("2-(1)-ア-1")).singleElement()
                        .satisfies(o -> {
                            assertThat(o.department()).isEqualTo("行政経営課");
                            assertThat(o.what()).isEqualTo("未提出");
                            assertThat(o.noAssessment()).isFalse();
                        });
                assertThat(owed).extracting(Outstanding::department).doesNotContain("関係各課");
            }

            // Not in the source (it gives no FY2018 actual for 2-(1)-ア-1): overtime of 200 hours measured in FY2018,
            // 188 in FY2019. The FY2019 target is 200 × 0.95 = 190 hours; 188 reaches it (190 / 188 = 101 %).
            assertThat(ingest(ingestor, "行政経営課", "2018-2019", List.of(
                    List.of("2-(1)-ア-1", "H30", "200時間", "現状値を把握しました", "", "", ""),
                    List.of("2-(1)-ア-1", "R1", "188時間", "BPRに基づく見直しを実施しました", "", "", ""))).status())
                    .isEqualTo(SubmissionStatus.ACCEPTED);
            Run fy2019 = Cli.run("status", "--config", config.toString(), "--plan", PLAN, "--fy", "令和元年度",
                    "--format", "csv", "--db-url", url);
            assertThat(fy2019.out()).contains("\n2-(1)-ア-1,行政経営課,5%減(前年度比),188,101,達成,,○,\n");
            assertThat(Cli.run("status", "--config", config.toString(), "--plan", PLAN, "--fy", "2018", "--format", "csv",
                    "--db-url", url).out()).contains("\n2-(1)-ア-1,行政経営課,,200,,,,,\n");
            try (Connection c = db.connect()) {
                assertThat(new ChaseQueries().outstanding(c, PLAN, 2018)).extracting(Outstanding::indicatorCode)
                        .doesNotContain("2-(1)-ア-1");
            }
        }
    }

    @Test
    void aMiddleMarkIsRefusedAtItsCellInAPlanOfTwoLevels() throws Exception {
        Path config = configFor(Reading.OVERTIME_HOURS, true);
        MasterData master = new MasterDataLoader().load(config);
        PlanMaster plan = master.plan(PLAN).orElseThrow();
        try (Database db = TestDatabase.at(TestDatabase.freshUrl())) {
            new MasterDataSync().sync(db, master);
            SubmissionIngestor ingestor = new SubmissionIngestor(db, master, ZoneId.of("Asia/Tokyo"), new ReceiptMailer(
                    new Outbox(new MimeComposer(TestMail.offline(dir.resolve("outbox")), Clock.systemUTC())),
                    new ReceiptNotice(TestMail.offline(dir.resolve("outbox")))), List.of());
            CSVRecord milestone = source().stream().filter(r -> r.get("unit").isEmpty()).findFirst().orElseThrow();
            String code = milestone.get("indicator_code");
            String department = plan.indicator(code).orElseThrow().departments().get(0);
            String folder = department.equals("DX推進課") ? "情報政策課" : department;

            IngestOutcome outcome = ingest(ingestor, folder, "middle",
                    List.of(List.of(code, "H30", "", "一部実施しました", "", "", "△")));

            assertThat(outcome.status()).isEqualTo(SubmissionStatus.REJECTED);
            assertThat(outcome.receiptText()).contains("自己評価「△」は、この計画の判定（○・×）にはありません。",
                    "この計画の判定（○・×）のいずれかを入力してください。");
        }
    }

    private IngestOutcome ingest(SubmissionIngestor ingestor, String folder, String name, List<List<Object>> rows)
            throws Exception {
        Path file = DepartmentFiles.csv(dir.resolve(folder + "_" + name + ".csv"), StandardCharsets.UTF_8, true, ",",
                DepartmentFiles.HEADER, rows);
        return ingestor.ingest(new IncomingFile(file, file.getFileName().toString(), "folder", folder,
                Instant.parse("2019-06-20T01:00:00Z"), null));
    }
}
