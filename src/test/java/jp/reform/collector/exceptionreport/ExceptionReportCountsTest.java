package jp.reform.collector.exceptionreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import jp.reform.collector.exceptionreport.ExceptionReport.MissingItem;
import jp.reform.collector.exceptionreport.ExceptionReportText.Category;
import org.junit.jupiter.api.Test;

/**
 * The missing items are listed once per 課 that owes them, the board counts each indicator once: where the two
 * differ (an indicator of two 課), the report says how many indicators its rows are, so that 26 and 25 both read right.
 */
class ExceptionReportCountsTest {

    @Test
    void aSharedIndicatorOwedByTwo課IsTwoRowsAndTheDescriptionSaysHowManyIndicatorsThatIs() {
        ExceptionReport report = new ExceptionReport("atsugi-7-2", ExceptionReportSamples.PLAN_NAME, "行政経営課",
                ExceptionReportSamples.AS_OF, 2025, LocalDate.of(2026, 6, 15),
                List.of(new MissingItem("職員課", "I-2-イ-2", "専門職の配置", 2025, "100%", "未提出", true, 15),
                        new MissingItem("行政総務課", "I-2-イ-2", "専門職の配置", 2025, "100%", "未提出", true, 15),
                        new MissingItem("職員課", "I-1-ア-1", "研修の理解度", 2025, "100%", "未提出", true, 15)),
                List.of(), List.of(), List.of(), List.of());

        assertThat(Category.MISSING.count(report)).isEqualTo(3);
        assertThat(Category.MISSING.description(report))
                .contains("うち期限超過 3件", "複数の課が担当する指標は課ごとに数えています（指標としては 2件）");
        assertThat(Category.MISSING.description(ExceptionReportSamples.full())).doesNotContain("課ごとに数えています");
    }
}
