package jp.reform.collector.domain;

import java.math.BigDecimal;
import jp.reform.collector.normalise.SelfAssessment;

/**
 * The current (newest) accepted result of an indicator for a fiscal year, with where it came from.
 *
 * @param selfAssessmentLevel the level written in a four-level plan (4 for D of A|B|C|D); null otherwise
 */
public record StoredResult(long resultId, String planCode, String indicatorCode, int fiscalYear, int version,
                           BigDecimal actualValue, String actualText, boolean approximate, String statusText,
                           String outcomeText, String nextStepsText, SelfAssessment selfAssessment,
                           String selfAssessmentText, String department, long submissionId, String sheet,
                           Integer row, String column, Integer selfAssessmentLevel) {

    /** A result of a plan of two or three levels. */
    public StoredResult(long resultId, String planCode, String indicatorCode, int fiscalYear, int version,
                        BigDecimal actualValue, String actualText, boolean approximate, String statusText,
                        String outcomeText, String nextStepsText, SelfAssessment selfAssessment,
                        String selfAssessmentText, String department, long submissionId, String sheet,
                        Integer row, String column) {
        this(resultId, planCode, indicatorCode, fiscalYear, version, actualValue, actualText, approximate,
                statusText, outcomeText, nextStepsText, selfAssessment, selfAssessmentText, department,
                submissionId, sheet, row, column, null);
    }
}
