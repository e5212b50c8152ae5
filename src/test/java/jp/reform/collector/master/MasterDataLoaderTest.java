package jp.reform.collector.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.reform.collector.support.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled plans load; broken master data stops with the file, the line and the problem. */
class MasterDataLoaderTest {

    @TempDir
    Path config;

    @BeforeEach
    void copyBundledConfig() throws IOException {
        TestFiles.copyTree(Path.of("config"), config);
    }

    private MasterData load() {
        return new MasterDataLoader().load(config);
    }

    private void replaceIn(String file, String from, String to) throws IOException {
        Path path = config.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    @Test
    void bundledPlansLoadCompletely() {
        MasterData master = load();
        PlanMaster atsugi = master.plan("atsugi-7-2").orElseThrow();
        assertThat(atsugi.indicators()).hasSize(41);
        assertThat(atsugi.targets()).hasSize(123);
        assertThat(atsugi.nodes()).hasSize(34);
        assertThat(atsugi.actions()).hasSize(60);
        assertThat(atsugi.target("III-2-イ-2", 2025).value()).isEqualByComparingTo("0");
        assertThat(atsugi.target("I-3-ウ-2", 2026).isSet()).isFalse();
        assertThat(atsugi.target("I-1-イ-2", 2025).kind()).isEqualTo("milestone");
        assertThat(atsugi.indicator("I-3-ア-1").orElseThrow().lowerIsBetter()).isTrue();
        assertThat(atsugi.goalOf(atsugi.indicator("III-3-イ-1").orElseThrow()).code()).isEqualTo("III");
        PlanMaster minamiAlps = master.plan("minamialps-5").orElseThrow();
        assertThat(minamiAlps.indicators()).hasSize(31);
        assertThat(minamiAlps.plan().gradedBySelfAssessment()).isTrue();
        assertThat(master.department("情報政策課").orElseThrow().name()).isEqualTo("DX推進課");
        assertThat(master.department("教育施設課").orElseThrow().name()).isEqualTo("学校施設課");
    }

    @Test
    void unknownResponsibleDepartmentNamesFileAndLine() throws IOException {
        replaceIn("plans/atsugi-7-2/indicators.csv", ",危機管理課,", ",防災課,");
        assertThatThrownBy(this::load).isInstanceOf(MasterDataException.class)
                .hasMessageContaining("indicators.csv:14")
                .hasMessageContaining("防災課 is not in config/departments.csv");
    }

    @Test
    void targetForAnUnknownIndicatorOrYearOutsideThePlanIsRefused() throws IOException {
        replaceIn("plans/atsugi-7-2/targets.csv", "I-1-ア-2,2024,", "I-1-ア-9,2024,");
        assertThatThrownBy(this::load).hasMessageContaining("targets.csv:5")
                .hasMessageContaining("indicator_code I-1-ア-9 is not in indicators.csv");
    }

    @Test
    void yearOutsideThePlanIsRefused() throws IOException {
        replaceIn("plans/atsugi-7-2/targets.csv", "I-1-ア-1,2026,", "I-1-ア-1,2027,");
        assertThatThrownBy(this::load).hasMessageContaining("targets.csv:4")
                .hasMessageContaining("fiscal_year 2027 is outside the plan (2024–2026)");
    }

    @Test
    void badDirectionAndMissingColumnsAreNamed() throws IOException {
        replaceIn("plans/atsugi-7-2/indicators.csv", "lower_is_better", "lower");
        assertThatThrownBy(this::load).hasMessageContaining("indicators.csv:15")
                .hasMessageContaining("direction must be one of");
    }

    @Test
    void missingColumnIsNamed() throws IOException {
        replaceIn("departments.csv", "department_name,former_names,emails", "department_name,formers,emails");
        assertThatThrownBy(this::load).hasMessageContaining("departments.csv:1")
                .hasMessageContaining("missing column former_names");
    }

    @Test
    void nameUsedTwiceAndBadAddressesAreRefused() throws IOException {
        replaceIn("departments.csv", "保育課,,", "保育課,職員課,");
        assertThatThrownBy(this::load).hasMessageContaining("department name 職員課 is already used on line 2");
    }

    @Test
    void aNameWrittenAgainInAnotherWidthIsTheSameName() throws IOException {
        // look-ups compare names without width: two lines would otherwise make one 課 silently
        replaceIn("departments.csv", "保育課,,", "保育課,ＤＸ推進課,");
        assertThatThrownBy(this::load).hasMessageContaining("departments.csv:8")
                .hasMessageContaining("department name ＤＸ推進課 is already used on line 5 (as DX推進課)");
    }

    @Test
    void departmentsFileSavedByExcelInWindows31jIsRead() throws IOException {
        Path file = config.resolve("departments.csv");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.write(file, text.getBytes(Charset.forName("windows-31j")));
        assertThat(load().department("DX推進課")).isPresent();
    }

    @Test
    void bundledPlansNameTwoFormerDepartmentsInTheirActionsOneWarningEach() {
        MasterData master = load();
        PlanMaster atsugi = master.plan("atsugi-7-2").orElseThrow();
        assertThat(atsugi.actions()).filteredOn(a -> a.initiativeCode().equals("I-3-イ") && a.number() == 1)
                .singleElement().satisfies(a -> assertThat(a.departments()).containsExactly("DX推進課"));
        assertThat(master.warnings()).containsExactly(
                "Plan atsugi-7-2: department 情報政策課 is a former name, read as DX推進課 (actions.csv:24, 26, 29)",
                "Plan atsugi-7-2: department 教育施設課 is a former name, read as 学校施設課 (actions.csv:45)");
    }

    // --- baseline years and relative targets (DOMAIN.md, "Baseline years", "Relative targets") ---

    @Test
    void baselineYearsAreRecognisedFromTheTextAndSetNoTarget() throws IOException {
        replaceIn("plans/atsugi-7-2/targets.csv", "I-1-ア-2,2024,5 グループ,5", "I-1-ア-2,2024,現状値の把握（R6）,");
        PlanMaster atsugi = load().plan("atsugi-7-2").orElseThrow();
        Target target = atsugi.target("I-1-ア-2", 2024);
        assertThat(target.kind()).isEqualTo("baseline");
        assertThat(target.isBaseline()).isTrue();
        assertThat(target.isSet()).isFalse();
        assertThat(target.text()).isEqualTo("現状値の把握（R6）");
    }

    @Test
    void aBaselineYearWithANumberIsRefused() throws IOException {
        replaceIn("plans/atsugi-7-2/targets.csv", "I-1-ア-2,2024,5 グループ,5", "I-1-ア-2,2024,現状値の把握,4");
        assertThatThrownBy(this::load).hasMessageContaining("targets.csv:5")
                .hasMessageContaining("target_value 4 is given for a baseline target");
    }

    @Test
    void decreaseTargetOnALowerIsBetterIndicatorLoads() throws IOException {
        replaceIn("plans/atsugi-7-2/targets.csv", "I-3-ア-1,2025,175 時間,175", "I-3-ア-1,2025,5%減(前年度比),");
        Target target = load().plan("atsugi-7-2").orElseThrow().target("I-3-ア-1", 2025);
        assertThat(target.kind()).isEqualTo("relative_decrease");
        assertThat(target.relativeChange().orElseThrow().factor()).isEqualByComparingTo("0.95");
    }

    @Test
    void decreaseTargetOnAHigherIsBetterIndicatorStopsTheStart() throws IOException {
        replaceIn("plans/atsugi-7-2/targets.csv", "I-1-ア-2,2025,5 グループ,5", "I-1-ア-2,2025,5%減(前年度比),");
        assertThatThrownBy(this::load).isInstanceOf(MasterDataException.class)
                .hasMessageContaining("targets.csv:6")
                .hasMessageContaining("target 「5%減(前年度比)」 of I-1-ア-2 asks for a decrease of last year's actual, "
                        + "but the indicator is higher_is_better in indicators.csv");
    }

    @Test
    void increaseTargetOnALowerIsBetterIndicatorStopsTheStart() throws IOException {
        replaceIn("plans/atsugi-7-2/targets.csv", "I-3-イ-3,2025,9.2fm,9.2", "I-3-イ-3,2025,前年度比5%増,");
        assertThatThrownBy(this::load).hasMessageContaining("targets.csv:57")
                .hasMessageContaining("asks for an increase of last year's actual, but the indicator is lower_is_better");
    }

    @Test
    void targetKindThatContradictsItsTextOrHasNoRateIsRefused() throws IOException {
        Path targets = config.resolve("plans/minamialps-5/targets.csv");
        String text = Files.readString(targets);
        assertThat(text).contains(",実施事業3%増加,,relative_increase");
        Files.writeString(targets, text.replaceFirst(",実施事業3%増加,,relative_increase", ",実施事業3%減少,,relative_increase"));
        assertThatThrownBy(this::load).hasMessageContaining("targets.csv:57")
                .hasMessageContaining("target_kind relative_increase contradicts target_text 「実施事業3%減少」");
        Files.writeString(targets, text.replaceFirst(",実施事業3%増加,,relative_increase", ",実施事業を増加,,relative_increase"));
        assertThatThrownBy(this::load).hasMessageContaining("needs a rate in target_text");
    }

    // --- department names in plans written before a reorganisation ---

    @Test
    void formerNameInResponsibleDepartmentsResolvesWithOneWarning() throws IOException {
        // I-3-イ-1 and I-3-ウ-1 as the plan (000) wrote them, and once more with the current name beside it
        replaceIn("plans/atsugi-7-2/indicators.csv", ",－,,DX推進課,", ",－,,情報政策課,");
        replaceIn("plans/atsugi-7-2/indicators.csv", ",67,67,DX推進課,", ",67,67,情報政策課|DX推進課,");
        MasterData master = load();
        PlanMaster atsugi = master.plan("atsugi-7-2").orElseThrow();
        assertThat(atsugi.indicator("I-3-イ-1").orElseThrow().departments()).containsExactly("DX推進課");
        assertThat(atsugi.indicator("I-3-ウ-1").orElseThrow().departments()).containsExactly("DX推進課");
        assertThat(master.warnings()).filteredOn(w -> w.contains("情報政策課")).containsExactly(
                "Plan atsugi-7-2: department 情報政策課 is a former name, read as DX推進課 "
                        + "(actions.csv:24, 26, 29; indicators.csv:18, 21)");
    }

    @Test
    void genericEntriesAreNoDepartmentWithAWarning() throws IOException {
        replaceIn("plans/atsugi-7-2/indicators.csv", ",67,67,DX推進課,", ",67,67,DX推進課|関係各課,");
        replaceIn("plans/atsugi-7-2/indicators.csv", ",－,,DX推進課,", ",－,,各課,");
        MasterData master = load();
        PlanMaster atsugi = master.plan("atsugi-7-2").orElseThrow();
        assertThat(atsugi.indicator("I-3-ウ-1").orElseThrow().departments()).containsExactly("DX推進課");
        // only the generic entry: nobody reports it, so nobody is chased for it
        assertThat(atsugi.indicator("I-3-イ-1").orElseThrow().departments()).isEmpty();
        assertThat(master.warnings()).contains(
                "Plan atsugi-7-2: 関係各課 names no department; read as no responsible department, never chased "
                        + "(indicators.csv:21)",
                "Plan atsugi-7-2: 各課 names no department; read as no responsible department, never chased "
                        + "(indicators.csv:18)");
    }

    @Test
    void aCollectiveNameListedInDepartmentsCsvIsADepartment() {
        // 各債権担当課 looks collective but the city lists it: it is the department that reports II-2-ウ-1
        assertThat(load().plan("atsugi-7-2").orElseThrow().indicator("II-2-ウ-1").orElseThrow().departments())
                .containsExactly("各債権担当課");
        assertThat(DepartmentNames.isGeneric("各債権担当課")).isFalse();
        assertThat(DepartmentNames.isGeneric("関係各課")).isTrue();
        assertThat(DepartmentNames.isGeneric("関係課")).isTrue();
        assertThat(DepartmentNames.isGeneric("庁内各課")).isTrue();
        assertThat(DepartmentNames.isGeneric("関係部署")).isTrue();
        assertThat(DepartmentNames.isGeneric("職員課")).isFalse();
    }

    @Test
    void unknownNameInActionsStopsTheStart() throws IOException {
        replaceIn("plans/atsugi-7-2/actions.csv", ",教育施設課,", ",教育総務課,");
        assertThatThrownBy(this::load).hasMessageContaining("actions.csv:45")
                .hasMessageContaining("department 教育総務課 is not in config/departments.csv (neither a current nor "
                        + "a former name");
    }

    @Test
    void planCodeMustMatchItsFolder() throws IOException {
        replaceIn("plans/minamialps-5/plan.csv", "minamialps-5,南アルプス市", "minamialps-4,南アルプス市");
        assertThatThrownBy(this::load).hasMessageContaining("plan.csv:2")
                .hasMessageContaining("differs from its folder name minamialps-5");
    }

    private void gradeLabels(String extraHeader, String extraValues) throws IOException {
        replaceIn("plans/atsugi-7-2/plan.csv", "admin_email\n", "admin_email," + extraHeader + "\n");
        replaceIn("plans/atsugi-7-2/plan.csv", "gyoseikeiei@atsugi.example.jp", "gyoseikeiei@atsugi.example.jp,"
                + extraValues);
    }

    @Test
    void aPlanOfTwoMarksHasNoMiddleLevelAndGradesItsOwnWords() throws IOException {
        gradeLabels("grade_labels", "○|×");
        Plan plan = load().plan("atsugi-7-2").orElseThrow().plan();
        assertThat(plan.gradeLabels()).containsExactly("○", "×");
        assertThat(plan.hasMiddleLevel()).isFalse();
        assertThat(plan.mostlyThreshold()).isEqualByComparingTo(plan.achievedThreshold());
        assertThat(plan.gradeLabel("達成")).isEqualTo("○");
        assertThat(plan.gradeLabel("未達成")).isEqualTo("×");
        assertThat(plan.gradeLabel("未提出")).isEqualTo("未提出");
    }

    @Test
    void twoMarksWrittenWithNakaguroAndTheSameThresholdTwiceAreReadAsTheDivisionMeantThem() throws IOException {
        gradeLabels("grade_labels,achieved_threshold,mostly_threshold", "○・×,100,100");
        Plan plan = load().plan("atsugi-7-2").orElseThrow().plan();
        assertThat(plan.gradeLabels()).containsExactly("○", "×");
        assertThat(plan.mostlyThreshold()).isEqualByComparingTo("100");
    }

    @Test
    void fourGradeWordsGradedByRateWithoutThresholdsAreRefusedWithFileAndLine() throws IOException {
        gradeLabels("grade_labels", "A|B|C|D");
        assertThatThrownBy(this::load).hasMessageContaining("plan.csv:2")
                .hasMessageContaining("grade_thresholds is needed for the 4 levels A|B|C|D");
    }

    @Test
    void fiveGradeWordsAreRefusedWithFileAndLine() throws IOException {
        gradeLabels("grade_labels", "S|A|B|C|D");
        assertThatThrownBy(this::load).hasMessageContaining("plan.csv:2")
                .hasMessageContaining("grade_labels must be 2 to 4 different words");
    }

    @Test
    void aGradeWordTwiceIsRefused() throws IOException {
        gradeLabels("grade_labels", "○|○");
        assertThatThrownBy(this::load).hasMessageContaining("grade_labels must be 2 to 4 different words");
    }

    @Test
    void fourLevelsWithThresholdsMapOntoTheCommitteesThreeGrades() throws IOException {
        gradeLabels("grade_labels,grade_thresholds", "S|A|B|C,120|100|80");
        Plan plan = load().plan("atsugi-7-2").orElseThrow().plan();
        assertThat(plan.gradeLabels()).containsExactly("S", "A", "B", "C");
        assertThat(plan.gradeThresholds()).extracting(BigDecimal::toPlainString).containsExactly("120", "100", "80");
        assertThat(plan.levelGrades()).containsExactly("達成", "達成", "概ね達成", "未達成");
        assertThat(plan.levelOfRate(new BigDecimal("125"))).isEqualTo(1);
        assertThat(plan.levelOfRate(new BigDecimal("119.99"))).isEqualTo(2);
        assertThat(plan.levelOfRate(new BigDecimal("80"))).isEqualTo(3);
        assertThat(plan.levelOfRate(new BigDecimal("79.9"))).isEqualTo(4);
        assertThat(plan.gradeLabel("達成", 2)).isEqualTo("A");
        assertThat(plan.gradeLabel("達成", null)).isEqualTo("S");
        assertThat(plan.gradeLabel("未提出", null)).isEqualTo("未提出");
    }

    @Test
    void aSelfAssessedPlanOfFourLettersNeedsNoThresholdsAndCountsCAndDAsNotAchieved() throws IOException {
        // the bundled Minami-Alps plan: grading self_assessment, grade_labels A|B|C|D, no grade_thresholds
        Plan plan = load().plan("minamialps-5").orElseThrow().plan();
        assertThat(plan.levelGrades()).containsExactly("達成", "概ね達成", "未達成", "未達成");
        assertThat(plan.levelOfWritten("D 未達成、取組困難")).isEqualTo(4);
        assertThat(plan.levelOfWritten("ｄ")).isEqualTo(4);
        assertThat(plan.levelOfWritten("DX")).isZero();
    }

    @Test
    void badThresholdsOfFourLevelsAreRefusedWithFileAndLine() throws IOException {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("S|A|B|C,120|100", "grade_thresholds must name 3 rates");
        cases.put("S|A|B|C,80|100|120", "grade_thresholds must go down");
        cases.put("S|A|B|C,1200|100|80", "grade_thresholds 1200 is not a rate above 0 and up to 1000");
        cases.put("S|A|B|C,120|百|80", "grade_thresholds is not a list of numbers");
        cases.put("S|A|B|C,130|110|80", "achieved_threshold 100 is not one of grade_thresholds 130|110|80");
        cases.put("S|A|B|C,120|100|60", "mostly_threshold 80 is not one of grade_thresholds 120|100|60");
        cases.put("○|△|×,120|100|80", "grade_thresholds is for a plan of 4 levels");
        Path original = config.resolve("plans/atsugi-7-2/plan.csv");
        String before = Files.readString(original);
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(original, before);
            gradeLabels("grade_labels,grade_thresholds", c.getKey());
            assertThatThrownBy(this::load).as(c.getKey()).hasMessageContaining("plan.csv:2")
                    .hasMessageContaining(c.getValue());
        }
    }

    @Test
    void aMiddleThresholdWithoutAMiddleLevelIsRefused() throws IOException {
        gradeLabels("grade_labels,mostly_threshold", "○|×,80");
        assertThatThrownBy(this::load).hasMessageContaining("has no middle level");
    }
}
