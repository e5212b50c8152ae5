package jp.reform.collector.console;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Predicate;

/** A department's indicators of a plan in a fiscal year, in plan order, with what it reported. */
public record DepartmentPage(String planCode, int fiscalYear, String department, List<IndicatorRow> indicators) {

    public DepartmentPage {
        indicators = List.copyOf(indicators);
    }

    /**
     * The page with the current results another 課 reported kept to what the indicator page shows a joint
     * owner's user of them: value, rate and grade, but not that 課's texts, file and receipt (which would link to
     * a receipt the user may not open).
     */
    public DepartmentPage withReportsOf(Predicate<String> shown) {
        return new DepartmentPage(planCode, fiscalYear, department, indicators.stream()
                .map(i -> i.reportedBy() == null || shown.test(i.reportedBy()) ? i : i.withoutReport()).toList());
    }

    /**
     * The other 課 whose report the row's current value is (an indicator this 課 shares), by current name; null
     * where it is this 課's own or nothing was reported. Shown to every role, the division too.
     */
    public String otherReporter(IndicatorRow row) {
        return row.reportedBy() == null || row.reportedBy().equals(department) ? null : row.reportedBy();
    }

    /**
     * One indicator with its current result; the result's fields are null when nothing was submitted.
     *
     * @param departments     every department owning the indicator (more than one when shared)
     * @param targetSet       whether the year has a target (false: a baseline year or no target, not graded)
     * @param actualText      the actual as the department wrote it
     * @param actualValue     the actual as read, in the indicator's unit
     * @param ratePercent     the achievement rate rounded to a whole percent (null where undefined)
     * @param grade           達成 / 概ね達成 / 未達成 / 未提出, null when no target is set
     * @param flags           the evaluation's flag codes (missing, incomplete, out_of_range …)
     * @param selfAssessment  ACHIEVED, MOSTLY_ACHIEVED, NOT_ACHIEVED as read
     * @param selfAssessmentText the self-assessment as written
     * @param statusText      取組状況, verbatim (escaping is the page's job)
     * @param outcomeText     成果と課題
     * @param nextStepsText   今後の取組
     * @param version         the version of the current result (1 for a first submission)
     * @param reportedBy      the 課 the current result was loaded for, by its current name (of a shared indicator,
     *                        maybe another owner)
     * @param reportHidden    whether the texts and file of that 課's report are left out for this user
     * @param submission      the file that brought the current result
     * @param gradeLevel      the plan's level of the grade (1 = best: S or A of S|A|B|C), null where none
     * @param finalGrade      the committee's final grade (達成 / 概ね達成 / 未達成 / 対象外), null where none is set
     * @param overrideReason  the committee's reason for it
     * @param countedGrade    the grade the committee's table counts: the final grade where set, else grade
     * @param finalLevel      the step of the plan's scale the final grade is at (D of A|B|C|D: 4), null where it
     *                        is its grade's first (A, B, C; every final grade of a plan of two or three levels)
     */
    public record IndicatorRow(String indicatorCode, String name, String unit, String valueKind, String direction,
                               List<String> departments, String targetText, BigDecimal targetValue,
                               String targetKind, boolean targetSet, BigDecimal effectiveTarget, String actualText,
                               BigDecimal actualValue, boolean approximate, BigDecimal rate, BigDecimal ratePercent,
                               String grade, List<String> flags, String selfAssessment, String selfAssessmentText,
                               String statusText, String outcomeText, String nextStepsText, Integer version,
                               String reportedBy, boolean reportHidden, SubmissionRef submission,
                               Integer gradeLevel, String finalGrade, String overrideReason, String countedGrade,
                               Integer finalLevel) {

        public IndicatorRow {
            departments = List.copyOf(departments);
            flags = List.copyOf(flags);
        }

        public boolean submitted() {
            return submission != null || reportHidden;
        }

        IndicatorRow withoutReport() {
            return new IndicatorRow(indicatorCode, name, unit, valueKind, direction, departments, targetText,
                    targetValue, targetKind, targetSet, effectiveTarget, actualText, actualValue, approximate, rate,
                    ratePercent, grade, flags, null, null, null, null, null, version, reportedBy, true, null,
                    gradeLevel, finalGrade, overrideReason, countedGrade, finalLevel);
        }
    }
}
