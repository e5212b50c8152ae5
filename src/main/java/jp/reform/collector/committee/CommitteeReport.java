package jp.reform.collector.committee;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What the committee's summary workbook shows for one plan and fiscal year: the table per goal and in
 * total, every indicator in plan order, the open flags, and how the plan's grades read (its thresholds).
 */
public record CommitteeReport(String planCode, String planName, String municipality, String adminDepartment,
                              int fiscalYear, LocalDate asOf, List<SummaryLine> summary,
                              List<IndicatorLine> indicators, List<FlagLine> flags, GradeScale grades) {

    public CommitteeReport {
        summary = List.copyOf(summary);
        indicators = List.copyOf(indicators);
        flags = List.copyOf(flags);
        grades = grades == null ? GradeScale.DEFAULT : grades;
    }

    /** A report graded at the usual thresholds (達成 from 100 %, 概ね達成 from 80 %). */
    public CommitteeReport(String planCode, String planName, String municipality, String adminDepartment,
                           int fiscalYear, LocalDate asOf, List<SummaryLine> summary, List<IndicatorLine> indicators,
                           List<FlagLine> flags) {
        this(planCode, planName, municipality, adminDepartment, fiscalYear, asOf, summary, indicators, flags, null);
    }

    /**
     * One row of the committee's table; goalCode {@code total} is the plan as a whole (last row).
     *
     * @param mostlyRate  概ね達成率 in %, one decimal; null when nothing is set
     * @param levelCounts a four-level plan's count of each level, 1 = best (S and A apart, both in achieved);
     *                    empty otherwise
     */
    public record SummaryLine(String goalCode, String goalTitle, int set, int achieved, int mostly, int notAchieved,
                              int notSubmitted, BigDecimal mostlyRate, java.util.Map<Integer, Integer> levelCounts) {

        public SummaryLine {
            levelCounts = levelCounts == null ? java.util.Map.of() : java.util.Map.copyOf(levelCounts);
        }

        /** A line of a plan of two or three levels, counted by canonical grade. */
        public SummaryLine(String goalCode, String goalTitle, int set, int achieved, int mostly, int notAchieved,
                           int notSubmitted, BigDecimal mostlyRate) {
            this(goalCode, goalTitle, set, achieved, mostly, notAchieved, notSubmitted, mostlyRate, null);
        }
    }

    /**
     * One indicator. classification: the area (項目) it belongs to, e.g. 「(1) 職員の能力向上」; initiative:
     * the 取組項目 title; actions: the 取組内容 texts (①②… joined by line breaks); ratePercent: the rate
     * rounded to a whole percent, null where undefined; grade: 達成 / 概ね達成 / 未達成 / 未提出, 未設定 in a
     * baseline year (現状値の把握), or null when no target is set that year; the committee's final grade where
     * one is set (then also 対象外), the computed one otherwise. computedGrade: as evaluated; overrideReason:
     * why the committee set the final grade, null where none is set. gradeLevel: the plan's level of
     * the computed grade (1 = best; S or A of S|A|B|C), null where unknown.
     */
    public record IndicatorLine(String goalCode, String goalTitle, String classification, String initiative,
                                String actions, String departments, String indicatorCode, String indicatorName,
                                String unit, String targetText, String actualText, BigDecimal ratePercent,
                                String grade, String statusText, String outcomeText, String nextStepsText,
                                String computedGrade, String overrideReason, Integer gradeLevel) {

        /** A line without a final grade, whose grade is shown in its first level's word. */
        public IndicatorLine(String goalCode, String goalTitle, String classification, String initiative,
                             String actions, String departments, String indicatorCode, String indicatorName,
                             String unit, String targetText, String actualText, BigDecimal ratePercent,
                             String grade, String statusText, String outcomeText, String nextStepsText) {
            this(goalCode, goalTitle, classification, initiative, actions, departments, indicatorCode, indicatorName,
                    unit, targetText, actualText, ratePercent, grade, statusText, outcomeText, nextStepsText, grade,
                    null, null);
        }

        /** Whether the committee set the final grade (marked ※, with the reason in a note). */
        public boolean overridden() {
            return overrideReason != null;
        }
    }

    /** An open flag on a result: flagCode as in the evaluation, message the Japanese explanation. */
    public record FlagLine(String departments, String indicatorCode, String indicatorName, String actualText,
                           String flagCode, String message) {
    }
}
