package jp.reform.collector.master;

import java.math.BigDecimal;

/**
 * A reform plan and how it is graded.
 *
 * @param achievedThreshold rate in % from which a numeric result is 達成 (Atsugi: 100)
 * @param mostlyThreshold   rate in % from which it is 概ね達成 (Atsugi: 80)
 * @param grading           {@code rate}: numbers are graded by their rate (Atsugi);
 *                          {@code self_assessment}: the department's 取組達成度 is the grade (Minami-Alps)
 */
public record Plan(String code, String municipality, String name, int fyFrom, int fyTo, String adminDepartment,
                   String adminEmail, BigDecimal achievedThreshold, BigDecimal mostlyThreshold, String grading) {

    public boolean covers(int fiscalYear) {
        return fiscalYear >= fyFrom && fiscalYear <= fyTo;
    }

    public boolean gradedBySelfAssessment() {
        return "self_assessment".equals(grading);
    }
}
