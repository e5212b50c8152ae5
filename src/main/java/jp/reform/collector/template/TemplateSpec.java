package jp.reform.collector.template;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a department's pre-filled result template holds: the plan, year and department it is for, and
 * one line per indicator the department reports, with what it already submitted (so the template is
 * also a correction form).
 *
 * @param templateVersion written into the hidden metadata; the reader refuses other versions
 * @param gradeLabels     the plan's grade words, best first (達成・概ね達成・未達成, ○・×…): the 自己評価 choices
 */
public record TemplateSpec(String planCode, String planName, String municipality, int fiscalYear, String department,
                           String adminDepartment, int templateVersion, boolean gradedBySelfAssessment,
                           List<Line> lines, List<String> gradeLabels) {

    public TemplateSpec {
        lines = List.copyOf(lines);
        gradeLabels = List.copyOf(gradeLabels);
    }

    /** A template of a plan graded in the committee's three words. */
    public TemplateSpec(String planCode, String planName, String municipality, int fiscalYear, String department,
                        String adminDepartment, int templateVersion, boolean gradedBySelfAssessment, List<Line> lines) {
        this(planCode, planName, municipality, fiscalYear, department, adminDepartment, templateVersion,
                gradedBySelfAssessment, lines, jp.reform.collector.master.Plan.DEFAULT_LABELS);
    }

    /**
     * One indicator. numeric: whether 実績値 is a number (else a milestone / text indicator, where 実績値 may
     * stay empty and 取組状況 and 自己評価 carry the result); minValue / maxValue: bounds for data validation
     * (null: none; a percentage 0–100, a count ≥ 0); the submitted* fields are the current accepted values
     * (null when nothing was submitted yet).
     */
    public record Line(String indicatorCode, String indicatorName, String unit, String targetText,
                       String lastYearActual, boolean numeric, BigDecimal minValue, BigDecimal maxValue,
                       BigDecimal submittedActual, String submittedActualText, String submittedStatus,
                       String submittedOutcome, String submittedNextSteps, String submittedAssessment) {
    }
}
