package jp.reform.collector.validate;

import java.math.BigDecimal;
import java.util.Objects;
import jp.reform.collector.normalise.SelfAssessment;

/**
 * One checked result from a department's file, ready to be stored.
 *
 * @param actualValue in the indicator's unit; null when not stated or not a number for this indicator
 * @param actualText  the 実績値 cell as written
 * @param selfAssessmentLevel the level a four-level plan's department wrote (4 for D); null in other plans
 */
public record ResultRow(String planCode, String indicatorCode, int fiscalYear, BigDecimal actualValue,
                        String actualText, boolean approximate, String statusText, String outcomeText,
                        String nextStepsText, SelfAssessment selfAssessment, String selfAssessmentText,
                        String sheet, int row, String column, Integer selfAssessmentLevel) {

    /** A row of a plan of two or three levels. */
    public ResultRow(String planCode, String indicatorCode, int fiscalYear, BigDecimal actualValue,
                     String actualText, boolean approximate, String statusText, String outcomeText,
                     String nextStepsText, SelfAssessment selfAssessment, String selfAssessmentText,
                     String sheet, int row, String column) {
        this(planCode, indicatorCode, fiscalYear, actualValue, actualText, approximate, statusText, outcomeText,
                nextStepsText, selfAssessment, selfAssessmentText, sheet, row, column, null);
    }

    /** Same reported content, wherever it stands in the file: 20 and 20.0 are the same value. */
    public boolean sameContentAs(ResultRow other) {
        boolean sameActual = actualValue != null && other.actualValue != null
                ? actualValue.compareTo(other.actualValue) == 0
                : actualValue == null && other.actualValue == null && Objects.equals(actualText, other.actualText);
        return sameActual
                && Objects.equals(statusText, other.statusText)
                && Objects.equals(outcomeText, other.outcomeText)
                && Objects.equals(nextStepsText, other.nextStepsText)
                && selfAssessment == other.selfAssessment
                && Objects.equals(selfAssessmentLevel, other.selfAssessmentLevel);
    }
}
