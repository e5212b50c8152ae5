package jp.reform.collector.domain;

import java.math.BigDecimal;
import jp.reform.collector.normalise.SelfAssessment;

/** The current (newest) accepted result of an indicator for a fiscal year, with where it came from. */
public record StoredResult(long resultId, String planCode, String indicatorCode, int fiscalYear, int version,
                           BigDecimal actualValue, String actualText, boolean approximate, String statusText,
                           String outcomeText, String nextStepsText, SelfAssessment selfAssessment,
                           String selfAssessmentText, String department, long submissionId, String sheet,
                           Integer row, String column) {
}
