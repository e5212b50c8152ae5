package jp.reform.collector.committee;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the committee's summary workbook shows for one plan and fiscal year: the table per goal and in total,
 * every indicator in plan order, the open flags, and how the plan's grades read (its thresholds).
 *
 * <p>The indicators are {@link Lines}: read again for each part of the workbook that lists them, so that a
 * survey-sized plan's lines (200,000 indicators, each with its texts) are never all in memory at once. A report
 * made from a list holds them; the builder's streamed report reads them from the database while it is in use.
 */
public record CommitteeReport(String planCode, String planName, String municipality, String adminDepartment,
                              int fiscalYear, LocalDate asOf, List<SummaryLine> summary, Lines lines,
                              List<FlagLine> flags, GradeScale grades) {

    public CommitteeReport {
        summary = List.copyOf(summary);
        Objects.requireNonNull(lines);
        flags = List.copyOf(flags);
        grades = grades == null ? GradeScale.DEFAULT : grades;
    }

    /** A report of the given lines, held in memory. */
    public CommitteeReport(String planCode, String planName, String municipality, String adminDepartment,
                           int fiscalYear, LocalDate asOf, List<SummaryLine> summary, List<IndicatorLine> indicators,
                           List<FlagLine> flags, GradeScale grades) {
        this(planCode, planName, municipality, adminDepartment, fiscalYear, asOf, summary, Lines.of(indicators),
                flags, grades);
    }

    /** A report graded at the usual thresholds (達成 from 100 %, 概ね達成 from 80 %). */
    public CommitteeReport(String planCode, String planName, String municipality, String adminDepartment,
                           int fiscalYear, LocalDate asOf, List<SummaryLine> summary, List<IndicatorLine> indicators,
                           List<FlagLine> flags) {
        this(planCode, planName, municipality, adminDepartment, fiscalYear, asOf, summary, indicators, flags, null);
    }

    /**
     * Every indicator line in plan order, read whole into a list: for a plan of ordinary size or a test. The
     * workbook reads {@link #lines()} part by part instead.
     */
    public List<IndicatorLine> indicators() {
        List<IndicatorLine> all = new ArrayList<>();
        try {
            lines.forEach(null, null, all::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** The same report with its lines read whole into memory (for use after a streamed report's connection). */
    public CommitteeReport inMemory() {
        return new CommitteeReport(planCode, planName, municipality, adminDepartment, fiscalYear, asOf, summary,
                indicators(), flags, grades);
    }

    /**
     * A report's indicator lines, read as often as needed, each time in plan order.
     */
    public interface Lines {

        /**
         * Passes {@code each} the lines of one goal ({@code goalCode}, where a line without goal code has "";
         * every goal: null) whose grade is one of {@code grades} (any grade, or none: null), in plan order.
         */
        void forEach(String goalCode, Collection<String> grades, Consumer<IndicatorLine> each) throws IOException;

        /** Lines held in a list. */
        static Lines of(List<IndicatorLine> indicators) {
            List<IndicatorLine> held = List.copyOf(indicators);
            return (goalCode, grades, each) -> {
                for (IndicatorLine line : held) {
                    if (matches(line, goalCode, grades)) {
                        each.accept(line);
                    }
                }
            };
        }

        /** Whether a line is of the goal and has one of the grades, as {@link #forEach} selects it. */
        static boolean matches(IndicatorLine line, String goalCode, Collection<String> grades) {
            return (goalCode == null || goalCode.equals(Objects.toString(line.goalCode(), "")))
                    && (grades == null || line.grade() != null && grades.contains(line.grade()));
        }
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
     * grade (1 = best; S or A of S|A|B|C; D of A|B|C|D where the committee chose D), null where unknown or, of a
     * final grade, its grade's first; computedLevel: the level of computedGrade. actualText: the actual as the
     * department wrote it; actualValue: as stored, in the indicator's unit (null where none was read), which the
     * workbook shows where the text is in another unit ({@link jp.reform.collector.evaluate.ActualFigure}).
     */
    public record IndicatorLine(String goalCode, String goalTitle, String classification, String initiative,
                                String actions, String departments, String indicatorCode, String indicatorName,
                                String unit, String targetText, String actualText, BigDecimal ratePercent,
                                String grade, String statusText, String outcomeText, String nextStepsText,
                                String computedGrade, String overrideReason, Integer gradeLevel,
                                BigDecimal actualValue, Integer computedLevel) {

        /** A line whose computed grade is at the level of grade where no final grade is set, else at its first. */
        public IndicatorLine(String goalCode, String goalTitle, String classification, String initiative,
                             String actions, String departments, String indicatorCode, String indicatorName,
                             String unit, String targetText, String actualText, BigDecimal ratePercent,
                             String grade, String statusText, String outcomeText, String nextStepsText,
                             String computedGrade, String overrideReason, Integer gradeLevel,
                             BigDecimal actualValue) {
            this(goalCode, goalTitle, classification, initiative, actions, departments, indicatorCode, indicatorName,
                    unit, targetText, actualText, ratePercent, grade, statusText, outcomeText, nextStepsText,
                    computedGrade, overrideReason, gradeLevel, actualValue, overrideReason == null ? gradeLevel : null);
        }

        /** A line whose actual is shown as written (no value read from it). */
        public IndicatorLine(String goalCode, String goalTitle, String classification, String initiative,
                             String actions, String departments, String indicatorCode, String indicatorName,
                             String unit, String targetText, String actualText, BigDecimal ratePercent,
                             String grade, String statusText, String outcomeText, String nextStepsText,
                             String computedGrade, String overrideReason, Integer gradeLevel) {
            this(goalCode, goalTitle, classification, initiative, actions, departments, indicatorCode, indicatorName,
                    unit, targetText, actualText, ratePercent, grade, statusText, outcomeText, nextStepsText,
                    computedGrade, overrideReason, gradeLevel, null);
        }

        /** A line without a final grade, whose grade is shown in its first level's word. */
        public IndicatorLine(String goalCode, String goalTitle, String classification, String initiative,
                             String actions, String departments, String indicatorCode, String indicatorName,
                             String unit, String targetText, String actualText, BigDecimal ratePercent,
                             String grade, String statusText, String outcomeText, String nextStepsText) {
            this(goalCode, goalTitle, classification, initiative, actions, departments, indicatorCode, indicatorName,
                    unit, targetText, actualText, ratePercent, grade, statusText, outcomeText, nextStepsText, grade,
                    null, null, null);
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
