package jp.reform.collector.master;

import java.math.BigDecimal;
import java.util.List;

/**
 * A reform plan and how it is graded.
 *
 * @param achievedThreshold rate in % from which a numeric result is 達成 (Atsugi: 100)
 * @param mostlyThreshold   rate in % from which it is 概ね達成 (Atsugi: 80); equal to achievedThreshold in a
 *                          plan of two levels, which has no 概ね達成
 * @param grading           {@code rate}: numbers are graded by their rate (Atsugi);
 *                          {@code self_assessment}: the department's 取組達成度 is the grade (Minami-Alps)
 * @param gradeLabels       how the plan writes its grades, best first: 達成|概ね達成|未達成 (the default),
 *                          ○|△|×, or two levels such as ○|× (達成 and 未達成 only)
 */
public record Plan(String code, String municipality, String name, int fyFrom, int fyTo, String adminDepartment,
                   String adminEmail, BigDecimal achievedThreshold, BigDecimal mostlyThreshold, String grading,
                   List<String> gradeLabels) {

    /** The committee's words, as the Atsugi plans write them. */
    public static final List<String> DEFAULT_LABELS = List.of("達成", "概ね達成", "未達成");

    public Plan {
        gradeLabels = List.copyOf(gradeLabels);
        if (gradeLabels.size() < 2 || gradeLabels.size() > 3) {
            throw new IllegalArgumentException("A plan grades in 2 or 3 levels: " + gradeLabels);
        }
    }

    /**
     * The words of a grade_labels cell, best first: separated by | (also ｜), or by ・ or / when no | is
     * written (○・△・×). Not checked here: the loader and the plan workbook each say what is wrong, their way.
     */
    public static List<String> splitGradeLabels(String written) {
        String separators = written.matches(".*[|｜].*") ? "[|｜]" : "[・/／]";
        return java.util.Arrays.stream(written.split(separators, -1)).map(String::strip).toList();
    }

    /** A plan graded in the committee's three words. */
    public Plan(String code, String municipality, String name, int fyFrom, int fyTo, String adminDepartment,
                String adminEmail, BigDecimal achievedThreshold, BigDecimal mostlyThreshold, String grading) {
        this(code, municipality, name, fyFrom, fyTo, adminDepartment, adminEmail, achievedThreshold, mostlyThreshold,
                grading, DEFAULT_LABELS);
    }

    public boolean covers(int fiscalYear) {
        return fiscalYear >= fyFrom && fiscalYear <= fyTo;
    }

    public boolean gradedBySelfAssessment() {
        return "self_assessment".equals(grading);
    }

    /** Whether the plan has a middle level (概ね達成, △); a plan of two levels has none anywhere. */
    public boolean hasMiddleLevel() {
        return gradeLabels.size() == 3;
    }

    /**
     * How the plan writes a grade stored in its canonical word (達成, 概ね達成, 未達成); other words
     * (未提出, 未設定) and null as they are.
     */
    public String gradeLabel(String canonical) {
        return gradeLabel(gradeLabels, canonical);
    }

    /** {@link #gradeLabel(String)} for a plan known by its grade words only (read back from the database). */
    public static String gradeLabel(List<String> labels, String canonical) {
        if (canonical == null) {
            return null;
        }
        return switch (canonical) {
            case "達成" -> labels.get(0);
            case "概ね達成" -> labels.size() > 2 ? labels.get(1) : canonical;
            case "未達成" -> labels.get(labels.size() - 1);
            default -> canonical;
        };
    }
}
