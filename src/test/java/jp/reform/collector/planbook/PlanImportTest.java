package jp.reform.collector.planbook;

import static jp.reform.collector.planbook.PlanWorkbooks.edited;
import static jp.reform.collector.planbook.PlanWorkbooks.exported;
import static jp.reform.collector.planbook.PlanWorkbooks.letter;
import static jp.reform.collector.planbook.PlanWorkbooks.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import jp.reform.collector.master.MasterData;
import jp.reform.collector.master.MasterDataLoader;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.support.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan import and plan check on a copy of the bundled configuration. */
class PlanImportTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-01T01:02:03Z"), ZoneId.of("Asia/Tokyo"));

    @TempDir
    Path dir;
    Path config;
    PlanBook book;

    @BeforeEach
    void copyConfig() throws IOException {
        config = TestFiles.copyTree(Path.of("config"), dir.resolve("config"));
        book = new PlanBook(config, CLOCK);
    }

    @Test
    void exportThenImportReproducesBothBundledPlansByteForByte() throws IOException {
        for (String plan : List.of("atsugi-7-2", "minamialps-5")) {
            Path out = dir.resolve(plan + ".xlsx");
            assertThat(book.export(plan, out, false).problems()).isEmpty();
            PlanBook.Import result = book.importWorkbook(Files.readAllBytes(out), true);
            assertThat(result.problems()).isEmpty();
            assertThat(result.folder()).isEqualTo(config.resolve("plans").resolve(plan));
            Path original = Path.of("config/plans", plan);
            assertThat(fileNames(result.folder())).isEqualTo(fileNames(original));
            for (String file : fileNames(original)) {
                assertThat(Files.mismatch(original.resolve(file), result.folder().resolve(file))).as(plan + "/" + file)
                        .isEqualTo(-1L);
            }
        }
        assertThat(fileNames(config)).doesNotContain(".plan-import");
    }

    @Test
    void aWorkbookWithMistakesIsRefusedWithEachProblemAtItsCellAndNothingIsWritten() throws IOException {
        byte[] workbook = edited(exported(Path.of("config/plans/atsugi-7-2")), wb -> {
            // 体系 row 8 is area I-2: its goal typed as one that does not exist
            type(wb, "体系", 8, letter(wb, "体系", "parent_code"), "IV");
            // 目標 row 5 is I-1-ア-1 for 2026: moved to a year after the plan
            type(wb, "目標", 5, letter(wb, "目標", "fiscal_year"), "2027");
            // 指標 row 3 is I-1-ア-1: the direction typed by hand instead of chosen
            type(wb, "指標", 3, letter(wb, "指標", "direction"), "高いほど良い");
            type(wb, "指標", 4, letter(wb, "指標", "direction"), "higher");
        });

        PlanBook.Import result = book.importWorkbook(workbook, true);

        assertThat(result.imported()).isFalse();
        assertThat(result.problems()).extracting(p -> p.place().sheet() + "!" + p.place().column() + p.place().row())
                .containsExactly("体系!C8", "指標!F3", "指標!F4", "目標!B5");
        List<String> texts = result.problems().stream().map(Problem::describe).toList();
        assertThat(texts.get(0)).isEqualTo("シート「体系」 8行目 C列（上位の体系コード）：上位の体系コード「IV」は体系（structure.csv）にありません。"
                + "\n  直し方：体系にある基本方針（goal）のコード（I、II、III）を入力するか、先に基本方針（goal）の行を追加してください。");
        assertThat(texts.get(1)).isEqualTo("シート「指標」 3行目 F列（評価の方向）：「高いほど良い」は評価の方向として使えません。"
                + "\n  直し方：セルの▼から次のいずれかを選んでください：higher_is_better（高いほど良い）、lower_is_better（低いほど良い）");
        assertThat(texts.get(2)).startsWith("シート「指標」 4行目 F列（評価の方向）：「higher」は評価の方向として使えません。");
        assertThat(texts.get(3)).isEqualTo("シート「目標」 5行目 B列（年度）：2027年度は計画の期間（2024～2026年度）の外です。"
                + "\n  直し方：計画の開始年度から終了年度までの年度を入力するか、計画の期間を見直してください。");

        assertThat(Files.mismatch(config.resolve("plans/atsugi-7-2/structure.csv"),
                Path.of("config/plans/atsugi-7-2/structure.csv"))).isEqualTo(-1L);
        assertThat(fileNames(config)).containsExactlyInAnyOrderElementsOf(fileNames(Path.of("config")));
    }

    @Test
    void anImportedPlanIsLoadedByTheNormalLoader() throws IOException {
        byte[] workbook = edited(exported(Path.of("config/plans/atsugi-7-2")), wb -> {
            type(wb, "計画", 3, letter(wb, "計画", "plan_code"), "atsugi-7-2-revised");
            type(wb, "計画", 3, letter(wb, "計画", "grading"), "self_assessment");
            type(wb, "目標", 3, letter(wb, "目標", "target_text"), "95%");
            type(wb, "目標", 3, letter(wb, "目標", "target_value"), "95");
            // a department by its former name (情報政策課 is now DX推進課) in an action
            type(wb, "取組", 3, letter(wb, "取組", "departments"), "職員課|情報政策課");
        });

        PlanBook.Import result = book.importWorkbook(workbook, false);

        assertThat(result.problems()).isEmpty();
        assertThat(result.backup()).isNull();
        MasterData master = new MasterDataLoader().load(config);
        PlanMaster revised = master.plan("atsugi-7-2-revised").orElseThrow();
        assertThat(revised.plan().gradedBySelfAssessment()).isTrue();
        assertThat(revised.target("I-1-ア-1", 2024).text()).isEqualTo("95%");
        assertThat(revised.target("I-1-ア-1", 2024).value()).isEqualByComparingTo("95");
        assertThat(revised.indicators()).hasSize(41);
        assertThat(master.plan("atsugi-7-2")).isPresent();
        String plan = Files.readString(config.resolve("plans/atsugi-7-2-revised/plan.csv"));
        assertThat(plan).isEqualTo("plan_code,municipality,plan_name,fy_from,fy_to,admin_department,admin_email,grading\n"
                + "atsugi-7-2-revised,厚木市,第7次厚木市行政改革大綱 第2期実施計画,2024,2026,行政経営課,"
                + "gyoseikeiei@atsugi.example.jp,self_assessment\n");
    }

    @Test
    void a担当課TypedInExcelInAnotherWidthIsThe課TheLoaderReadsItAs() throws IOException {
        byte[] workbook = edited(exported(Path.of("config/plans/atsugi-7-2")), wb -> {
            // 指標 row 19 is I-3-イ-1 (DX推進課), row 20 I-3-イ-2 (契約検査課): full-width letters as the IME types them,
            // and a space the loader leaves out too
            type(wb, "指標", 19, letter(wb, "指標", "responsible_departments"), "ＤＸ推進課");
            type(wb, "指標", 20, letter(wb, "指標", "responsible_departments"), "契約検査課|情報政策課 ");
        });

        PlanBook.Import result = book.importWorkbook(workbook, true);

        assertThat(result.problems()).extracting(Problem::describe).isEmpty();
        PlanMaster plan = new MasterDataLoader().load(config).plan("atsugi-7-2").orElseThrow();
        assertThat(plan.indicator("I-3-イ-1").orElseThrow().departments()).containsExactly("DX推進課");
        assertThat(plan.indicator("I-3-イ-2").orElseThrow().departments()).containsExactly("契約検査課", "DX推進課");
    }

    @Test
    void a担当課NotYetAddedSendsTheDivisionTo課の設定() throws IOException {
        byte[] workbook = edited(exported(Path.of("config/plans/atsugi-7-2")), wb ->
                type(wb, "指標", 19, letter(wb, "指標", "responsible_departments"), "デジタル推進課"));

        PlanBook.Import result = book.importWorkbook(workbook, true);

        // the division adds a 課 on the console's 課の設定; it does not edit departments.csv
        assertThat(result.problems()).extracting(Problem::describe).containsExactly("シート「指標」 19行目 J列（担当課）："
                + "「デジタル推進課」は config/departments.csv に登録された課名ではありません。\n  直し方：現在の課名（または旧名称）で"
                + "入力してください。新設・改称した課は、先に「課の設定」の画面で登録してください。");
    }

    @Test
    void anExistingPlanIsReplacedOnlyWhenAskedAndTheOldFolderIsKept() throws IOException {
        Path folder = config.resolve("plans/minamialps-5");
        byte[] workbook = edited(exported(folder), wb ->
                type(wb, "目標", 3, letter(wb, "目標", "target_text"), "98.61%"));

        PlanBook.Import refused = book.importWorkbook(workbook, false);
        assertThat(refused.exists()).isTrue();
        assertThat(refused.imported()).isFalse();
        assertThat(Files.readString(folder.resolve("targets.csv"))).doesNotContain("98.61%");

        PlanBook.Import replaced = book.importWorkbook(workbook, true);
        assertThat(replaced.imported()).isTrue();
        assertThat(Files.readString(folder.resolve("targets.csv"))).contains("1-1-1-1,2026,98.61%,98.60,absolute\n");
        assertThat(replaced.backup()).isEqualTo(config.resolve("plans-backup/minamialps-5-20260401-100203"));
        for (String file : fileNames(Path.of("config/plans/minamialps-5"))) {
            assertThat(Files.mismatch(replaced.backup().resolve(file), Path.of("config/plans/minamialps-5", file)))
                    .isEqualTo(-1L);
        }
        // the same workbook again changes nothing: no backup, nothing written
        PlanBook.Import same = book.importWorkbook(workbook, true);
        assertThat(same.unchanged()).isTrue();
        assertThat(same.backup()).isNull();
        // a second replacement in the same second keeps both backups
        byte[] corrected = edited(exported(folder), wb ->
                type(wb, "目標", 3, letter(wb, "目標", "target_text"), "98.62%"));
        assertThat(book.importWorkbook(corrected, true).backup())
                .isEqualTo(config.resolve("plans-backup/minamialps-5-20260401-100203-2"));
        // the backups are outside plans/: the loader still finds exactly the two plans
        assertThat(new MasterDataLoader().load(config).plans()).hasSize(2);
    }

    @Test
    void aProblemOnlyTheLoaderFindsIsShownAtItsCell() {
        // staged as an import stages them: the files rendered from the workbook's tables
        byte[] workbook = edited(exported(Path.of("config/plans/atsugi-7-2")), wb ->
                type(wb, "目標", 5, letter(wb, "目標", "fiscal_year"), "2027"));
        PlanTables tables = new PlanWorkbookReader().read(workbook).tables();
        Path staging = dir.resolve("staging");
        LoaderCheck.stage(staging, config, "atsugi-7-2", tables.csvFiles());

        Problem problem = LoaderCheck.load(staging, "atsugi-7-2", tables, true).orElseThrow();

        assertThat(problem.place()).isEqualTo(Place.cell("目標", 5, "B", "fiscal_year", "年度"));
        assertThat(problem.message()).isEqualTo("起動時と同じマスタデータの検査で問題が見つかりました"
                + "（fiscal_year 2027 is outside the plan (2024–2026)）。");
    }

    @Test
    void checkListsEveryProblemOfAPlanFolderWithFileLineAndColumn() throws IOException {
        Path targets = config.resolve("plans/atsugi-7-2/targets.csv");
        Files.writeString(targets, Files.readString(targets).replace("I-1-ア-1,2026,100%,100", "I-1-ア-1,2027,100%,100")
                .replace("\nI-1-ア-2,2024,", "\nI-1-ア-9,2024,"));
        Path indicators = config.resolve("plans/atsugi-7-2/indicators.csv");
        Files.writeString(indicators, Files.readString(indicators).replace(",危機管理課,", ",防災課,"));

        Map<String, List<String>> checks = new java.util.LinkedHashMap<>();
        book.check(null).forEach(c -> checks.put(c.planCode(), c.problems().stream().map(Problem::describe).toList()));

        assertThat(checks.get("minamialps-5")).isEmpty();
        assertThat(checks.get("atsugi-7-2")).hasSize(3);
        assertThat(checks.get("atsugi-7-2").get(0)).startsWith("indicators.csv 14行目 responsible_departments列："
                + "「防災課」は config/departments.csv に登録された課名ではありません。");
        assertThat(checks.get("atsugi-7-2").get(1)).startsWith("targets.csv 4行目 fiscal_year列：2027年度は計画の期間（2024～2026年度）の外です。");
        assertThat(checks.get("atsugi-7-2").get(2)).startsWith("targets.csv 5行目 indicator_code列：指標コード「I-1-ア-9」は指標（indicators.csv）にありません。");
    }

    @Test
    void aReplacedPlanNamesEveryChangedTargetOfAnEndedYearButNotOfTheCurrentOne() throws IOException {
        // the folder as it is before the import: a target of FY2024 that the workbook will change back
        Path targets = config.resolve("plans/atsugi-7-2/targets.csv");
        Files.writeString(targets, Files.readString(targets).replace("II-1-ア-2,2024,研究,", "II-1-ア-2,2024,調査,"));
        byte[] workbook = edited(exported(Path.of("config/plans/atsugi-7-2")), wb -> {
            String text = letter(wb, "目標", "target_text");
            String value = letter(wb, "目標", "target_value");
            type(wb, "目標", 4, text, "95%"); // I-1-ア-1 FY2025, ended on 31 March 2026
            type(wb, "目標", 4, value, "95");
            type(wb, "目標", 5, text, "90%"); // I-1-ア-1 FY2026, the year of CLOCK: not ended
            type(wb, "目標", 5, value, "90");
            type(wb, "目標", 6, value, "4"); // I-1-ア-2 FY2024: the number only, the text as it was
        });

        PlanBook.Import result = book.importWorkbook(workbook, true);

        assertThat(result.problems()).isEmpty();
        assertThat(result.endedYearTargets()).extracting(EndedYearTargets.Change::describe).containsExactly(
                "I-1-ア-1 FY2025: 100% → 95%",
                "I-1-ア-2 FY2024: 5 グループ (value 5, absolute) → 5 グループ (value 4, absolute)",
                "II-1-ア-2 FY2024: 調査 → 研究");
        assertThat(result.replacedUnreadable()).isFalse();
        assertThat(Files.readString(targets)).contains("I-1-ア-1,2025,95%,95", "I-1-ア-1,2026,90%,90");
    }

    @Test
    void aNewPlanOrAnUnchangedOneHasNoChangedTargets() throws IOException {
        byte[] workbook = exported(Path.of("config/plans/atsugi-7-2"));
        assertThat(book.importWorkbook(workbook, true).endedYearTargets()).isEmpty();

        Files.move(config.resolve("plans/atsugi-7-2"), dir.resolve("gone"));
        PlanBook.Import fresh = book.importWorkbook(workbook, false);
        assertThat(fresh.imported()).isTrue();
        assertThat(fresh.endedYearTargets()).isEmpty();
        assertThat(fresh.replacedUnreadable()).isFalse();
    }

    @Test
    void aReplacedFolderThatDoesNotLoadIsSaidToBeUncompared() throws IOException {
        Path indicators = config.resolve("plans/atsugi-7-2/indicators.csv");
        Files.writeString(indicators, Files.readString(indicators).replace(",危機管理課,", ",防災課,"));

        PlanBook.Import result = book.importWorkbook(exported(Path.of("config/plans/atsugi-7-2")), true);

        assertThat(result.imported()).isTrue();
        assertThat(result.replacedUnreadable()).isTrue();
        assertThat(result.endedYearTargets()).isEmpty();
    }

    @Test
    void checkOfAFolderTheWorkbookChecksPassRunsTheLoader() {
        assertThat(book.check("atsugi-7-2")).singleElement().satisfies(c -> assertThat(c.problems()).isEmpty());
        assertThat(fileNames(config)).doesNotContain(".plan-import");
    }

    private static List<String> fileNames(Path folder) {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
