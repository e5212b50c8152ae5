package jp.reform.collector.validate;

import java.math.BigDecimal;
import jp.reform.collector.normalise.SelfAssessment;

/**
 * One checked result from a department's file, ready to be stored.
 *
 * @param actualValue in the indicator's unit; null when not stated or not a number for this indicator
 * @param actualText  the 実績値 cell as written
 */
public record ResultRow(String planCode, String indicatorCode, int fiscalYear, BigDecimal actualValue,
                        String actualText, boolean approximate, String statusText, String outcomeText,
                        String nextStepsText, SelfAssessment selfAssessment, String selfAssessmentText,
                        String sheet, int row, String column) {

    /** Same reported content, wherever it stands in the file. */
    public boolean sameContentAs(ResultRow other) {
        return java.util.Objects.equals(actualValue == null ? null : actualValue.stripTrailingZeros(),
                other.actualValue == null ? null : other.actualValue.stripTrailingZeros())
                && java.util.Objects.equals(actualValue == null ? actualText : null,
                        other.actualValue == null ? other.actualText : null)
                && java.util.Objects.equals(statusText, other.statusText)
                && java.util.Objects.equals(outcomeText, other.outcomeText)
                && java.util.Objects.equals(nextStepsText, other.nextStepsText)
                && selfAssessment == other.selfAssessment;
    }
}
