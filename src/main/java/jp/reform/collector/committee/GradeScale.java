package jp.reform.collector.committee;

import java.math.BigDecimal;
import java.util.List;
import jp.reform.collector.master.Plan;

/**
 * How a plan's grades read in the committee's 資料1: for each level from the best down, the canonical grade
 * the evaluation stores, the word the committee reads, and the rates it covers. The headers of the table
 * (目標達成項目（100％以上）…), the chart's slices and the summary sentence all come from here.
 */
public record GradeScale(List<Level> levels) {

    /** The Atsugi scheme at its usual thresholds: 達成 from 100 %, 概ね達成 from 80 %. */
    public static final GradeScale DEFAULT = rates(new BigDecimal("100"), new BigDecimal("80"), true);

    /**
     * One level. grade: the canonical grade (達成 / 概ね達成 / 未達成) as stored; label: how the plan writes it
     * (the lists' 判定 and their titles); name: what the summary sentence calls it; heading: the table's header
     * before the rates; from / below: the rate range in %, null where open.
     */
    public record Level(String grade, String label, String name, String heading, BigDecimal from,
                        BigDecimal below, int level) {

        /**
         * A level counted by its canonical grade (plans of two or three levels, where level and grade are one).
         */
        public Level(String grade, String label, String name, String heading, BigDecimal from, BigDecimal below) {
            this(grade, label, name, heading, from, below, 0);
        }

        /** Counted by its own level (1 = best) rather than its canonical grade: a plan of four levels. */
        public boolean countedByLevel() {
            return level > 0;
        }

        /** 「目標達成項目（100％以上）」, 「概ね達成（80％以上100％未満）」, 「未達成（80％未満）」. */
        public String header() {
            if (from == null && below == null) {
                return heading;
            }
            return heading + "（" + (from == null ? "" : percent(from) + "以上")
                    + (below == null ? "" : percent(below) + "未満") + "）";
        }
    }

    public GradeScale {
        levels = List.copyOf(levels);
    }

    /**
     * The plan's levels. The one place that knows the vocabulary: a plan with its own labels or a level
     * fewer (issue 11 part 3) changes this method only. A plan graded by self-assessment shows no rates.
     */
    public static GradeScale of(Plan plan) {
        BigDecimal achieved = plan.achievedThreshold() == null ? new BigDecimal("100") : plan.achievedThreshold();
        BigDecimal mostly = plan.mostlyThreshold() == null ? new BigDecimal("80") : plan.mostlyThreshold();
        boolean showRates = !plan.gradedBySelfAssessment();
        if (plan.gradeLabels().equals(Plan.DEFAULT_LABELS)) {
            return rates(achieved, mostly, showRates);
        }
        // the plan's own words (○・△・×, ○・×) head the columns, the lists and the sentence
        List<String> labels = plan.gradeLabels();
        if (plan.hasFourLevels()) {
            return fourLevels(plan, showRates);
        }
        String top = labels.get(0);
        String bottom = labels.get(labels.size() - 1);
        if (!plan.hasMiddleLevel()) {
            return new GradeScale(List.of(
                    new Level("達成", top, top, top, showRates ? achieved : null, null),
                    new Level("未達成", bottom, bottom, bottom, null, showRates ? achieved : null)));
        }
        String middle = labels.get(1);
        return new GradeScale(List.of(
                new Level("達成", top, top, top, showRates ? achieved : null, null),
                new Level("概ね達成", middle, middle, middle, showRates ? mostly : null, showRates ? achieved : null),
                new Level("未達成", bottom, bottom, bottom, null, showRates ? mostly : null)));
    }

    /**
     * The plan's levels gathered by canonical grade, for a table that counts 達成 / 概ね達成 / 未達成 (the
     * console's board): S・A, B, C of S|A|B|C at 120|100|80, rates as the committee's; the levels themselves
     * for a plan of two or three levels.
     */
    public static GradeScale byGrade(Plan plan) {
        if (!plan.hasFourLevels()) {
            return of(plan);
        }
        List<Level> gathered = new java.util.ArrayList<>();
        jp.reform.collector.master.GradeWords.of(plan).wordsByGrade().forEach((grade, words) ->
                gathered.add(new Level(grade, words, words, words, null, null)));
        return new GradeScale(gathered);
    }

    /**
     * S|A|B|C at 120|100|80: one column per level, headed S（120％以上）, A（100％以上120％未満）…; each keeps
     * the canonical grade it counts as. A self-assessment plan (A|B|C|D) shows no rates.
     */
    private static GradeScale fourLevels(Plan plan, boolean showRates) {
        List<String> labels = plan.gradeLabels();
        List<String> grades = plan.levelGrades();
        List<BigDecimal> from = showRates ? plan.gradeThresholds() : List.of();
        List<Level> levels = new java.util.ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            BigDecimal lower = i < from.size() ? from.get(i) : null;
            BigDecimal upper = i > 0 && i - 1 < from.size() ? from.get(i - 1) : null;
            levels.add(new Level(grades.get(i), labels.get(i), labels.get(i), labels.get(i), lower, upper, i + 1));
        }
        return new GradeScale(levels);
    }

    private static GradeScale rates(BigDecimal achieved, BigDecimal mostly, boolean showRates) {
        return new GradeScale(List.of(
                new Level("達成", "達成", "目標達成", "目標達成項目", showRates ? achieved : null, null),
                new Level("概ね達成", "概ね達成", "概ね達成", "概ね達成", showRates ? mostly : null,
                        showRates ? achieved : null),
                new Level("未達成", "未達成", "未達成", "未達成", null, showRates ? mostly : null)));
    }

    /** The levels that count as 達成 or 概ね達成: the committee's 「達成・概ね達成指標」 list. */
    public List<Level> reached() {
        return levels.stream().filter(l -> !"未達成".equals(l.grade())).toList();
    }

    /** The lowest level. */
    public Level notReached() {
        return levels.get(levels.size() - 1);
    }

    /** The levels that count as 未達成 (C and D of A|B|C|D): the 「未達成指標」 list. */
    public List<Level> notReachedLevels() {
        return levels.stream().filter(l -> "未達成".equals(l.grade())).toList();
    }

    /** 「概ね達成率」 where a middle level counts with the top one, 「達成率」 where there is none. */
    public String rateName() {
        // the committee's terms whatever the marks: (top + middle) / set, or top / set without a middle level
        return levels.stream().anyMatch(l -> "概ね達成".equals(l.grade())) ? "概ね達成率" : "達成率";
    }

    /** How the plan writes a stored grade (未提出, 未設定 and unknown grades as they are). */
    public String label(String grade) {
        return label(grade, null);
    }

    /** How the plan writes a grade at a level (1 = best); the grade's first level where they disagree. */
    public String label(String grade, Integer level) {
        if (level != null) {
            for (Level l : levels) {
                if (l.level() == level && l.grade().equals(grade)) {
                    return l.label();
                }
            }
        }
        return levels.stream().filter(l -> l.grade().equals(grade)).map(Level::label).findFirst().orElse(grade);
    }

    /** 100 → 「100％」, 82.5 → 「82.5％」. */
    static String percent(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString() + "％";
    }
}
