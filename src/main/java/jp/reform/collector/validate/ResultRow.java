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
 * @param column      the 実績値 cell's column (the 指標コード's when the table has no 実績値 column)
 * @param statusColumn     the 取組状況 cell's column; null when the table has none
 * @param assessmentColumn the 自己評価 cell's column; null when the table has none
 * @param shared      the indicator is reported by more than one 課: its current result may be another's report
 * @param omitted     the optional entries the row's table has no column for ({@link #OMITTED_OUTCOME},
 *                    {@link #OMITTED_NEXT_STEPS}, {@link #OMITTED_ASSESSMENT}): a file of 指標コード, 実績値 and
 *                    取組状況 only corrects those, and the 課's own 成果と課題, 今後の取組 and 自己評価 stay as
 *                    reported (a blank cell in a column the table has does clear its entry)
 */
public record ResultRow(String planCode, String indicatorCode, int fiscalYear, BigDecimal actualValue,
                        String actualText, boolean approximate, String statusText, String outcomeText,
                        String nextStepsText, SelfAssessment selfAssessment, String selfAssessmentText,
                        String sheet, int row, String column, Integer selfAssessmentLevel, String statusColumn,
                        String assessmentColumn, boolean shared, int omitted) {

    public static final int OMITTED_OUTCOME = 1;
    public static final int OMITTED_NEXT_STEPS = 2;
    public static final int OMITTED_ASSESSMENT = 4;

    /** A row of a table that has every column. */
    public ResultRow(String planCode, String indicatorCode, int fiscalYear, BigDecimal actualValue, String actualText,
                     boolean approximate, String statusText, String outcomeText, String nextStepsText,
                     SelfAssessment selfAssessment, String selfAssessmentText, String sheet, int row, String column,
                     Integer selfAssessmentLevel, String statusColumn, String assessmentColumn, boolean shared) {
        this(planCode, indicatorCode, fiscalYear, actualValue, actualText, approximate, statusText, outcomeText,
                nextStepsText, selfAssessment, selfAssessmentText, sheet, row, column, selfAssessmentLevel,
                statusColumn, assessmentColumn, shared, 0);
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
