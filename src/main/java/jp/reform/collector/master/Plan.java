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
 *                          ○|△|×, two levels such as ○|× (達成 and 未達成 only), or four levels such as
 *                          S|A|B|C or A|B|C|D
 * @param gradeThresholds   a four-level plan's rate in % from which each level but the last starts, best first
 *                          (S|A|B|C: 120|100|80); empty in a plan of two or three levels, whose thresholds are
 *                          achievedThreshold and mostlyThreshold, and in a four-level self-assessment plan that
 *                          states none (A|B|C|D)
 */
public record Plan(String code, String municipality, String name, int fyFrom, int fyTo, String adminDepartment,
                   String adminEmail, BigDecimal achievedThreshold, BigDecimal mostlyThreshold, String grading,
                   List<String> gradeLabels, List<BigDecimal> gradeThresholds) {

    /** The committee's words, as the Atsugi plans write them. */
    public static final List<String> DEFAULT_LABELS = List.of("達成", "概ね達成", "未達成");

    public Plan {
        gradeLabels = List.copyOf(gradeLabels);
        gradeThresholds = gradeThresholds == null ? List.of() : List.copyOf(gradeThresholds);
        if (gradeLabels.size() < 2 || gradeLabels.size() > 4) {
            throw new IllegalArgumentException("A plan grades in 2 to 4 levels: " + gradeLabels);
        }
        if (!gradeThresholds.isEmpty() && (gradeLabels.size() != 4 || gradeThresholds.size() != 3)) {
            throw new IllegalArgumentException("Thresholds of their own for the 3 upper levels of 4 only: "
                    + gradeLabels + " " + gradeThresholds);
        }
    }

    /** A plan of two or three levels: its thresholds are achieved and mostly. */
    public Plan(String code, String municipality, String name, int fyFrom, int fyTo, String adminDepartment,
                String adminEmail, BigDecimal achievedThreshold, BigDecimal mostlyThreshold, String grading,
                List<String> gradeLabels) {
        this(code, municipality, name, fyFrom, fyTo, adminDepartment, adminEmail, achievedThreshold, mostlyThreshold,
                grading, gradeLabels, List.of());
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
        return levelGrades().contains("概ね達成");
    }

    /** A plan of four levels (S|A|B|C, A|B|C|D): the level, not the canonical grade, says its label. */
    public boolean hasFourLevels() {
        return gradeLabels.size() == 4;
    }

    /**
     * The canonical grade of each level, best first, so that the committee's 達成 / 概ね達成 / 未達成 counts and
     * 概ね達成率 hold whatever the marks. Two and three levels: by position. Four levels with thresholds: a
     * level is 達成 from achievedThreshold, 概ね達成 from mostlyThreshold, 未達成 below (the loader has checked
     * both are among the thresholds, so a rate's level and its canonical grade agree): S,A→達成, B→概ね達成,
     * C→未達成 at 120|100|80. Four levels without thresholds (Minami-Alps 取組達成度): A→達成, B→概ね達成,
     * C,D→未達成.
     */
    public List<String> levelGrades() {
        return levelGrades(gradeLabels.size(), gradeThresholds, achievedThreshold, mostlyThreshold);
    }

    /** {@link #levelGrades()} for a plan read back from the database. */
    public static List<String> levelGrades(int levels, List<BigDecimal> thresholds, BigDecimal achieved,
                                           BigDecimal mostly) {
        if (levels == 2) {
            return List.of("達成", "未達成");
        }
        if (levels == 3) {
            return DEFAULT_LABELS;
        }
        if (thresholds == null || thresholds.isEmpty()) {
            return List.of("達成", "概ね達成", "未達成", "未達成");
        }
        List<String> grades = new java.util.ArrayList<>();
        for (BigDecimal from : thresholds) {
            grades.add(from.compareTo(achieved) >= 0 ? "達成" : from.compareTo(mostly) >= 0 ? "概ね達成" : "未達成");
        }
        grades.add("未達成");
        return List.copyOf(grades);
    }

    /** The 1-based level a rate in % reaches: the first whose threshold it meets, else the last. */
    public int levelOfRate(BigDecimal rate) {
        List<BigDecimal> from = levelThresholds();
        for (int i = 0; i < from.size(); i++) {
            if (rate.compareTo(from.get(i)) >= 0) {
                return i + 1;
            }
        }
        return gradeLabels.size();
    }

    /**
     * Where each level but the last starts, best first: the four-level plan's own thresholds, else achieved
     * (and mostly, with a middle level). Empty for a four-level plan without thresholds.
     */
    public List<BigDecimal> levelThresholds() {
        if (hasFourLevels()) {
            return gradeThresholds;
        }
        return hasMiddleLevel() ? List.of(achievedThreshold, mostlyThreshold) : List.of(achievedThreshold);
    }

    /** The first (best) level of a canonical grade; 0 for 未提出 and unknown words. */
    public int levelOf(String canonical) {
        return canonical == null ? 0 : levelGrades().indexOf(canonical) + 1;
    }

    /**
     * The 1-based level the department's self-assessment names in the plan's own words: the word itself, or
     * a one-letter word leading the cell (「D 未達成、取組困難」, 「A:目標を達成」); 0 when none.
     */
    public int levelOfWritten(String written) {
        if (written == null) {
            return 0;
        }
        String text = comparable(written);
        for (int i = 0; i < gradeLabels.size(); i++) {
            if (comparable(gradeLabels.get(i)).equals(text)) {
                return i + 1;
            }
        }
        for (int i = 0; i < gradeLabels.size(); i++) {
            String label = comparable(gradeLabels.get(i));
            if (label.length() == 1 && text.length() > 1 && text.startsWith(label) && !isAsciiLetter(text.charAt(1))) {
                return i + 1;
            }
        }
        return 0;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static String comparable(String text) {
        return jp.reform.collector.normalise.JapaneseText.forReading(text).toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * How the plan writes a grade at a level: the level's label where the level is known and agrees with the
     * grade (a grade set by other means, such as an override, falls back to its first level).
     */
    public String gradeLabel(String canonical, Integer level) {
        return gradeLabel(gradeLabels, levelGrades(), canonical, level);
    }

    /** {@link #gradeLabel(String, Integer)} for a plan read back from the database. */
    public static String gradeLabel(List<String> labels, List<String> levelGrades, String canonical, Integer level) {
        if (canonical == null) {
            return null;
        }
        if (level != null && level >= 1 && level <= labels.size() && levelGrades.get(level - 1).equals(canonical)) {
            return labels.get(level - 1);
        }
        int first = levelGrades.indexOf(canonical);
        if (first >= 0) {
            return labels.get(first);
        }
        return gradeLabel(labels, canonical);
    }

    /**
     * How the plan writes a grade stored in its canonical word (達成, 概ね達成, 未達成); other words
     * (未提出, 未設定) and null as they are.
     */
    public String gradeLabel(String canonical) {
        return gradeLabel(canonical, null);
    }

    /**
     * {@link #gradeLabel(String)} for a plan of two or three levels known by its grade words only, whose words
     * map onto the grades by position (a four-level plan needs the level: {@link GradeWords}).
     */
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
