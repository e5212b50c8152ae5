package jp.reform.collector.master;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a plan writes its grades, as the reports read it back from the database: its words, best first, and the
 * canonical grade (達成 / 概ね達成 / 未達成) of each.
 *
 * @param labels      plan.csv grade_labels: 達成|概ね達成|未達成, ○|×, S|A|B|C…
 * @param levelGrades the canonical grade of each level ({@link Plan#levelGrades()})
 */
public record GradeWords(List<String> labels, List<String> levelGrades) {

    /** The committee's three words. */
    public static final GradeWords DEFAULT = of(Plan.DEFAULT_LABELS);

    public GradeWords {
        labels = List.copyOf(labels);
        levelGrades = List.copyOf(levelGrades);
    }

    /** A plan of two or three levels, whose words map onto the grades by position. */
    public static GradeWords of(List<String> labels) {
        return new GradeWords(labels, Plan.levelGrades(labels.size(), List.of(), null, null));
    }

    public static GradeWords of(Plan plan) {
        return new GradeWords(plan.gradeLabels(), plan.levelGrades());
    }

    public boolean hasMiddleLevel() {
        return levelGrades.contains("概ね達成");
    }

    /** The word of a grade at a level (null level: the grade's first); 未提出 and the like as they are. */
    public String label(String canonical, Integer level) {
        return Plan.gradeLabel(labels, levelGrades, canonical, level);
    }

    /**
     * The words per canonical grade, for tables that count canonical grades: 「S・A」, 「B」, 「C」 of S|A|B|C at
     * 120|100|80; one word each in a plan of two or three levels.
     */
    public Map<String, String> wordsByGrade() {
        Map<String, List<String>> words = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            words.computeIfAbsent(levelGrades.get(i), g -> new ArrayList<>()).add(labels.get(i));
        }
        Map<String, String> joined = new LinkedHashMap<>();
        words.forEach((grade, list) -> joined.put(grade, String.join("・", list)));
        return joined;
    }
}
