package jp.reform.collector.committee;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import jp.reform.collector.committee.GradeScale.Level;
import jp.reform.collector.master.Plan;
import org.junit.jupiter.api.Test;

/** What the committee's table calls each level, from the plan's own thresholds. */
class GradeScaleTest {

    private static Plan plan(String achieved, String mostly, String grading) {
        return new Plan("p", "厚木市", "計画", 2024, 2026, "行政経営課", null,
                achieved == null ? null : new BigDecimal(achieved), mostly == null ? null : new BigDecimal(mostly),
                grading);
    }

    @Test
    void theUsualThresholdsWhenThePlanSetsNone() {
        GradeScale scale = GradeScale.of(plan(null, null, "rate"));
        assertThat(scale.levels()).extracting(Level::header)
                .containsExactly("目標達成項目（100％以上）", "概ね達成（80％以上100％未満）", "未達成（80％未満）");
        assertThat(scale).isEqualTo(GradeScale.DEFAULT);
        assertThat(scale.rateName()).isEqualTo("概ね達成率");
        assertThat(scale.reached()).extracting(Level::grade).containsExactly("達成", "概ね達成");
        assertThat(scale.notReached().grade()).isEqualTo("未達成");
    }

    @Test
    void aPlansOwnThresholdsAsWritten() {
        assertThat(GradeScale.of(plan("100.0", "75.50", "rate")).levels()).extracting(Level::header)
                .containsExactly("目標達成項目（100％以上）", "概ね達成（75.5％以上100％未満）", "未達成（75.5％未満）");
    }

    @Test
    void aPlanGradedBySelfAssessmentShowsNoRates() {
        assertThat(GradeScale.of(plan(null, null, "self_assessment")).levels()).extracting(Level::header)
                .containsExactly("目標達成項目", "概ね達成", "未達成");
    }

    @Test
    void aPlanOfTwoLevelsHasNoMiddleColumnAndItsOwnWords() {
        Plan marks = new Plan("p", "厚木市", "計画", 2018, 2020, "行政経営課", null, new BigDecimal("100"),
                new BigDecimal("100"), "rate", java.util.List.of("○", "×"));
        GradeScale scale = GradeScale.of(marks);
        assertThat(scale.levels()).extracting(Level::header).containsExactly("○（100％以上）", "×（100％未満）");
        assertThat(scale.levels()).extracting(Level::grade).containsExactly("達成", "未達成");
        assertThat(scale.rateName()).isEqualTo("達成率");
        assertThat(scale.label("未達成")).isEqualTo("×");
    }

    @Test
    void aPlanOfThreeMarksNamesItsLevelsByThem() {
        Plan marks = new Plan("p", "市", "計画", 2024, 2026, "企画課", null, new BigDecimal("100"),
                new BigDecimal("70"), "rate", java.util.List.of("○", "△", "×"));
        assertThat(GradeScale.of(marks).levels()).extracting(Level::header)
                .containsExactly("○（100％以上）", "△（70％以上100％未満）", "×（70％未満）");
        assertThat(GradeScale.of(marks).rateName()).isEqualTo("概ね達成率");
    }

    @Test
    void aPlanOfFourLevelsHasAColumnPerLevelWithItsRatesAndCountsTheMiddleOne() {
        Plan plan = new Plan("p", "市", "計画", 2024, 2026, "企画課", null, new BigDecimal("100"),
                new BigDecimal("80"), "rate", java.util.List.of("S", "A", "B", "C"),
                java.util.List.of(new BigDecimal("120"), new BigDecimal("100"), new BigDecimal("80")));
        GradeScale scale = GradeScale.of(plan);
        assertThat(scale.levels()).extracting(Level::header)
                .containsExactly("S（120％以上）", "A（100％以上120％未満）", "B（80％以上100％未満）", "C（80％未満）");
        assertThat(scale.levels()).extracting(Level::grade).containsExactly("達成", "達成", "概ね達成", "未達成");
        assertThat(scale.rateName()).isEqualTo("概ね達成率");
        assertThat(scale.reached()).extracting(Level::label).containsExactly("S", "A", "B");
        assertThat(scale.label("達成", 2)).isEqualTo("A");
        // the console's board counts canonical grades: S and A share a column
        assertThat(GradeScale.byGrade(plan).levels()).extracting(Level::label).containsExactly("S・A", "B", "C");
    }

    @Test
    void aSelfAssessedPlanOfFourLettersListsCAndDAsNotReached() {
        Plan plan = new Plan("p", "市", "計画", 2026, 2030, "政策推進課", null, new BigDecimal("100"),
                new BigDecimal("80"), "self_assessment", java.util.List.of("A", "B", "C", "D"));
        GradeScale scale = GradeScale.of(plan);
        assertThat(scale.levels()).extracting(Level::header).containsExactly("A", "B", "C", "D");
        assertThat(scale.notReachedLevels()).extracting(Level::label).containsExactly("C", "D");
        assertThat(scale.label("未達成", 4)).isEqualTo("D");
        assertThat(GradeScale.byGrade(plan).levels()).extracting(Level::label).containsExactly("A", "B", "C・D");
    }
}
