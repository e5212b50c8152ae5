package jp.reform.collector.console;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One indicator: its master data, every version of its value with where each came from, and target and
 * actual of every year of the plan. {@link #departments} say who owns it: a department user may open the
 * page only when {@link #ownedBy} its department.
 *
 * @param fiscalYear the year the versions were selected for; null for every year
 * @param versions   oldest first within each year, years ascending
 * @param years      every fiscal year of the plan, ascending
 */
public record IndicatorPage(String planCode, String indicatorCode, String name, String definition, String unit,
                            String valueKind, String direction, boolean cumulative, String baselineText,
                            BigDecimal baselineValue, String finalGoal, boolean active, String goalCode,
                            String goalTitle, String initiativeCode, String initiativeTitle, List<String> departments,
                            Integer fiscalYear, List<Version> versions, List<Year> years) {

    public IndicatorPage {
        departments = List.copyOf(departments);
        versions = List.copyOf(versions);
        years = List.copyOf(years);
    }

    /**
     * The page with only the versions loaded for departments that pass {@code shown}: a joint owner's user sees
     * the indicator, but of its history only its own 課's files, not the other owner's names, senders and receipts.
     */
    public IndicatorPage withVersionsOf(java.util.function.Predicate<String> shown) {
        return new IndicatorPage(planCode, indicatorCode, name, definition, unit, valueKind, direction, cumulative,
                baselineText, baselineValue, finalGoal, active, goalCode, goalTitle, initiativeCode, initiativeTitle,
                departments, fiscalYear, versions.stream().filter(v -> shown.test(v.department())).toList(), years);
    }

    /** Whether a department is among the indicator's owners (joint owners each are). */
    public boolean ownedBy(String department) {
        return departments.contains(department);
    }

    /**
     * One stored version of the value of a fiscal year, with its lineage.
     *
     * @param current     whether it is the year's newest version (the one graded)
     * @param actualText  the cell as written
     * @param actualValue the value as read, in the indicator's unit
     * @param department  the department it was loaded for
     * @param sender      the sender's address for a mailed file, the department (its folder) for a dropped one
     * @param sheet       where in the file: sheet, row and column of the value
     * @param recordedAt  when the version was stored
     * @param submission  the file (receipt, received time, original name, channel)
     */
    public record Version(int fiscalYear, int version, boolean current, String actualText, BigDecimal actualValue,
                          boolean approximate, String selfAssessmentText, String statusText, String department,
                          String sender, String sheet, Integer row, String column, Instant recordedAt,
                          SubmissionRef submission) {
    }

    /**
     * Target and current actual of a fiscal year; rate and grade as evaluated (null where not graded), the
     * plan's level of the grade (1 = best), and the committee's final grade with its reason (null where none is
     * set); countedGrade is the one the committee's table counts (the final grade where set, else grade);
     * finalLevel the step of the plan's scale the final grade is at (D of A|B|C|D), null where it is its grade's
     * first.
     */
    public record Year(int fiscalYear, String targetText, BigDecimal targetValue, String targetKind, boolean targetSet,
                       BigDecimal effectiveTarget, String actualText, BigDecimal actualValue, BigDecimal rate,
                       BigDecimal ratePercent, String grade, Integer gradeLevel, String finalGrade,
                       String overrideReason, String countedGrade, Integer finalLevel) {
    }
}
