package jp.reform.collector.evaluate;

import java.math.BigDecimal;
import java.util.List;

/**
 * The evaluation of one indicator for one fiscal year.
 *
 * @param targetSet       the plan sets a target that year (counts as 設定項目)
 * @param effectiveTarget the number graded against, relative targets resolved; null for milestones
 * @param rate            achievement rate in %, full precision; null where undefined (target 0, actual 0
 *                        when lower is better, milestones, missing values)
 * @param grade           null when no target is set that year
 * @param gradeLevel      the plan's level reached, 1 = best (S of S|A|B|C, D = 4 of A|B|C|D); null when grade is
 *                        null or 未提出
 */
public record Evaluation(String planCode, String indicatorCode, int fiscalYear, boolean targetSet,
                         BigDecimal effectiveTarget, Long resultId, BigDecimal rate, Grade grade, List<Flag> flags,
                         Integer gradeLevel) {

    public Evaluation {
        gradeLevel = gradeLevel == null || gradeLevel < 1 ? null : gradeLevel;
    }

    /** An evaluation whose level is not known here (the grade's first level is shown). */
    public Evaluation(String planCode, String indicatorCode, int fiscalYear, boolean targetSet,
                      BigDecimal effectiveTarget, Long resultId, BigDecimal rate, Grade grade, List<Flag> flags) {
        this(planCode, indicatorCode, fiscalYear, targetSet, effectiveTarget, resultId, rate, grade, flags, null);
    }

    public boolean hasFlag(String code) {
        return flags.stream().anyMatch(f -> f.code().equals(code));
    }
}
