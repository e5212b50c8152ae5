package jp.reform.collector.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import jp.reform.collector.domain.StoredResult;
import jp.reform.collector.master.Indicator;
import jp.reform.collector.master.Plan;
import jp.reform.collector.master.PlanMaster;
import jp.reform.collector.master.PlanNode;
import jp.reform.collector.master.Target;
import jp.reform.collector.normalise.SelfAssessment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The committee's rules (DOMAIN.md, "Evaluation rules") on a small plan built in the test. */
class AchievementEvaluatorTest {

    private static final int FY = 2025;
    private final AchievementEvaluator evaluator = new AchievementEvaluator();

    private static Indicator indicator(String code, String unit, String kind, boolean lowerIsBetter,
                                       boolean cumulative, BigDecimal baseline) {
        return new Indicator(code, "I-1-ア", "name", null, unit, kind, lowerIsBetter, cumulative, null, baseline,
                null, null, null, null, List.of("職員課"), 1);
    }

    private static PlanMaster plan(String grading, Indicator indicator, Target... targets) {
        return new PlanMaster(new Plan("p", "市", "plan", 2024, 2026, "行政経営課", null, BigDecimal.valueOf(100),
                BigDecimal.valueOf(80), grading),
                List.of(new PlanNode("I", "goal", null, "g", 1), new PlanNode("I-1", "area", "I", "a", 2),
                        new PlanNode("I-1-ア", "initiative", "I-1", "i", 3)),
                List.of(), List.of(indicator), List.of(targets));
    }

    private static StoredResult result(String code, int year, String actual, SelfAssessment assessment) {
        return new StoredResult(year, "p", code, year, 1, actual == null ? null : new BigDecimal(actual), actual,
                false, "取組状況", null, null, assessment, assessment == null ? null : assessment.label(), "職員課", 1,
                "s", 5, "C");
    }

    private Evaluation evaluate(PlanMaster plan, String actual, SelfAssessment assessment) {
        Indicator indicator = plan.indicators().get(0);
        return evaluator.evaluate(plan, indicator, FY, result(indicator.code(), FY, actual, assessment), null);
    }

    private static Target target(String value) {
        return new Target("X", FY, value, new BigDecimal(value), "absolute");
    }

    @ParameterizedTest(name = "actual {0} of target 100 → {1}% {2}")
    @CsvSource({"100,100,達成", "107.5,107.5,達成", "99.99,99.99,概ね達成", "80,80,概ね達成", "79.99,79.99,未達成",
            "0,0,未達成"})
    void higherIsBetterGradesOnTheUnroundedRate(String actual, String rate, String grade) {
        Evaluation e = evaluate(plan("rate", indicator("X", "%", "numeric", false, false, null), target("100")),
                actual, null);
        assertThat(e.rate()).isEqualByComparingTo(rate);
        assertThat(e.grade().label()).isEqualTo(grade);
    }

    @Test
    void aRateThatRoundsTo100IsStillMostlyAchieved() {
        // 99.6% shows as 100% but the grade is taken on the unrounded value
        Evaluation e = evaluate(plan("rate", indicator("X", "件", "numeric", false, false, null), target("250")),
                "249", null);
        assertThat(e.rate()).isEqualByComparingTo("99.6");
        assertThat(e.grade()).isEqualTo(Grade.MOSTLY_ACHIEVED);
    }

    @Test
    void lowerIsBetterUsesTargetOverActual() {
        PlanMaster overtime = plan("rate", indicator("X", "時間", "numeric", true, false, null), target("175"));
        Evaluation better = evaluate(overtime, "170", null);
        assertThat(better.rate()).isEqualByComparingTo(new BigDecimal("175").divide(new BigDecimal("170"),
                java.math.MathContext.DECIMAL64).multiply(BigDecimal.valueOf(100)));
        assertThat(better.grade()).isEqualTo(Grade.ACHIEVED);
        Evaluation worse = evaluate(overtime, "210", null);
        assertThat(worse.rate()).isEqualByComparingTo("83.33333333333333");
        assertThat(worse.grade()).isEqualTo(Grade.MOSTLY_ACHIEVED);
    }

    @Test
    void lowerIsBetterWithActualZeroIsAchievedWithoutRate() {
        Evaluation e = evaluate(plan("rate", indicator("X", "fm", "numeric", true, false, null), target("9.2")),
                "0", null);
        assertThat(e.rate()).isNull();
        assertThat(e.grade()).isEqualTo(Grade.ACHIEVED);
    }

    @Test
    void aDropToZeroIsAchievedButAskedAbout() {
        // overtime of 184 hours at the baseline, 0 reported: 達成 by the rules, but often a year not yet counted
        PlanMaster overtime = plan("rate", indicator("X", "時間", "numeric", true, false, new BigDecimal("184")),
                target("175"));
        Evaluation zero = evaluate(overtime, "0", null);
        assertThat(zero.grade()).isEqualTo(Grade.ACHIEVED);
        assertThat(zero.flags()).filteredOn(f -> f.code().equals("implausible_change")).singleElement()
                .satisfies(f -> assertThat(f.message()).isEqualTo(
                        "現状値（184時間）から0になっています。集計前の仮の値などでないか確認してください。"));
        // 0 where the baseline was 0 too is no change
        PlanMaster none = plan("rate", indicator("X", "件", "numeric", true, false, BigDecimal.ZERO), target("0"));
        assertThat(evaluate(none, "0", null).hasFlag("implausible_change")).isFalse();
    }

    @Test
    void targetZeroHigherIsBetterIsAchievedWheneverActualIsNotNegative() {
        PlanMaster zero = plan("rate", indicator("X", "件", "numeric", false, false, null), target("0"));
        assertThat(evaluate(zero, "0", null)).satisfies(e -> {
            assertThat(e.rate()).isNull();
            assertThat(e.grade()).isEqualTo(Grade.ACHIEVED);
        });
        assertThat(evaluate(zero, "2", null).grade()).isEqualTo(Grade.ACHIEVED);
    }

    @Test
    void milestonesAreGradedByTheSelfAssessmentWhichMustBePresent() {
        PlanMaster milestone = plan("rate", indicator("X", null, "qualitative", false, false, null),
                new Target("X", FY, "見直し・反映", null, "milestone"));
        assertThat(evaluate(milestone, null, SelfAssessment.MOSTLY_ACHIEVED).grade()).isEqualTo(Grade.MOSTLY_ACHIEVED);
        Evaluation missing = evaluate(milestone, null, null);
        assertThat(missing.grade()).isEqualTo(Grade.NOT_SUBMITTED);
        assertThat(missing.hasFlag("assessment_missing")).isTrue();
    }

    @Test
    void noTargetThatYearMeansNoGradeAndNotCounted() {
        PlanMaster none = plan("rate", indicator("X", "件", "numeric", false, true, null),
                new Target("X", FY, "－", null, "none"));
        Evaluation e = evaluate(none, "3", null);
        assertThat(e.targetSet()).isFalse();
        assertThat(e.grade()).isNull();
        assertThat(e.rate()).isNull();
    }

    @Test
    void missingResultWithATargetIsNotSubmitted() {
        PlanMaster p = plan("rate", indicator("X", "件", "numeric", false, false, null), target("5"));
        Evaluation e = evaluator.evaluate(p, p.indicators().get(0), FY, null, null);
        assertThat(e.grade()).isEqualTo(Grade.NOT_SUBMITTED);
        assertThat(e.hasFlag("missing")).isTrue();
    }

    @Test
    void selfAssessmentContradictingTheNumberIsFlaggedNotTrusted() {
        PlanMaster p = plan("rate", indicator("X", "%", "numeric", false, false, null), target("100"));
        Evaluation optimistic = evaluate(p, "70", SelfAssessment.ACHIEVED);
        assertThat(optimistic.grade()).isEqualTo(Grade.NOT_ACHIEVED);
        assertThat(optimistic.hasFlag("assessment_contradiction")).isTrue();
        assertThat(evaluate(p, "100", SelfAssessment.NOT_ACHIEVED).hasFlag("assessment_contradiction")).isTrue();
        assertThat(evaluate(p, "100", SelfAssessment.ACHIEVED).hasFlag("assessment_contradiction")).isFalse();
    }

    @Test
    void minamiAlpsSchemeGradesBySelfAssessmentAndFlagsContradictions() {
        PlanMaster p = plan("self_assessment", indicator("X", "%", "numeric", false, false, null), target("98.6"));
        Evaluation e = evaluate(p, "97.0", SelfAssessment.ACHIEVED);
        assertThat(e.grade()).isEqualTo(Grade.ACHIEVED);
        assertThat(e.hasFlag("assessment_contradiction")).isTrue();
    }

    @Test
    void relativeIncreaseTargetsUseLastYearsActual() {
        PlanMaster p = plan("rate", indicator("X", null, "numeric", false, false, null),
                new Target("X", FY, "実施事業3%増加", null, "relative_increase"));
        Indicator indicator = p.indicators().get(0);
        Evaluation e = evaluator.evaluate(p, indicator, FY, result("X", FY, "103", null), result("X", FY - 1, "100", null));
        assertThat(e.effectiveTarget()).isEqualByComparingTo("103");
        assertThat(e.grade()).isEqualTo(Grade.ACHIEVED);
        Evaluation noBase = evaluator.evaluate(p, indicator, FY, result("X", FY, "103", SelfAssessment.MOSTLY_ACHIEVED), null);
        assertThat(noBase.grade()).isEqualTo(Grade.MOSTLY_ACHIEVED);
        assertThat(noBase.hasFlag("relative_base_missing")).isTrue();
    }

    @Test
    void aBaselineYearIsNotGradedNotCountedAndNotAskedForASelfAssessment() {
        PlanMaster p = plan("rate", indicator("X", "%", "numeric", false, false, null),
                new Target("X", FY, "現状値の把握", null, "baseline"));
        Indicator indicator = p.indicators().get(0);
        Evaluation measured = evaluate(p, "63.5", null);
        assertThat(measured.targetSet()).isFalse();
        assertThat(measured.grade()).isNull();
        assertThat(measured.rate()).isNull();
        assertThat(measured.resultId()).isNotNull();
        assertThat(measured.flags()).isEmpty();
        // not submitted yet: the value is still owed (flag missing), but the year is no 未提出 in the table
        Evaluation owed = evaluator.evaluate(p, indicator, FY, null, null);
        assertThat(owed.grade()).isNull();
        assertThat(owed.targetSet()).isFalse();
        assertThat(owed.hasFlag("missing")).isTrue();
        // a result without its number is incomplete, whatever self-assessment it carries
        Evaluation withoutValue = evaluate(p, null, SelfAssessment.ACHIEVED);
        assertThat(withoutValue.hasFlag("incomplete")).isTrue();
        assertThat(withoutValue.hasFlag("assessment_missing")).isFalse();
        assertThat(withoutValue.grade()).isNull();
    }

    @Test
    void theBaselineYearsValueIsTheBaseOfNextYearsRelativeTarget() {
        PlanMaster p = plan("rate", indicator("X", "%", "numeric", false, false, null),
                new Target("X", FY - 1, "現状値の把握", null, "baseline"),
                new Target("X", FY, "前年度比5%増", null, "relative_increase"));
        Evaluation e = evaluator.evaluate(p, p.indicators().get(0), FY, result("X", FY, "63", null),
                result("X", FY - 1, "60", null));
        assertThat(e.effectiveTarget()).isEqualByComparingTo("63.00");
        assertThat(e.grade()).isEqualTo(Grade.ACHIEVED);
    }

    @Test
    void decreaseTargetsAreLastYearsActualTimes095GradedLowerIsBetter() {
        PlanMaster overtime = plan("rate", indicator("X", "時間", "numeric", true, false, null),
                new Target("X", FY, "5%減(前年度比)", null, "relative_decrease"));
        Indicator indicator = overtime.indicators().get(0);
        StoredResult lastYear = result("X", FY - 1, "200", null);
        Evaluation reached = evaluator.evaluate(overtime, indicator, FY, result("X", FY, "190", null), lastYear);
        assertThat(reached.effectiveTarget()).isEqualByComparingTo("190");
        assertThat(reached.rate()).isEqualByComparingTo("100");
        assertThat(reached.grade()).isEqualTo(Grade.ACHIEVED);
        // 190 / 200: fell 5% short of the reduction, still within 80% of the target
        Evaluation missed = evaluator.evaluate(overtime, indicator, FY, result("X", FY, "200", null), lastYear);
        assertThat(missed.rate()).isEqualByComparingTo("95");
        assertThat(missed.grade()).isEqualTo(Grade.MOSTLY_ACHIEVED);
        Evaluation noBase = evaluator.evaluate(overtime, indicator, FY,
                result("X", FY, "180", SelfAssessment.ACHIEVED), null);
        assertThat(noBase.hasFlag("relative_base_missing")).isTrue();
        assertThat(noBase.grade()).isEqualTo(Grade.ACHIEVED);
    }

    @Test
    void outOfRangeAndImplausibleValuesAreFlagged() {
        PlanMaster percent = plan("rate", indicator("X", "%", "numeric", false, false, new BigDecimal("60")), target("64"));
        assertThat(evaluate(percent, "104", null).hasFlag("out_of_range")).isTrue();
        assertThat(evaluate(percent, "-1", null).hasFlag("out_of_range")).isTrue();
        assertThat(evaluate(percent, "5", null).hasFlag("implausible_change")).isTrue();
        assertThat(evaluate(percent, "64", null).flags()).isEmpty();

        PlanMaster heads = plan("rate", indicator("X", "人", "numeric", false, false, null), target("1"));
        assertThat(evaluate(heads, "1.5", null).hasFlag("fractional_count")).isTrue();

        PlanMaster money = plan("rate", indicator("X", "千円", "numeric", false, false, new BigDecimal("14215")), target("15000"));
        assertThat(evaluate(money, "15820000", null).hasFlag("implausible_change")).isTrue();
    }

    @Test
    void aRatioTypedForAPercentageIsAskedAboutAsSuchNotAsASlipOfYen() {
        // I-1-ア-1: baseline 98.4%, target 100%; 0.955 typed where 95.5 was meant
        PlanMaster percent = plan("rate", indicator("X", "%", "numeric", false, false, new BigDecimal("98.4")),
                target("100"));
        Evaluation ratio = evaluate(percent, "0.955", null);
        assertThat(ratio.grade()).isEqualTo(Grade.NOT_ACHIEVED); // loaded as typed: a warning, not an error
        assertThat(ratio.flags()).filteredOn(f -> f.code().equals("implausible_change")).singleElement()
                .satisfies(f -> assertThat(f.message()).isEqualTo("0.955 と入力されています。95.5% の意味であれば、"
                        + "95.5 と入力してください（割合を小数で入力していないか、ご確認ください）。"));
        assertThat(evaluate(percent, "1", null).flags()).singleElement().satisfies(f -> assertThat(f.message())
                .startsWith("1 と入力されています。100% の意味であれば、100 と入力してください"));

        // 0.955% written with its % sign is a percentage the department meant: the generic warning
        Indicator indicator = percent.indicators().get(0);
        StoredResult withSign = new StoredResult(FY, "p", "X", FY, 1, new BigDecimal("0.955"), "0.955%", false,
                "取組状況", null, null, null, null, "職員課", 1, "s", 5, "C");
        assertThat(evaluator.evaluate(percent, indicator, FY, withSign, null).flags()).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("現状値（98.4%）と比べて10倍を超えるか10分の1未満です。"));

        // the target alone can tell, when there is no baseline and no last year
        PlanMaster noBaseline = plan("rate", indicator("X", "%", "numeric", false, false, null), target("60"));
        assertThat(evaluate(noBaseline, "0.62", null).flags()).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("0.62 と入力されています。62% の意味であれば"));

        // a percentage that is small by nature (0.3% at the baseline, 0.5% aimed at) is no ratio
        PlanMaster small = plan("rate", indicator("X", "%", "numeric", true, false, new BigDecimal("0.3")),
                target("0.5"));
        assertThat(evaluate(small, "0.2", null).hasFlag("implausible_change")).isFalse();
        // nor is a count of another unit
        PlanMaster count = plan("rate", indicator("X", "件", "numeric", false, false, new BigDecimal("26")),
                target("28"));
        assertThat(evaluate(count, "0.5", null).flags()).extracting(Flag::message)
                .noneMatch(m -> m.contains("と入力されています"));
    }

    @Test
    void cumulativeValueBelowLastYearIsFlagged() {
        PlanMaster p = plan("rate", indicator("X", "件", "numeric", false, true, null), target("90"));
        Indicator indicator = p.indicators().get(0);
        Evaluation e = evaluator.evaluate(p, indicator, FY, result("X", FY, "80", null), result("X", FY - 1, "85", null));
        assertThat(e.hasFlag("cumulative_decrease")).isTrue();
    }
}
